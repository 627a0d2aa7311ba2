import type postgres from "postgres";
import { getDbHandle } from "@/db/client";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";

export type RedisHealth = "ok" | "down" | "off";

export type HealthReport =
  | { status: "ok"; db: "ok"; redis: RedisHealth }
  | { status: "unavailable"; db: "down"; redis: RedisHealth };

export interface HealthDeps {
  /** The pool to ping; defaults to the app's. A getter, so a missing DATABASE_URL reads as "down". */
  sql?: () => postgres.Sql;
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

export async function pingDatabase(sql: () => postgres.Sql, timeoutMs: number): Promise<"ok" | "down"> {
  try {
    const result = await within(sql()`select 1 as ok`, timeoutMs);
    return result === TIMEOUT ? "down" : "ok";
  } catch {
    return "down";
  }
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
  const timeoutMs = deps.timeoutMs ?? 2000;
  const [db, redis] = await Promise.all([
    pingDatabase(deps.sql ?? (() => getDbHandle().sql), timeoutMs),
    pingRedis(deps.kv ?? getKv, timeoutMs),
  ]);
  return db === "ok" ? { status: "ok", db, redis } : { status: "unavailable", db, redis };
}
