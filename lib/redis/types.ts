/**
 * What the app needs from Redis. Two implementations: the @upstash/redis client (over Upstash REST, or
 * on a TCP Redis from the app's own process) and an in-process one for a single instance without Redis.
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

/**
 * A seats-left counter's answer to "take n seats": taken (the counter moved; give them back if the
 * booking then fails), short (fewer left: sold out for this request), missing (no counter: ask
 * Postgres and rebuild it), or unavailable (Redis could not be asked: ask Postgres).
 */
export type SeatTake =
  | { kind: "taken"; left: number }
  | { kind: "short"; left: number }
  | { kind: "missing" }
  | { kind: "unavailable" };

export interface SeatCounter {
  left: number;
  /** Moves on every change, so a rebuild can refuse to overwrite one it did not see. */
  version: number;
}

export interface Kv {
  /** "upstash" | "memory" — which backend is in use. */
  readonly kind: "upstash" | "memory";
  /** SET key token NX PX ttlMs; `acquired: false` when someone else holds it. */
  lock(key: string, ttlMs: number): Promise<LockResult>;
  getJson<T>(key: string): Promise<T | null>;
  setJson(key: string, value: unknown, ttlMs: number): Promise<void>;
  /**
   * A counter (0 when absent) and the JSON stored under the key `keyBefore + counter + keyAfter`, in
   * one round trip: a cache keyed by a version. `{ version: null, value: null }` when Redis could not
   * be asked; `value` null on a miss or a value that is not JSON.
   */
  getVersionedJson<T>(versionKey: string, keyBefore: string, keyAfter: string): Promise<{ version: number | null; value: T | null }>;
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
  /** Atomically takes `n` seats from a section's counter if it has that many (one script). */
  takeSeats(key: string, n: number): Promise<SeatTake>;
  /**
   * A seat hold's Redis work, in one round trip: counts the request against every limit (the windows
   * `rateLimit` keeps) and, when all allow it, takes `n` seats as `takeSeats` does. Refused by a
   * limit: nothing is counted or taken (`take` null). Redis not answering: allowed, "unavailable".
   */
  limitAndTakeSeats(limits: RateLimitSpec[], key: string, n: number): Promise<{ rate: RateLimitResult; take: SeatTake | null }>;
  /** Gives `n` seats back to a counter that exists (a failed booking, a cancel, an expiry); never creates one. */
  giveSeats(key: string, n: number): Promise<void>;
  /** The counter as it is, "missing" if there is none, null when Redis could not be asked. */
  readSeats(key: string): Promise<SeatCounter | "missing" | null>;
  /**
   * Compare-and-set: writes `left` only if the counter's version is still `expectedVersion` (or, with
   * null, if there is still no counter). False when someone changed it meanwhile or Redis is away.
   */
  rebuildSeats(key: string, expectedVersion: number | null, left: number, ttlMs: number): Promise<boolean>;
  /** Round-trip check for /api/health: "ok", "down", or "off" (no Redis configured). */
  health(): Promise<"ok" | "down" | "off">;
}
