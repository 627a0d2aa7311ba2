/**
 * The database for pages, server actions and route handlers: the one accessor `getDb()` (the
 * process pool, or the test's database after `setDb(t.db)`). app/ reaches it here, never db/ directly.
 */
export { getDb, setDb, type Db } from "@/db/client";
