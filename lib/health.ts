import type postgres from "postgres";
import { getDbHandle } from "@/db/client";
import type { PoolStats } from "@/db/resilience";
import { errorCodes } from "@/lib/errors";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";

export type RedisHealth = "ok" | "down" | "off";

/** `busy`: the database answers but the pool is saturated; still ready (a load balancer keeps us). */
export type DbHealth = "ok" | "busy" | "down";

export type HealthReport =
  | { status: "ok"; db: "ok" | "busy"; redis: RedisHealth }
  | { status: "unavailable"; db: "down"; redis: RedisHealth };

export interface HealthDeps {
  /**
   * A connection to ping; defaults to the app's dedicated health connection, so a saturated pool
   * cannot make the check wait. A getter, so a missing DATABASE_URL reads as "down".
   */
  sql?: () => postgres.Sql;
  /** The pool's load; defaults to the app's. */
  pool?: () => PoolStats;
  kv?: () => Kv;
  /** How long each check may take before it counts as down. */
  timeoutMs?: number;
}

const TIMEOUT = Symbol("timeout");

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function pingDatabase(sql: () => postgres.Sql, timeoutMs: number): Promise<"ok" | "busy" | "down"> {
  try {
    const result = await within(sql()`select 1 as ok`, timeoutMs);
    return result === TIMEOUT ? "down" : "ok";
  } catch (e) {
    // The server is up but has no connection slot left: loaded, not dead.
    return errorCodes(e).includes("53300") ? "busy" : "down";
  }
}

/** Every connection is held by a transaction, or transactions are queueing for one. */
export function isSaturated(stats: PoolStats): boolean {
  return stats.waiting > 0 || stats.active >= stats.max;
}

export async function pingRedis(kv: () => Kv, timeoutMs: number): Promise<RedisHealth> {
  try {
    const result = await within(kv().health(), timeoutMs);
    return result === TIMEOUT ? "down" : result;
  } catch {
    return "down";
  }
}

/** What GET /api/health reports: the app is up only if Postgres answers; Redis only accelerates. */
export async function checkHealth(deps: HealthDeps = {}): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 1000;
  const [ping, redis] = await Promise.all([
    pingDatabase(deps.sql ?? (() => getDbHandle().healthSql()), timeoutMs),
    pingRedis(deps.kv ?? getKv, timeoutMs),
  ]);
  if (ping === "down") return { status: "unavailable", db: "down", redis };
  // Given only a connection to ping, there is no pool to look at: the ping decides.
  const pool = deps.pool ?? (deps.sql ? undefined : () => getDbHandle().stats());
  const db = ping === "ok" && pool && isSaturated(pool()) ? "busy" : ping;
  return { status: "ok", db, redis };
}
