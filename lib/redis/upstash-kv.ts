import { createHash, randomBytes } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis, type Requester } from "@upstash/redis";
import { RequesterRedis } from "@/lib/redis/direct";
import type { Kv, LimitAndLockResult, LockResult, RateLimitResult, RateLimitSpec, SeatTake } from "@/lib/redis/types";
import { timed } from "@/lib/server-timing";

/**
 * Where the @upstash/redis client sends its requests: an Upstash REST endpoint (`url` and `token`), or a
 * Requester that runs them itself (lib/redis/direct.ts: a TCP Redis in this process).
 */
export type UpstashKvOptions = ({ url: string; token: string } | { requester: Requester }) & UpstashKvBehaviour;

export interface UpstashKvBehaviour {
  /** Prepended to every key, so several deployments or test runs can share one Redis. */
  prefix?: string;
  /** How long any one call may take before the caller carries on without Redis. */
  timeoutMs?: number;
  /**
   * After this many failures in a row, calls skip Redis for `cooldownMs` and answer "no Redis" at
   * once, so a dead Redis costs requests nothing instead of a timeout each. health() always asks.
   */
  failureThreshold?: number;
  cooldownMs?: number;
  /** Where failures are reported (at most one line per 30 s). */
  warn?: (message: string) => void;
}

/** Deletes the lock only if it still holds our token, so a lock that expired and was retaken is left alone. */
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** The release, then (whoever held the lock) the counter bump that announces the booking. */
const RELEASE_BUMP_SCRIPT = `local released = 0
if redis.call("get", KEYS[1]) == ARGV[1] then released = redis.call("del", KEYS[1]) end
redis.call("incr", KEYS[2])
return released`;

/**
 * Every limit's sliding window (the algorithm and keys of @upstash/ratelimit's slidingWindow, so
 * `rateLimit` and this count the same requests), then the lock. KEYS: the lock, then each limit's
 * current and previous window. ARGV: token, ttl ms, now ms, then each limit's tokens and window ms.
 * Returns {1, 0, locked} when allowed, {0, i, 0} when limit i refused (nothing counted).
 */
const LIMITS_FIRST = `local n = (#KEYS - 1) / 2
local now = tonumber(ARGV[3])
for i = 1, n do
  local tokens = tonumber(ARGV[2 + 2 * i])
  local window = tonumber(ARGV[3 + 2 * i])
  local current = tonumber(redis.call("GET", KEYS[2 * i]) or "0")
  local previous = tonumber(redis.call("GET", KEYS[2 * i + 1]) or "0")
  previous = math.floor((1 - (now % window) / window) * previous)
  if previous + current >= tokens then return {0, i, 0} end
end
for i = 1, n do
  if redis.call("INCRBY", KEYS[2 * i], 1) == 1 then
    redis.call("PEXPIRE", KEYS[2 * i], tonumber(ARGV[3 + 2 * i]) * 2 + 1000)
  end
end
`;
const LIMIT_AND_LOCK_SCRIPT = `${LIMITS_FIRST}if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return {1, 0, 1} end
return {1, 0, 0}`;
/**
 * The same limits, then TAKE_SEATS on KEYS[1] for ARGV[1] seats (ARGV[2] unused). Returns {0, i, 0}
 * when limit i refused (nothing counted or taken), else {1, status, left} as TAKE_SEATS answers.
 */
const LIMIT_AND_TAKE_SEATS_SCRIPT = `${LIMITS_FIRST}local left = redis.call("hget", KEYS[1], "left")
if not left then return {1, -1, 0} end
left = tonumber(left)
local want = tonumber(ARGV[1])
if left < want then return {1, 0, left} end
redis.call("hincrby", KEYS[1], "v", 1)
return {1, 1, redis.call("hincrby", KEYS[1], "left", -want)}`;

