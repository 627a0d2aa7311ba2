import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { getEnv } from "@/lib/env";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; services accept either (`Db | Tx`) so callers can compose them. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

/** Opens a pool on a connection string. Tests and scripts use this; the app uses `getDb()`. */
export function openDb(url: string, options: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 5,
    onnotice: () => {},
    // Instants are Date objects; dates and times stay strings.
    types: {},
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

const globalForDb = globalThis as unknown as { tablekeepDb?: DbHandle };

/** The app's pool, created on first use from DATABASE_URL (one per process, kept across hot reloads). */
export function getDbHandle(): DbHandle {
  if (!globalForDb.tablekeepDb) {
    const env = getEnv();
    if (!env.DATABASE_URL) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start` (they start embedded Postgres), or set DATABASE_URL.",
      );
    }
    globalForDb.tablekeepDb = openDb(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX });
  }
  return globalForDb.tablekeepDb;
}

let override: Db | null = null;

/**
 * The one way pages, server actions, route handlers and jobs get the database: the process pool,
 * unless a test has pointed everything at its own database with `setDb(t.db)` (and `setDb(null)` after).
 */
export function getDb(): Db {
  return override ?? getDbHandle().db;
}

export function setDb(db: Db | null): void {
  override = db;
}

export { schema };
