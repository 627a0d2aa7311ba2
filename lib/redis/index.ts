import { getEnv } from "@/lib/env";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import type { Kv } from "@/lib/redis/types";
import { createUpstashKv } from "@/lib/redis/upstash-kv";

export type { Kv, LockResult, RateLimitResult } from "@/lib/redis/types";
export { createMemoryKv, type MemoryKvOptions } from "@/lib/redis/memory-kv";
export { createUpstashKv, type UpstashKvOptions } from "@/lib/redis/upstash-kv";

/**
 * Kept on globalThis rather than in module scope: Next.js may load this module once per route bundle,
 * and in-process locks only work if every route in the process shares one store.
 */
const slot = globalThis as typeof globalThis & { __tablekeepKv?: Kv | null; __tablekeepKvNoticeShown?: boolean };

/** The process-wide Kv: Upstash REST when configured, otherwise in-process (single instance only). */
export function getKv(): Kv {
  if (slot.__tablekeepKv) return slot.__tablekeepKv;
  const env = getEnv();
  let kv: Kv;
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    kv = createUpstashKv({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      prefix: env.REDIS_KEY_PREFIX,
      timeoutMs: env.REDIS_TIMEOUT_MS,
    });
  } else {
    if (!slot.__tablekeepKvNoticeShown) {
      slot.__tablekeepKvNoticeShown = true;
      const hint = env.REDIS_URL
        ? " REDIS_URL is set but UPSTASH_REDIS_REST_URL/UPSTASH_REDIS_REST_TOKEN are not: run the bridge (npm run redis:bridge) and point them at it."
        : "";
      console.info(`No Redis configured: using in-process locks and cache (single instance only).${hint}`);
    }
    kv = createMemoryKv();
  }
  slot.__tablekeepKv = kv;
  return kv;
}

/** Tests: install a Kv for the process, or `null` to rebuild it from the environment on next use. */
export function setKv(kv: Kv | null): void {
  slot.__tablekeepKv = kv;
}