/** A version counter and the value cached under it (KEYS[1]; the key is ARGV[1] .. version .. ARGV[2]). */
const VERSIONED_GET_SCRIPT = `local v = redis.call("GET", KEYS[1]) or "0"
return {v, redis.call("GET", ARGV[1] .. v .. ARGV[2])}`;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const RELEASE_SHA = sha1(RELEASE_SCRIPT);

/**
 * Seats-left counters: a hash {left, v}. Take decrements only if enough are left; every change moves
 * v, and a rebuild writes only over the version it read (or over nothing), so it never overwrites a
 * take or a give it did not see. A counter is rebuilt from nothing with a fresh, time-based version.
 */
const TAKE_SEATS = `local left = redis.call("hget", KEYS[1], "left")
if not left then return {-1, 0} end
left = tonumber(left)
local n = tonumber(ARGV[1])
if left < n then return {0, left} end
redis.call("hincrby", KEYS[1], "v", 1)
return {1, redis.call("hincrby", KEYS[1], "left", -n)}`;
const GIVE_SEATS = `if redis.call("exists", KEYS[1]) == 1 then
  redis.call("hincrby", KEYS[1], "v", 1)
  redis.call("hincrby", KEYS[1], "left", tonumber(ARGV[1]))
end
return 1`;
const REBUILD_SEATS = `local v = redis.call("hget", KEYS[1], "v")
if ARGV[1] == "" then
  if v then return 0 end
  v = tonumber(ARGV[4])
else
  if v ~= ARGV[1] then return 0 end
  v = tonumber(v) + 1
end
redis.call("hset", KEYS[1], "left", ARGV[2], "v", v)
redis.call("pexpire", KEYS[1], ARGV[3])
return 1`;
const SEAT_SCRIPTS = { take: [TAKE_SEATS, sha1(TAKE_SEATS)], give: [GIVE_SEATS, sha1(GIVE_SEATS)], rebuild: [REBUILD_SEATS, sha1(REBUILD_SEATS)] } as const;

const WARN_EVERY_MS = 30_000;

/** `sent: false` when the call was skipped (Redis known to be down), so it cannot have had any effect. */
type Outcome<T> = { ok: true; value: T } | { ok: false; sent: boolean };


