import { randomBytes } from "node:crypto";
import type { Requester } from "@upstash/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { createTcpRequester } from "@/lib/redis/direct";
import { connectTcpRedis, type TcpRedis } from "@/lib/redis/tcp";
import { createUpstashKv, type UpstashKvBehaviour } from "@/lib/redis/upstash-kv";
import type { Kv } from "@/lib/redis/types";
import { closedPortUrl, freePort, startTestRedis, waitFor, type KvTransport, type RawRedis, type TestRedis } from "@/lib/testing/redis";

/** The app's default: what the "no Redis" tests hold the answers to. */
const TIMEOUT_MS = 250;
/** Tests of Redis semantics must not fail because a busy 2-core machine paused for 250 ms. */
const RELAXED_TIMEOUT_MS = 3_000;

let t: TestRedis;
let raw: RawRedis;
let prefix: string;
let kv: Kv;
/** Over TCP: the connection and requester of the Kv made last, to count its round trips and see its state. */
let lastTcp: { connection: TcpRedis; requester: Requester } | undefined;

beforeAll(async () => {
  t = await startTestRedis();
  raw = await t.connectRaw();
});

afterAll(() => t?.stop());

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every Kv call at once, as concurrent requests would make them, each timed; none may throw. */
async function exerciseAll(target: Kv) {
  const timed = async <T>(fn: () => Promise<T>) => {
    const start = performance.now();
    const value = await fn();
    return { value, ms: performance.now() - start };
  };
  const [lock, limitAndLock, getJson, setJson, getVersion, bumpVersion, rateLimit, health] = await Promise.all([
    timed(() => target.lock("lock:down", 5_000)),
    timed(() => target.limitAndLock([{ identifier: "rl:down", limit: 1, windowSeconds: 60 }], "lock:down2", 5_000)),
    timed(() => target.getJson("cache:down")),
    timed(() => target.setJson("cache:down", { a: 1 }, 5_000)),
    timed(() => target.getVersion("ver:down")),
    timed(() => target.bumpVersion("ver:down")),
    timed(() => target.rateLimit("rl:down", 1, 60)),
    timed(() => target.health()),
  ]);
  return { lock, limitAndLock, getJson, setJson, getVersion, bumpVersion, rateLimit, health };
}

function expectDegraded(r: Awaited<ReturnType<typeof exerciseAll>>) {
  expect(r.lock.value).toMatchObject({ acquired: true, degraded: true });
  expect(r.limitAndLock.value).toMatchObject({ rate: { allowed: true, retryAfter: 0 }, lock: { acquired: true, degraded: true } });
  expect(r.getJson.value).toBeNull();
  expect(r.setJson.value).toBeUndefined();
  expect(r.getVersion.value).toBeNull();
  expect(r.bumpVersion.value).toBeNull();
  expect(r.rateLimit.value).toEqual({ allowed: true, retryAfter: 0 });
  expect(r.health.value).toBe("down");
  for (const [name, { ms }] of Object.entries(r)) expect(ms, name).toBeLessThan(TIMEOUT_MS * 3);
}

/**
 * The two ways the app reaches Redis, each test run against both: "tcp", a connection in the process
 * (REDIS_URL), and "rest", the Upstash REST protocol (Upstash itself; here the bridge stands in for it).
 */
const TRANSPORTS: { transport: KvTransport; name: string }[] = [
  { transport: "tcp", name: "TCP in the app's process" },
  { transport: "rest", name: "Upstash REST (through the bridge)" },
];

