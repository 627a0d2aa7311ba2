/**
 * What the app needs from Redis. Two implementations: Upstash REST (Upstash itself, or the bundled
 * bridge in front of a TCP Redis) and an in-process one for a single instance without Redis.
 * Every method is best-effort: on timeout or error it resolves to the "no Redis" answer
 * (lock: `{ acquired: true, degraded: true }` so Postgres alone decides; cache: miss; version: null;
 * rate limit: allowed) and never throws, because Redis accelerates and Postgres decides.
 */
export interface LockResult {
  /** True when the caller may proceed: it holds the lock, or Redis could not be asked. */
  acquired: boolean;
  /** True when Redis did not answer in time and no lock is held. */
  degraded: boolean;
  /**
   * Releases the lock if held (compare-and-delete by token). Safe to call twice. With `bump`, also
   * increments that counter in the same round trip (an availability version after a booking), whether
   * or not the lock was still ours or Redis could lock at all; only the first call bumps.
   */
  release(bump?: string): Promise<void>;
}

/** `limit` requests per `windowSeconds` for `identifier` (a sliding window). */
export interface RateLimitSpec {
  identifier: string;
  limit: number;
  windowSeconds: number;
}

export interface LimitAndLockResult {
  /** The first limit that refused, or allowed. */
  rate: RateLimitResult;
  /** The lock when every limit allowed the request; null when one refused (nothing was locked). */
  lock: LockResult | null;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window allows another request, when refused. */
  retryAfter: number;
}

export interface Kv {
  /** "upstash" | "memory" — which backend is in use. */
  readonly kind: "upstash" | "memory";
  /** SET key token NX PX ttlMs; `acquired: false` when someone else holds it. */
  lock(key: string, ttlMs: number): Promise<LockResult>;
  getJson<T>(key: string): Promise<T | null>;
  setJson(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** The current value of a counter (0 when absent), or null when Redis could not be asked. */
  getVersion(key: string): Promise<number | null>;
  /** Increments a counter; returns the new value, or null when Redis could not be asked. */
  bumpVersion(key: string): Promise<number | null>;
  /** Sliding-window limit: `limit` requests per `windowSeconds` for `identifier`. */
  rateLimit(identifier: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /**
   * A booking's Redis work before its transaction, in one round trip: counts the request against
   * every limit (the same windows `rateLimit` keeps) and, when all allow it, takes the lock.
   * Refused by a limit: nothing is counted or locked. Redis not answering: allowed, degraded lock.
   */
  limitAndLock(limits: RateLimitSpec[], lockKey: string, ttlMs: number): Promise<LimitAndLockResult>;
  /** Round-trip check for /api/health: "ok", "down", or "off" (no Redis configured). */
  health(): Promise<"ok" | "down" | "off">;
}