export function createUpstashKv(options: UpstashKvOptions): Kv {
  const prefix = options.prefix ?? "";
  const timeoutMs = options.timeoutMs ?? 250;
  const failureThreshold = options.failureThreshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 1_000;
  const warnSink = options.warn ?? ((m: string) => console.warn(m));

  const redis =
    "requester" in options
      ? new RequesterRedis(options.requester)
      : new Redis({
          url: options.url,
          token: options.token,
          // One quick retry for a dropped keep-alive connection; the default (5, exponential) takes seconds.
          retry: { retries: 1, backoff: () => 20 },
          enableTelemetry: false,
          // Values are parsed here, where a malformed one can be treated as a miss.
          automaticDeserialization: false,
          // A fresh signal per HTTP request: a call that gives up also frees its socket. Not
          // AbortSignal.timeout, which makes every signal transferable to workers, a measurable share of
          // a hold's CPU for nothing used here.
          signal: () => timeoutSignal(timeoutMs),
        });

  let lastWarnAt = 0;
  let consecutiveFailures = 0;
  let skipUntil = 0;

  function warn(op: string, reason: string): void {
    const now = Date.now();
    if (now - lastWarnAt < WARN_EVERY_MS) return;
    lastWarnAt = now;
    warnSink(`[redis] ${op} failed (${reason}); carrying on without Redis. Further failures are not logged for 30 s.`);
  }

  /** Runs one Redis call within timeoutMs; never throws. */
  async function attempt<T>(op: string, fn: () => Promise<T>, opts: { ignoreBreaker?: boolean } = {}): Promise<Outcome<T>> {
    if (!opts.ignoreBreaker && Date.now() < skipUntil) return { ok: false, sent: false };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const value = await timed("redis", () => Promise.race([fn(), timeout]));
      if (value === "timeout") {
        fail(op, `no answer within ${timeoutMs} ms`);
        return { ok: false, sent: true };
      }
      consecutiveFailures = 0;
      return { ok: true, value: value as T };
    } catch (e) {
      const aborted = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      fail(op, aborted ? `no answer within ${timeoutMs} ms` : describe(e));
      return { ok: false, sent: true };
    } finally {
      clearTimeout(timer);
    }
  }

  function fail(op: string, reason: string): void {
    consecutiveFailures++;
    if (consecutiveFailures >= failureThreshold) skipUntil = Date.now() + cooldownMs;
    warn(op, reason);
  }

  /** EVALSHA, falling back to EVAL on a Redis that has not seen the script yet (which caches it). */
  function runScript<T>(script: string, keys: string[], args: (string | number)[]): Promise<T> {
    const sha = (scriptShas[script] ??= sha1(script));
    return redis.evalsha<(string | number)[], T>(sha, keys, args).catch((e: unknown) => {
      if (String(e).includes("NOSCRIPT")) return redis.eval<(string | number)[], T>(script, keys, args);
      throw e;
    });
  }
  const scriptShas: Record<string, string> = { [RELEASE_SCRIPT]: RELEASE_SHA };

  async function bump(key: string): Promise<number | null> {
    const res = await attempt("version bump", () => redis.incr(prefix + key));
    return res.ok ? Number(res.value) : null;
  }

  /** A lock we may not hold (Redis refused it, or could not be asked): releasing only bumps. */
  const noLock = (acquired: boolean, degraded: boolean): LockResult => {
    let bumped = false;
    return {
      acquired,
      degraded,
      release: async (counter) => {
        if (!counter || bumped) return;
        bumped = true;
        await bump(counter);
      },
    };
  };

  /** The lock `fullKey` whose SET answered `res`; `sent: false` means Redis was not asked at all. */
  function lockFrom(fullKey: string, token: string, res: Outcome<boolean>): LockResult {
    if (!res.ok) {
      if (!res.sent) return noLock(true, true);
      // The SET may have landed although we got no answer (late, or lost with the connection): clear it
      // in the background (only our token matches) so nobody waits out the TTL on a lock no one holds.
      let cleaned = false;
      return {
        acquired: true,
        degraded: true,
        release: async (counter) => {
          if (cleaned) return;
          cleaned = true;
          // Plain EVAL: its reply may never be read, so a NOSCRIPT fallback could not happen.
          void attempt("lock cleanup", () => redis.eval(RELEASE_SCRIPT, [fullKey], [token]), { ignoreBreaker: true });
          if (counter) await bump(counter);
        },
      };
    }
    if (!res.value) return noLock(false, false);
    let released: Promise<void> | undefined;
    return {
      acquired: true,
      degraded: false,
      release: (counter) =>
        (released ??= (async () => {
          if (counter) {
            const done = await attempt("lock release", () => runScript(RELEASE_BUMP_SCRIPT, [fullKey, prefix + counter], [token]));
            // Redis did not answer: the lock lapses by its TTL, but the bump must not be lost.
            if (!done.ok) await bump(counter);
          } else {
            await attempt("lock release", () => runScript(RELEASE_SCRIPT, [fullKey], [token]));
          }
        })()),
    };
  }

  /** EVALSHA, falling back to EVAL once after a Redis restart forgot the script. */
  async function script<T>(which: keyof typeof SEAT_SCRIPTS, keys: string[], args: (string | number)[]): Promise<T> {
    const [text, digest] = SEAT_SCRIPTS[which];
    try {
      return (await redis.evalsha(digest, keys, args.map(String))) as T;
    } catch (e) {
      if (String(e).includes("NOSCRIPT")) return (await redis.eval(text, keys, args.map(String))) as T;
      throw e;
    }
  }

  const limiters = new Map<string, Ratelimit>();
  function limiterFor(limit: number, windowSeconds: number): Ratelimit {
    const id = `${limit}/${windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(limit, `${windowSeconds} s`),
        prefix: `${prefix}rl${limit}-${windowSeconds}s`,
        // A Redis that does not answer in time lets the request through (reason "timeout").
        timeout: timeoutMs,
        analytics: false,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  /**
   * KEYS and ARGV for a script that starts with LIMITS_FIRST: KEYS[1] and ARGV[1..2] are the script's
   * own, then each limit's current and previous window keys, and its tokens and window ms.
   */
  function limitedCall(limits: RateLimitSpec[], firstKey: string, firstArgs: [string | number, string | number]) {
    const now = Date.now();
    const keys = [firstKey];
    const args: (string | number)[] = [...firstArgs, now];
    for (const l of limits) {
      const windowMs = l.windowSeconds * 1000;
      const current = Math.floor(now / windowMs);
      const base = `${prefix}rl${l.limit}-${l.windowSeconds}s:${l.identifier}`;
      keys.push(`${base}:${current}`, `${base}:${current - 1}`);
      args.push(l.limit, windowMs);
    }
    return { keys, args, now };
  }

  /** The refusal a LIMITS_FIRST script reported as {0, i, 0}: retry when limit i's window turns. */
  function refusedBy(limits: RateLimitSpec[], reply: [number, number, number], now: number): RateLimitResult {
    const refused = limits[Number(reply[1]) - 1]!;
    const windowMs = refused.windowSeconds * 1000;
    const reset = (Math.floor(now / windowMs) + 1) * windowMs;
    return { allowed: false, retryAfter: Math.max(1, Math.ceil((reset - Date.now()) / 1000)) };
  }

  return {
    kind: "upstash",

    async lock(key, ttlMs) {
      const fullKey = prefix + key;
      const token = randomBytes(16).toString("hex");
      const res = await attempt("lock", async () => (await redis.set(fullKey, token, { nx: true, px: Math.max(1, Math.round(ttlMs)) })) === "OK");
      return lockFrom(fullKey, token, res);
    },

    async limitAndLock(limits: RateLimitSpec[], lockKey: string, ttlMs: number): Promise<LimitAndLockResult> {
      const fullKey = prefix + lockKey;
      const token = randomBytes(16).toString("hex");
      const { keys, args, now } = limitedCall(limits, fullKey, [token, Math.max(1, Math.round(ttlMs))]);
      const res = await attempt("rate limit and lock", () => runScript<[number, number, number]>(LIMIT_AND_LOCK_SCRIPT, keys, args));
      if (res.ok && Number(res.value[0]) === 0) return { rate: refusedBy(limits, res.value, now), lock: null };
      // No answer: let the request through, as rateLimit does, with a degraded lock.
      const locked: Outcome<boolean> = res.ok ? { ok: true, value: Number(res.value[2]) === 1 } : res;
      return { rate: { allowed: true, retryAfter: 0 }, lock: lockFrom(fullKey, token, locked) };
    },

    async getJson<T>(key: string): Promise<T | null> {
      const res = await attempt("cache read", () => redis.get<string>(prefix + key));
      if (!res.ok || res.value === null || res.value === undefined) return null;
      try {
        return JSON.parse(res.value) as T;
      } catch {
        return null;
      }
    },

    async setJson(key, value, ttlMs) {
      const json = JSON.stringify(value);
      if (json === undefined) return;
      await attempt("cache write", () => redis.set(prefix + key, json, { px: Math.max(1, Math.round(ttlMs)) }));
    },

    async getVersionedJson<T>(versionKey: string, keyBefore: string, keyAfter: string) {
      const res = await attempt("cache read", () =>
        runScript<[string | number, string | null]>(VERSIONED_GET_SCRIPT, [prefix + versionKey], [prefix + keyBefore, keyAfter]),
      );
      if (!res.ok) return { version: null, value: null };
      const version = Number(res.value[0]);
      if (!Number.isFinite(version)) return { version: null, value: null };
      const raw = res.value[1];
      if (raw === null || raw === undefined) return { version, value: null };
      try {
        return { version, value: JSON.parse(String(raw)) as T };
      } catch {
        return { version, value: null };
      }
    },

    async getVersion(key) {
      const res = await attempt("version read", () => redis.get<string>(prefix + key));
      if (!res.ok) return null;
      if (res.value === null || res.value === undefined) return 0;
      const n = Number(res.value);
      return Number.isFinite(n) ? n : null;
    },

    async bumpVersion(key) {
      return bump(key);
    },

    async rateLimit(identifier, limit, windowSeconds): Promise<RateLimitResult> {
      const res = await attempt("rate limit", () => limiterFor(limit, windowSeconds).limit(identifier));
      if (!res.ok || res.value.success) return { allowed: true, retryAfter: 0 };
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((res.value.reset - Date.now()) / 1000)) };
    },

    async takeSeats(key, n) {
      const res = await attempt("seat take", () => script<[number, number]>("take", [prefix + key], [n]));
      if (!res.ok) return { kind: "unavailable" };
      const [status, left] = res.value.map(Number) as [number, number];
      if (status === -1) return { kind: "missing" };
      return status === 1 ? { kind: "taken", left } : { kind: "short", left };
    },

    async limitAndTakeSeats(limits, key, n) {
      const { keys, args, now } = limitedCall(limits, prefix + key, [n, 0]);
      const res = await attempt("rate limit and seat take", () => runScript<[number, number, number]>(LIMIT_AND_TAKE_SEATS_SCRIPT, keys, args));
      if (!res.ok) return { rate: { allowed: true, retryAfter: 0 }, take: { kind: "unavailable" } };
      if (Number(res.value[0]) === 0) return { rate: refusedBy(limits, res.value, now), take: null };
      const [, status, left] = res.value.map(Number) as [number, number, number];
      const take: SeatTake = status === -1 ? { kind: "missing" } : status === 1 ? { kind: "taken", left } : { kind: "short", left };
      return { rate: { allowed: true, retryAfter: 0 }, take };
    },

    async giveSeats(key, n) {
      await attempt("seat give", () => script("give", [prefix + key], [n]));
    },

    async readSeats(key) {
      const res = await attempt("seat read", () => redis.hmget<Record<string, string | null>>(prefix + key, "left", "v"));
      if (!res.ok) return null;
      // Without automatic deserialisation the reply is Redis's own: an array in field order.
      const reply = res.value as unknown;
      const [left, v] = Array.isArray(reply) ? reply : [(reply as Record<string, unknown> | null)?.left, (reply as Record<string, unknown> | null)?.v];
      if (left === null || left === undefined || v === null || v === undefined) return "missing";
      return { left: Number(left), version: Number(v) };
    },

    async rebuildSeats(key, expectedVersion, left, ttlMs) {
      const res = await attempt("seat rebuild", () =>
        script<number>("rebuild", [prefix + key], [expectedVersion === null ? "" : expectedVersion, left, Math.max(1, Math.round(ttlMs)), Date.now() * 1000]),
      );
      return res.ok && Number(res.value) === 1;
    },

    async health() {
      const res = await attempt("health check", () => redis.ping(), { ignoreBreaker: true });
      if (res.ok && res.value === "PONG") {
        skipUntil = 0;
        return "ok";
      }
      return "down";
    },
  };
}

/** A signal that aborts with a TimeoutError after `ms`, as AbortSignal.timeout does; its timer never keeps the process alive. */
function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), ms).unref();
  return controller.signal;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message || (cause as { code?: string }).code || cause.name}` : "";
    return `${e.message || e.name}${causeText}`;
  }
  return String(e);
}