describe.each(TRANSPORTS)("kv over $name", ({ transport }) => {
  function newKv(overrides: UpstashKvBehaviour = {}): Kv {
    const behaviour = { prefix, timeoutMs: RELAXED_TIMEOUT_MS, warn: () => {}, ...overrides };
    if (transport === "rest") return createUpstashKv({ url: t.restUrl, token: t.token, ...behaviour });
    const connection = t.connect();
    lastTcp = { connection, requester: createTcpRequester(connection) };
    return createUpstashKv({ requester: lastTcp.requester, ...behaviour });
  }

  /** Counts the requests the last Kv made from now on: HTTP requests, or requests to its TCP requester. */
  function countRoundTrips(): () => number {
    const spy = transport === "rest" ? vi.spyOn(globalThis, "fetch") : vi.spyOn(lastTcp!.requester, "request");
    return () => spy.mock.calls.length;
  }

  /** Whether what the last Kv talks to (the bridge, or its own connection) is connected to Redis. */
  const connected = () => (transport === "rest" ? t.bridge.isRedisReady() : lastTcp!.connection.isReady());

  /** A Kv whose Redis cannot be reached at all: nothing listens where it points. */
  async function unreachableKv(): Promise<Kv> {
    const behaviour = { prefix, timeoutMs: TIMEOUT_MS, warn: () => {} };
    if (transport === "rest") return createUpstashKv({ url: await closedPortUrl(), token: "x", ...behaviour });
    const connection = connectTcpRedis({ url: `redis://127.0.0.1:${await freePort()}`, log: () => {} });
    onTestFinished(() => connection.close());
    return createUpstashKv({ requester: createTcpRequester(connection), ...behaviour });
  }

  /** A fresh key prefix and Kv per test keeps tests independent on the one private server. */
  function fresh(): void {
    prefix = `t${randomBytes(4).toString("hex")}:`;
    kv = newKv();
  }

  describe("against a real Redis", () => {
    it("reports kind upstash and health ok", async () => {
      fresh();
      expect(kv.kind).toBe("upstash");
      expect(await kv.health()).toBe("ok");
    });

    describe("lock", () => {
      it("grants the first acquire and refuses a second while it is held", async () => {
        fresh();
        const first = await kv.lock("lock:t1", 5_000);
        const second = await kv.lock("lock:t1", 5_000);
        expect(first).toMatchObject({ acquired: true, degraded: false });
        expect(second).toMatchObject({ acquired: false, degraded: false });
        const pttl = await raw.pTTL(`${prefix}lock:t1`);
        expect(pttl).toBeGreaterThan(0);
        expect(pttl).toBeLessThanOrEqual(5_000);
      });

      it("is free again after release; releasing twice is harmless", async () => {
        fresh();
        const first = await kv.lock("lock:t1", 5_000);
        await first.release();
        await first.release();
        expect(await raw.exists(`${prefix}lock:t1`)).toBe(0);
        expect((await kv.lock("lock:t1", 5_000)).acquired).toBe(true);
      });

      it("does nothing when released by a holder whose token no longer matches", async () => {
        fresh();
        const mine = await kv.lock("lock:t1", 5_000);
        // Someone else's token in the key, as after our lock expired and theirs was taken.
        await raw.set(`${prefix}lock:t1`, "someone-else", { PX: 5_000 });
        await mine.release();
        expect(await raw.get(`${prefix}lock:t1`)).toBe("someone-else");
      });

      it("is freed by its TTL, and the expired holder's release leaves the next holder's lock alone", async () => {
        fresh();
        const first = await kv.lock("lock:t1", 200);
        expect((await kv.lock("lock:t1", 200)).acquired).toBe(false);
        await waitFor(async () => (await raw.exists(`${prefix}lock:t1`)) === 0, 3_000, "the lock to expire");
        const second = await kv.lock("lock:t1", 5_000);
        expect(second.acquired).toBe(true);
        await first.release();
        expect((await kv.lock("lock:t1", 5_000)).acquired).toBe(false);
      });

      it("lets exactly one of 50 concurrent acquirers win, across two app instances", async () => {
        fresh();
        const other = newKv();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? kv : other).lock("lock:hot", 5_000)),
        );
        expect(results.filter((r) => r.acquired)).toHaveLength(1);
        expect(results.every((r) => !r.degraded)).toBe(true);
      });

      it("takes one round trip to acquire and one to release", async () => {
        fresh();
        // Warm the script cache so release is a single EVALSHA.
        await (await kv.lock("lock:warm", 1_000)).release();
        const trips = countRoundTrips();
        const lock = await kv.lock("lock:rt", 5_000);
        expect(trips()).toBe(1);
        await lock.release();
        expect(trips()).toBe(2);
        expect(await raw.exists(`${prefix}lock:rt`)).toBe(0);
      });

      it("still releases after Redis lost the script (NOSCRIPT falls back to EVAL)", async () => {
        fresh();
        const lock = await kv.lock("lock:ns", 5_000);
        await raw.scriptFlush();
        await lock.release();
        expect(await raw.exists(`${prefix}lock:ns`)).toBe(0);
      });
    });

    describe("cache", () => {
      it("returns what was stored (Unicode included) until the TTL passes, then misses", async () => {
        fresh();
        const value = { name: "Café Déjà Vu 東京 🍣", slots: [{ at: "18:00", n: 2 }], none: null };
        await kv.setJson("avail:r1:v3", value, 300);
        expect(await kv.getJson("avail:r1:v3")).toEqual(value);
        const pttl = await raw.pTTL(`${prefix}avail:r1:v3`);
        expect(pttl).toBeGreaterThan(0);
        expect(pttl).toBeLessThanOrEqual(300);
        await waitFor(async () => (await kv.getJson("avail:r1:v3")) === null, 3_000, "the cache entry to expire");
      });

      it("misses for an absent key and for a value that is not JSON", async () => {
        fresh();
        expect(await kv.getJson("nope")).toBeNull();
        await raw.set(`${prefix}bad`, "{not json");
        expect(await kv.getJson("bad")).toBeNull();
      });

      it("stores numbers and strings that look like numbers faithfully", async () => {
        fresh();
        await kv.setJson("n", 12345, 5_000);
        await kv.setJson("s", "12345", 5_000);
        expect(await kv.getJson("n")).toBe(12345);
        expect(await kv.getJson("s")).toBe("12345");
      });
    });

    describe("versions", () => {
      it("start at 0, bump by one, and are shared between instances", async () => {
        fresh();
        const other = newKv();
        expect(await kv.getVersion("ver:r1")).toBe(0);
        expect(await kv.bumpVersion("ver:r1")).toBe(1);
        expect(await other.bumpVersion("ver:r1")).toBe(2);
        expect(await kv.getVersion("ver:r1")).toBe(2);
        expect(await raw.get(`${prefix}ver:r1`)).toBe("2");
      });
    });

    describe("rate limit", () => {
      it("allows N in the window, then refuses with retryAfter > 0", async () => {
        fresh();
        for (let i = 0; i < 3; i++) expect(await kv.rateLimit("rl:ip:1", 3, 60)).toEqual({ allowed: true, retryAfter: 0 });
        const refused = await kv.rateLimit("rl:ip:1", 3, 60);
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfter).toBeGreaterThan(0);
        expect(refused.retryAfter).toBeLessThanOrEqual(60);
      });

      it("counts across app instances and keeps identifiers apart", async () => {
        fresh();
        const other = newKv();
        expect((await kv.rateLimit("rl:ip:2", 2, 60)).allowed).toBe(true);
        expect((await other.rateLimit("rl:ip:2", 2, 60)).allowed).toBe(true);
        expect((await other.rateLimit("rl:ip:2", 2, 60)).allowed).toBe(false);
        expect((await kv.rateLimit("rl:ip:3", 2, 60)).allowed).toBe(true);
      });
    });

    describe("limit and lock", () => {
      const limits = (limit: number) => [
        { identifier: "rl:hold:user:1", limit, windowSeconds: 60 },
        { identifier: "rl:hold:ip:1", limit: 100, windowSeconds: 60 },
      ];

      it("counts every limit and takes the lock in one round trip, then releases and bumps in one", async () => {
        fresh();
        // Warm the script cache so each call is a single EVALSHA.
        await (await kv.limitAndLock(limits(100), "lock:warm", 1_000)).lock!.release("ver:warm");
        const trips = countRoundTrips();
        const { rate, lock } = await kv.limitAndLock(limits(100), "lock:la", 5_000);
        expect(trips()).toBe(1);
        expect(rate).toEqual({ allowed: true, retryAfter: 0 });
        expect(lock).toMatchObject({ acquired: true, degraded: false });
        expect(await raw.exists(`${prefix}lock:la`)).toBe(1);
        await lock!.release("ver:la");
        await lock!.release("ver:la");
        expect(trips()).toBe(2);
        expect(await raw.exists(`${prefix}lock:la`)).toBe(0);
        expect(await kv.getVersion("ver:la")).toBe(1);
      });

      it("shares rateLimit's windows, and a refusal counts nothing and locks nothing", async () => {
        fresh();
        expect((await kv.rateLimit("rl:hold:user:1", 2, 60)).allowed).toBe(true);
        const first = await kv.limitAndLock(limits(2), "lock:a", 5_000);
        expect(first.rate.allowed).toBe(true);
        const refused = await kv.limitAndLock(limits(2), "lock:b", 5_000);
        expect(refused.rate.allowed).toBe(false);
        expect(refused.rate.retryAfter).toBeGreaterThan(0);
        expect(refused.rate.retryAfter).toBeLessThanOrEqual(60);
        expect(refused.lock).toBeNull();
        expect(await raw.exists(`${prefix}lock:b`)).toBe(0);
        // The second limit counted the allowed call only.
        const ipKeys = await raw.keys(`${prefix}rl100-60s:rl:hold:ip:1:*`);
        expect(await raw.get(ipKeys[0]!)).toBe("1");
      });

      it("refuses a lock someone holds, and that refused lock's release still bumps", async () => {
        fresh();
        const held = await kv.lock("lock:held", 5_000);
        const { rate, lock } = await kv.limitAndLock(limits(100), "lock:held", 5_000);
        expect(rate.allowed).toBe(true);
        expect(lock).toMatchObject({ acquired: false, degraded: false });
        await lock!.release("ver:r");
        expect(await kv.getVersion("ver:r")).toBe(1);
        expect(await raw.exists(`${prefix}lock:held`)).toBe(1);
        await held.release("ver:r");
        expect(await kv.getVersion("ver:r")).toBe(2);
        expect(await raw.exists(`${prefix}lock:held`)).toBe(0);
      });

      it("still works after Redis lost its scripts (NOSCRIPT falls back to EVAL)", async () => {
        fresh();
        await (await kv.limitAndLock(limits(100), "lock:w", 1_000)).lock!.release("ver:ns");
        await raw.scriptFlush();
        const { lock } = await kv.limitAndLock(limits(100), "lock:ns", 5_000);
        expect(lock).toMatchObject({ acquired: true, degraded: false });
        await raw.scriptFlush();
        await lock!.release("ver:ns");
        expect(await raw.exists(`${prefix}lock:ns`)).toBe(0);
        expect(await kv.getVersion("ver:ns")).toBe(2);
      });
    });

    describe("limitAndTakeSeats", () => {
      const limits = (limit: number) => [
        { identifier: "rl:hold:ip:9", limit, windowSeconds: 60 },
      ];

      it("counts the limit and takes seats in one round trip; short, missing and refused answers take nothing", async () => {
        fresh();
        await kv.rebuildSeats("seats:s1", null, 5, 60_000);
        // The first call warms the script cache, so the next is a single EVALSHA.
        await kv.limitAndTakeSeats(limits(4), "seats:warm", 1);
        const trips = countRoundTrips();
        expect(await kv.limitAndTakeSeats(limits(4), "seats:s1", 4)).toEqual({ rate: { allowed: true, retryAfter: 0 }, take: { kind: "taken", left: 1 } });
        expect(trips()).toBe(1);
        expect((await kv.limitAndTakeSeats(limits(4), "seats:s1", 2)).take).toEqual({ kind: "short", left: 1 });
        expect((await kv.limitAndTakeSeats(limits(4), "seats:none", 2)).take).toEqual({ kind: "missing" });
        expect(await raw.exists(`${prefix}seats:none`)).toBe(0);
        // Four requests counted: the fifth is over the limit, counts nothing and takes nothing.
        const refused = await kv.limitAndTakeSeats(limits(4), "seats:s1", 1);
        expect(refused.rate.allowed).toBe(false);
        expect(refused.rate.retryAfter).toBeGreaterThan(0);
        expect(refused.take).toBeNull();
        expect(await kv.readSeats("seats:s1")).toMatchObject({ left: 1 });
        // The same window rateLimit keeps: full.
        expect((await kv.rateLimit("rl:hold:ip:9", 4, 60)).allowed).toBe(false);
      });
    });
  });

  describe("without Redis", () => {
    it("answers 'no Redis' quickly when redis-server is stopped", async () => {
      fresh();
      const warn = vi.fn();
      const target = newKv({ warn, timeoutMs: TIMEOUT_MS });
      expect(await target.health()).toBe("ok");
      await t.stopRedis();
      try {
        await waitFor(() => !connected(), 5_000, "the connection to notice Redis stopped");
        const start = performance.now();
        const r = await exerciseAll(target);
        expectDegraded(r);
        expect(performance.now() - start).toBeLessThan(2_000);
        await expect((r.lock.value as { release(): Promise<void> }).release()).resolves.toBeUndefined();
        // One warning, however many calls failed.
        expect(warn).toHaveBeenCalledTimes(1);
      } finally {
        await t.startRedis();
      }
      await waitFor(async () => (await target.health()) === "ok", 5_000, "the kv to see Redis again");
      expect((await target.lock("lock:after", 5_000)).degraded).toBe(false);
      await waitFor(() => raw.isReady, 5_000, "the inspection client to reconnect");
    });

    it("answers 'no Redis' within the timeout when Redis hangs, then cleans up a lock that landed late", async () => {
      fresh();
      const target = newKv({ failureThreshold: 100, timeoutMs: TIMEOUT_MS });
      t.pauseRedis();
      let late: Awaited<ReturnType<Kv["lock"]>>;
      try {
        const start = performance.now();
        const r = await exerciseAll(target);
        expectDegraded(r);
        expect(performance.now() - start).toBeLessThan(2_000);
        late = await target.lock("lock:late", 10_000);
        expect(late).toMatchObject({ acquired: true, degraded: true });
        await late.release();
      } finally {
        t.resumeRedis();
      }
      // The SET queued while Redis hung runs on resume; the cleanup sent by release() runs right after it.
      await waitFor(async () => (await target.health()) === "ok", 5_000, "Redis to answer again");
      await waitFor(async () => (await raw.exists(`${prefix}lock:late`)) === 0, 3_000, "the late lock to be cleaned up");
      expect((await target.lock("lock:late", 5_000)).acquired).toBe(true);
    });

    it("stops asking a Redis that keeps failing, answering at once until health() sees it again", async () => {
      fresh();
      const target = newKv({ failureThreshold: 2, cooldownMs: 60_000, timeoutMs: TIMEOUT_MS });
      t.pauseRedis();
      try {
        await target.getVersion("v");
        await target.getVersion("v");
        const start = performance.now();
        expect(await target.lock("lock:fast", 1_000)).toMatchObject({ acquired: true, degraded: true });
        expect(await target.getVersion("v")).toBeNull();
        expect(performance.now() - start).toBeLessThan(50);
      } finally {
        t.resumeRedis();
      }
      await waitFor(async () => (await target.health()) === "ok", 5_000, "Redis to answer again");
      expect(await target.lock("lock:fast", 1_000)).toMatchObject({ acquired: true, degraded: false });
    });

    it("answers 'no Redis' quickly when nothing listens where it points", async () => {
      fresh();
      const target = await unreachableKv();
      const start = performance.now();
      expectDegraded(await exerciseAll(target));
      expect(performance.now() - start).toBeLessThan(2_000);
    });
  });
});

describe("kv over Upstash REST, refused", () => {
  it("answers 'no Redis' when the token is refused", async () => {
    prefix = `t${randomBytes(4).toString("hex")}:`;
    const target = createUpstashKv({ url: t.restUrl, token: "wrong", prefix, timeoutMs: TIMEOUT_MS, warn: () => {} });
    expectDegraded(await exerciseAll(target));
  });
});
