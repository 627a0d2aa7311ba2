import { getDb, setDb, type Db } from "@/db/client";

/**
 * Deprecated aliases of `getDb()` / `setDb()` (db/client.ts), kept only so work written against
 * them still compiles; nothing in the repository uses them. Use getDb/setDb.
 */
export function setApiDb(db: Db | null): void {
  setDb(db);
}

export function getApiDb(): Db {
  return getDb();
}
