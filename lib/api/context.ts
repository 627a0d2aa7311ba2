import { getDb, type Db } from "@/db/client";

/**
 * Where route handlers get their database. The app uses the process pool (`getDb()`); integration
 * tests call `setApiDb(t.db)` once in `beforeAll` so the real handlers run against the test's own
 * database without touching DATABASE_URL, and `setApiDb(null)` in `afterAll`.
 */
let override: Db | null = null;

export function setApiDb(db: Db | null): void {
  override = db;
}

export function getApiDb(): Db {
  return override ?? getDb();
}
