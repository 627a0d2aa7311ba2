import { getDb, setDb, type Db } from "@/db/client";

/** Route handlers' database: `getDb()`, whose test seam (`setDb`) this forwards to. */
export function setApiDb(db: Db | null): void {
  setDb(db);
}

export function getApiDb(): Db {
  return getDb();
}
