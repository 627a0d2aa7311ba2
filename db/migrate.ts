import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { openDb } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Applies the committed migrations (drizzle-kit's SQL files) to the database at `url`. */
export async function migrateDatabase(url: string): Promise<void> {
  const handle = openDb(url, { max: 1, statementTimeoutMs: 0, lockTimeoutMs: 0 });
  try {
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.close();
  }
}
