import { migrateDatabase } from "@/db/migrate";
import { getEnv } from "@/lib/env";
import { waitForDatabase } from "./wait-for-db";

const url = getEnv().DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (`npm run dev` migrates the embedded database by itself.)");
  process.exit(1);
}
try {
  await waitForDatabase(url, { log: (l) => console.log(l) });
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
await migrateDatabase(url);
console.log("Migrations applied.");
