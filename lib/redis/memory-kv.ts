import { randomBytes } from "node:crypto";
import type { Kv, LockResult, RateLimitResult, RateLimitSpec, SeatCounter, SeatTake } from "@/lib/redis/types";

export interface MemoryKvOptions {
  /** Milliseconds since the epoch; tests pass a controllable clock to expire entries without sleeping. */
  now?: () => number;
  /** Cache entries kept at most; the oldest go first once expired ones are swept. */
  maxCacheEntries?: number;
}

const SWEEP_AT = 10_000;

/**
 * The in-process stand-in for Redis when none is configured: correct for a single app instance only,
 * since locks, cache and limits live in this process's memory.
 */
export function createMemoryKv(options: MemoryKvOptions = {}): Kv {
  const now = options.now ?? Date.now;
  const maxCacheEntries = options.maxCacheEntries ?? 5_000;

  const locks = new Map<string, { token: string; expiresAt: number }>();
  const cache = new Map<string, { json: string; expiresAt: number }>();
  const counters = new Map<string, number>();
  const seats = new Map<string, SeatCounter & { expiresAt: number }>();
  const liveSeats = (key: string) => {
    const c = seats.get(key);
    if (c && c.expiresAt <= now()) {
      seats.delete(key);
      return undefined;
    }
    return c;
  };
  const takeSeats = (key: string, n: number): SeatTake => {
    const c = liveSeats(key);
    if (!c) return { kind: "missing" };
    if (c.left < n) return { kind: "short", left: c.left };
    c.left -= n;
    c.version++;
    return { kind: "taken", left: c.left };
  };
  /** Per limit/window/identifier: the times of the requests let through inside the window. */
  const hits = new Map<string, { windowMs: number; times: number[] }>();

  function sweepLocks(): void {
    const t = now();
    for (const [k, v] of locks) if (v.expiresAt <= t) locks.delete(k);
  }

  function sweepCache(): void {
    const t = now();
    for (const [k, v] of cache) if (v.expiresAt <= t) cache.delete(k);
    // Still full of live entries: drop the oldest written (a Map iterates in insertion order).
    for (const k of cache.keys()) {
      if (cache.size < maxCacheEntries) break;
      cache.delete(k);
    }
  }

  function sweepHits(): void {
    const t = now();
    for (const [k, { windowMs, times }] of hits) {
      const newest = times[times.length - 1];
      if (newest === undefined || newest <= t - windowMs) hits.delete(k);
    }
  }

  function readJson<T>(key: string): T | null {
    const entry = cache.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now()) {
      cache.delete(key);
      return null;
    }
    // Parsed afresh each time, so callers cannot mutate the cached copy (and values match Redis's).
    return JSON.parse(entry.json) as T;
  }

  function bump(key: string): number {
    const next = (counters.get(key) ?? 0) + 1;
    counters.set(key, next);
    return next;
  }

  function takeLock(key: string, ttlMs: number): LockResult {
    const t = now();
    const held = locks.get(key);
    if (held && held.expiresAt > t) {
      return { acquired: false, degraded: false, release: async (counter) => void (counter && bump(counter)) };
    }
    if (locks.size >= SWEEP_AT) sweepLocks();
    const token = randomBytes(16).toString("hex");
    locks.set(key, { token, expiresAt: t + ttlMs });
    let released = false;
    return {
      acquired: true,
      degraded: false,
      release: async (counter) => {
        if (released) return;
        released = true;
        // Only our own token: after expiry someone else may hold the key.
        if (locks.get(key)?.token === token) locks.delete(key);
        if (counter) bump(counter);
      },
    };
  }

  /** Where `spec`'s window stands now; `count()` records this request in it. */
  function window(spec: RateLimitSpec): { allowed: boolean; retryAfter: number; count: () => void } {
    const { identifier, limit, windowSeconds } = spec;
    const windowMs = windowSeconds * 1000;
    const t = now();
    const id = `${limit}/${windowSeconds}/${identifier}`;
    let entry = hits.get(id);
    if (!entry) {
      if (hits.size >= SWEEP_AT) sweepHits();
      entry = { windowMs, times: [] };
      hits.set(id, entry);
    }
    const { times } = entry;
    while (times.length > 0 && times[0]! <= t - windowMs) times.shift();
    if (times.length < limit) return { allowed: true, retryAfter: 0, count: () => void times.push(t) };
    // The oldest request in the window leaves it first; that is when the next one fits.
    const freeAt = times[times.length - limit]! + windowMs;
    return { allowed: false, retryAfter: Math.max(1, Math.ceil((freeAt - t) / 1000)), count: () => {} };
  }

  /** Every limit allows the request: count it in each and return `then()`; else the first refusal, nothing counted. */
  function limited<T>(limits: RateLimitSpec[], then: () => T): { rate: RateLimitResult; value: T | null } {
    const verdicts = limits.map(window);
    const refused = verdicts.find((v) => !v.allowed);
    if (refused) return { rate: { allowed: false, retryAfter: refused.retryAfter }, value: null };
    for (const v of verdicts) v.count();
    return { rate: { allowed: true, retryAfter: 0 }, value: then() };
  }

  return {
    kind: "memory",

    async lock(key, ttlMs): Promise<LockResult> {
      return takeLock(key, ttlMs);
    },

    async limitAndLock(limits, lockKey, ttlMs) {
      const { rate, value } = limited(limits, () => takeLock(lockKey, ttlMs));
      return { rate, lock: value };
    },

    async getJson<T>(key: string): Promise<T | null> {
      return readJson<T>(key);
    },

    async setJson(key, value, ttlMs) {
      const json = JSON.stringify(value);
      if (json === undefined) return;
      cache.delete(key);
      if (cache.size >= maxCacheEntries) sweepCache();
      cache.set(key, { json, expiresAt: now() + ttlMs });
    },

    async getVersion(key) {
      return counters.get(key) ?? 0;
    },

    async getVersionedJson<T>(versionKey: string, keyBefore: string, keyAfter: string) {
      const version = counters.get(versionKey) ?? 0;
      return { version, value: readJson<T>(`${keyBefore}${version}${keyAfter}`) };
    },

    async bumpVersion(key) {
      return bump(key);
    },

    async rateLimit(identifier, limit, windowSeconds): Promise<RateLimitResult> {
      const v = window({ identifier, limit, windowSeconds });
      if (!v.allowed) return { allowed: false, retryAfter: v.retryAfter };
      v.count();
      return { allowed: true, retryAfter: 0 };
    },

    async takeSeats(key, n) {
      return takeSeats(key, n);
    },

    async limitAndTakeSeats(limits, key, n) {
      const { rate, value } = limited(limits, () => takeSeats(key, n));
      return { rate, take: value };
    },

    async giveSeats(key, n) {
      const c = liveSeats(key);
      if (!c) return;
      c.left += n;
      c.version++;
    },

    async readSeats(key) {
      const c = liveSeats(key);
      return c ? { left: c.left, version: c.version } : "missing";
    },

    async rebuildSeats(key, expectedVersion, left, ttlMs) {
      const c = liveSeats(key);
      if (expectedVersion === null ? c !== undefined : c?.version !== expectedVersion) return false;
      // From nothing, a version no earlier counter had, so a stale compare-and-set cannot match it.
      seats.set(key, { left, version: c ? c.version + 1 : now() * 1000, expiresAt: now() + ttlMs });
      return true;
    },

    async health() {
      return "off";
    },
  };
}
