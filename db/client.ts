import type { SQL } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { getEnv } from "@/lib/env";
import { CircuitBreaker, guardSql, type PoolStats } from "./resilience";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; services accept either (`Db | Tx`) so callers can compose them. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  /** The pool, behind the breaker and the result guard (db/resilience.ts). */
  sql: postgres.Sql;
  /** A single connection of its own with short timeouts, for readiness checks. */
  healthSql: () => postgres.Sql;
  /** Transactions waiting for and holding connections, for readiness ("busy"). */
  stats: () => PoolStats;
  /** True while the breaker is open (the database is known to be unreachable). */
  isUnreachable: () => boolean;
  close: () => Promise<void>;
}

export interface DbOptions {
  max?: number;
  /** Milliseconds to open a connection (TCP, TLS and login). */
  connectTimeoutMs?: number;
  /** Milliseconds a transaction may wait for a free connection. */
  acquireTimeoutMs?: number;
  /** Per-connection statement_timeout; 0 for none (migrations). */
  statementTimeoutMs?: number;
  /** Per-connection lock_timeout; 0 for none. */
  lockTimeoutMs?: number;
  /** false: statements asking to be prepared (executePrepared) run unnamed (a transaction-mode pooler). */
  prepare?: boolean;
  log?: (line: string) => void;
}

export const DB_DEFAULTS = {
  connectTimeoutMs: 2000,
  acquireTimeoutMs: 3000,
  statementTimeoutMs: 5000,
  lockTimeoutMs: 2000,
} as const;

/** Reconnect delay in seconds: quick and capped at one second, so service returns soon after an outage. */
export function reconnectBackoff(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

/** Opens a pool on a connection string. Tests and scripts use this; the app uses `getDb()`. */
export function openDb(url: string, options: DbOptions = {}): DbHandle {
  const o = { ...DB_DEFAULTS, ...options };
  const max = options.max ?? 10;
  const connection: Record<string, string> = {
    // A statement that runs away or waits on a lock fails instead of holding its request forever.
    statement_timeout: String(o.statementTimeoutMs),
    lock_timeout: String(o.lockTimeoutMs),
    idle_in_transaction_session_timeout: String(Math.max(15_000, o.statementTimeoutMs * 3)),
  };
  const real = postgres(url, {
    max,
    idle_timeout: 30,
    connect_timeout: o.connectTimeoutMs / 1000,
    backoff: reconnectBackoff,
    connection,
    // Off, no statement is named, tagged templates included (postgres.js names those by default).
    prepare: options.prepare ?? true,
    onnotice: () => {},
    // Instants are Date objects; dates and times stay strings.
    types: {},
  });
  let healthSql: postgres.Sql | undefined;
  const side = (connectTimeoutMs: number) =>
    postgres(url, {
      max: 1,
      idle_timeout: 10,
      connect_timeout: connectTimeoutMs / 1000,
      backoff: reconnectBackoff,
      connection: { statement_timeout: 1000 },
      onnotice: () => {},
    });
  const breaker = new CircuitBreaker({
    threshold: 2,
    probeIntervalMs: 500,
    log: o.log ?? ((line) => console.warn(line)),
    probe: async () => {
      // The same connect timeout as the pool: a probe must not fail where the pool would succeed.
      const probe = side(o.connectTimeoutMs);
      try {
        await probe`select 1`;
      } finally {
        await probe.end({ timeout: 0 });
      }
    },
  });
  const guarded = guardSql(real, {
    breaker,
    max,
    acquireTimeoutMs: o.acquireTimeoutMs,
    statementTimeoutMs: o.statementTimeoutMs,
    prepare: options.prepare ?? true,
  });
  const db = drizzle(guarded.sql, { schema });
  return {
    db,
    sql: guarded.sql,
    healthSql: () => (healthSql ??= side(1000)),
    stats: guarded.stats,
    isUnreachable: () => breaker.isOpen,
    close: async () => {
      breaker.stop();
      await Promise.all([real.end({ timeout: 5 }), healthSql?.end({ timeout: 1 })]);
    },
  };
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
    globalForDb.tablekeepDb = openDb(env.DATABASE_URL, {
      max: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
      prepare: env.DATABASE_PREPARE,
    });
  }
  return globalForDb.tablekeepDb;
}

/**
 * Runs `query` as a named prepared statement of its connection: Postgres parses and plans it once per
 * connection instead of on every call, which for the hot path's larger statements (a hold's, the
 * availability load) costs more than running them. Only for statements whose text is the same on
 * every call (values as parameters), so each connection keeps a handful. In a transaction, on the
 * transaction's connection. Unnamed, like `db.execute`, when the pool was opened with prepare off.
 */
export async function executePrepared<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const internals = db as unknown as { dialect?: { sqlToQuery?: (q: SQL) => { sql: string; params: unknown[] } }; session?: { client?: postgres.Sql } };
  const client = internals.session?.client;
  const compiled = internals.dialect?.sqlToQuery?.(query);
  // Another driver (none in use today): the ordinary path.
  if (!client || !compiled) return (await db.execute(query)) as unknown as T[];
  return (await client.unsafe(compiled.sql, compiled.params as never[], { prepare: true })) as unknown as T[];
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
