import { getEnv } from "@/lib/env";
import { createTcpRequester } from "@/lib/redis/direct";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import { connectTcpRedis, type TcpRedis } from "@/lib/redis/tcp";
import type { Kv } from "@/lib/redis/types";
import { createUpstashKv } from "@/lib/redis/upstash-kv";

export type { Kv, LockResult, RateLimitResult } from "@/lib/redis/types";
export { createMemoryKv, type MemoryKvOptions } from "@/lib/redis/memory-kv";
export { createUpstashKv, type UpstashKvOptions } from "@/lib/redis/upstash-kv";

/**
 * Kept on globalThis rather than in module scope: Next.js may load this module once per route bundle,
 * and in-process locks only work if every route in the process shares one store. Likewise one TCP
 * connection to Redis per process, whichever bundle asked first.
 */
const slot = globalThis as typeof globalThis & {
  __tablekeepKv?: Kv | null;
  __tablekeepKvNoticeShown?: boolean;
  __tablekeepRedisTcp?: { url: string; redis: TcpRedis };
};

/**
 * The process-wide Kv: Upstash REST when UPSTASH_REDIS_REST_URL/TOKEN are set, else a TCP Redis at
 * REDIS_URL (same client, requests run on a connection in this process), else in-process (single
 * instance only).
 */
export function getKv(): Kv {
  if (slot.__tablekeepKv) return slot.__tablekeepKv;
  const env = getEnv();
  const behaviour = { prefix: env.REDIS_KEY_PREFIX, timeoutMs: env.REDIS_TIMEOUT_MS };
  let kv: Kv;
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    kv = createUpstashKv({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, ...behaviour });
  } else if (env.REDIS_URL) {
    kv = createUpstashKv({ requester: createTcpRequester(tcpRedis(env.REDIS_URL)), ...behaviour });
  } else {
    if (!slot.__tablekeepKvNoticeShown) {
      slot.__tablekeepKvNoticeShown = true;
      console.info("No Redis configured: using in-process locks and cache (single instance only).");
    }
    kv = createMemoryKv();
  }
  slot.__tablekeepKv = kv;
  return kv;
}

/** The process's connection to the Redis at `url`; a different URL (tests) replaces it. */
function tcpRedis(url: string): TcpRedis {
  const current = slot.__tablekeepRedisTcp;
  if (current?.url === url) return current.redis;
  current?.redis.close();
  const redis = connectTcpRedis({ url, log: (m) => console.warn(`[redis] ${m}`) });
  slot.__tablekeepRedisTcp = { url, redis };
  return redis;
}

/** Tests: install a Kv for the process, or `null` to rebuild it from the environment on next use. */
export function setKv(kv: Kv | null): void {
  slot.__tablekeepKv = kv;
}
