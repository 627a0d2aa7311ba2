import { openDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { getEnv } from "@/lib/env";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./launch";

/**
 * `npm run db:seed`: adds the demo restaurants, owner and diner to DATABASE_URL (or to the embedded
 * database in .data/pg when DATABASE_URL is not set). Safe to run again: what exists is left alone.
 */
let embedded: EmbeddedPostgres | undefined;
let url = getEnv().DATABASE_URL;
let exitCode = 0;
try {
  if (!url) {
    embedded = await startEmbeddedPostgres({ reuseRunning: true });
    url = embedded.url;
    await migrateDatabase(url);
  }
  const handle = openDb(url, { max: 2 });
  try {
    const logins = await seedDemo(handle.db);
    console.log("Demo data is in place.");
    console.log(`  Owner  ${logins.ownerEmail}  password: ${logins.ownerPassword}`);
    console.log(`  Diner  ${logins.dinerEmail}  password: ${logins.dinerPassword}`);
  } finally {
    await handle.close();
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  exitCode = 1;
} finally {
  await embedded?.stop();
}
process.exit(exitCode);
