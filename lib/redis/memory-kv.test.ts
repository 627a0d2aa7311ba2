import { describe, expect, it } from "vitest";
import { createMemoryKv } from "@/lib/redis/memory-kv";

function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("memory kv", () => {
  it("reports kind memory and health off", async () => {
    const kv = createMemoryKv();
    expect(kv.kind).toBe("memory");
    expect(await kv.health()).toBe("off");
  });

  describe("lock", () => {
    it("refuses a second acquire while the first is held", async () => {
      const kv = createMemoryKv();
      const first = await kv.lock("t1", 5_000);
      const second = await kv.lock("t1", 5_000);
      expect(first).toMatchObject({ acquired: true, degraded: false });
      expect(second).toMatchObject({ acquired: false, degraded: false });
    });

    it("is free again after release, and releasing twice is harmless", async () => {
      const kv = createMemoryKv();
      const first = await kv.lock("t1", 5_000);
      await first.release();
      await first.release();
      expect((await kv.lock("t1", 5_000)).acquired).toBe(true);
    });

    it("keeps locks on different keys independent", async () => {
      const kv = createMemoryKv();
      expect((await kv.lock("a", 5_000)).acquired).toBe(true);
      expect((await kv.lock("b", 5_000)).acquired).toBe(true);
    });

    it("frees an expired lock, and the old holder's release does not free the new holder's", async () => {
      const clock = manualClock();
      const kv = createMemoryKv({ now: clock.now });
      const first = await kv.lock("t1", 1_000);
      clock.advance(999);
      expect((await kv.lock("t1", 1_000)).acquired).toBe(false);
      clock.advance(1);
      const second = await kv.lock("t1", 1_000);
      expect(second.acquired).toBe(true);
      await first.release();
      expect((await kv.lock("t1", 1_000)).acquired).toBe(false);
      await second.release();
      expect((await kv.lock("t1", 1_000)).acquired).toBe(true);
    });

    it("lets exactly one of 50 concurrent acquirers win", async () => {
      const kv = createMemoryKv();
      const results = await Promise.all(Array.from({ length: 50 }, () => kv.lock("hot", 5_000)));
      expect(results.filter((r) => r.acquired)).toHaveLength(1);
    });
  });

  describe("cache", () => {
    it("returns what was stored until the TTL passes, then misses", async () => {
      const clock = manualClock();
      const kv = createMemoryKv({ now: clock.now });
      await kv.setJson("day", { slots: [1, 2], note: "café 😀" }, 1_000);
      expect(await kv.getJson("day")).toEqual({ slots: [1, 2], note: "café 😀" });
      clock.advance(999);
      expect(await kv.getJson("day")).not.toBeNull();
      clock.advance(1);
      expect(await kv.getJson("day")).toBeNull();
    });

    it("misses for a key never written", async () => {
      expect(await createMemoryKv().getJson("nope")).toBeNull();
    });

    it("hands out copies, so mutating a result does not change the cache", async () => {
      const kv = createMemoryKv();
      await kv.setJson("k", { n: 1 }, 1_000);
      const got = await kv.getJson<{ n: number }>("k");
      got!.n = 2;
      expect(await kv.getJson("k")).toEqual({ n: 1 });
    });

    it("stores values the way JSON does (dates become strings)", async () => {
      const kv = createMemoryKv();
      await kv.setJson("k", { at: new Date("2030-01-02T03:04:05.000Z") }, 1_000);
      expect(await kv.getJson("k")).toEqual({ at: "2030-01-02T03:04:05.000Z" });
    });

    it("keeps at most maxCacheEntries entries, dropping the oldest", async () => {
      const kv = createMemoryKv({ maxCacheEntries: 3 });
      for (const k of ["a", "b", "c", "d"]) await kv.setJson(k, k, 60_000);
      expect(await kv.getJson("a")).toBeNull();
      expect(await kv.getJson("d")).toBe("d");
    });
  });

  describe("versions", () => {
    it("start at 0 and bump by one", async () => {
      const kv = createMemoryKv();
      expect(await kv.getVersion("r1")).toBe(0);
      expect(await kv.bumpVersion("r1")).toBe(1);
      expect(await kv.bumpVersion("r1")).toBe(2);
      expect(await kv.getVersion("r1")).toBe(2);
      expect(await kv.getVersion("r2")).toBe(0);
    });
  });

  describe("rate limit", () => {
    it("allows N in the window, then refuses with retryAfter > 0", async () => {
      const clock = manualClock();
      const kv = createMemoryKv({ now: clock.now });
      for (let i = 0; i < 3; i++) {
        expect(await kv.rateLimit("ip:1", 3, 60)).toEqual({ allowed: true, retryAfter: 0 });
        clock.advance(1_000);
      }
      const refused = await kv.rateLimit("ip:1", 3, 60);
      expect(refused.allowed).toBe(false);
      // Now is t+3 s; the first request (at t) leaves the 60 s window at t+60 s.
      expect(refused.retryAfter).toBe(57);
    });

    it("slides: a request is allowed again once the oldest leaves the window", async () => {
      const clock = manualClock();
      const kv = createMemoryKv({ now: clock.now });
      await kv.rateLimit("ip:1", 2, 10);
      clock.advance(5_000);
      await kv.rateLimit("ip:1", 2, 10);
      expect((await kv.rateLimit("ip:1", 2, 10)).allowed).toBe(false);
      clock.advance(5_000);
      expect((await kv.rateLimit("ip:1", 2, 10)).allowed).toBe(true);
      expect((await kv.rateLimit("ip:1", 2, 10)).allowed).toBe(false);
    });

    it("counts identifiers and limits separately", async () => {
      const kv = createMemoryKv();
      expect((await kv.rateLimit("a", 1, 60)).allowed).toBe(true);
      expect((await kv.rateLimit("a", 1, 60)).allowed).toBe(false);
      expect((await kv.rateLimit("b", 1, 60)).allowed).toBe(true);
      expect((await kv.rateLimit("a", 5, 60)).allowed).toBe(true);
    });

    it("does not count refused requests against the window", async () => {
      const clock = manualClock();
      const kv = createMemoryKv({ now: clock.now });
      await kv.rateLimit("a", 1, 10);
      for (let i = 0; i < 5; i++) expect((await kv.rateLimit("a", 1, 10)).allowed).toBe(false);
      clock.advance(10_000);
      expect((await kv.rateLimit("a", 1, 10)).allowed).toBe(true);
    });
  });

  describe("limit and lock", () => {
    const limits = (limit: number) => [
      { identifier: "user:1", limit, windowSeconds: 60 },
      { identifier: "ip:1", limit: 100, windowSeconds: 60 },
    ];

    it("counts the request in rateLimit's windows and takes the lock; release frees it and bumps once", async () => {
      const kv = createMemoryKv();
      expect((await kv.rateLimit("user:1", 2, 60)).allowed).toBe(true);
      const { rate, lock } = await kv.limitAndLock(limits(2), "t1", 5_000);
      expect(rate).toEqual({ allowed: true, retryAfter: 0 });
      expect(lock).toMatchObject({ acquired: true, degraded: false });
      expect((await kv.lock("t1", 5_000)).acquired).toBe(false);
      await lock!.release("v");
      await lock!.release("v");
      expect(await kv.getVersion("v")).toBe(1);
      expect((await kv.lock("t1", 5_000)).acquired).toBe(true);
      expect((await kv.rateLimit("user:1", 2, 60)).allowed).toBe(false);
    });

    it("refused by a limit: nothing counted, nothing locked", async () => {
      const kv = createMemoryKv();
      await kv.limitAndLock(limits(1), "t1", 5_000);
      const refused = await kv.limitAndLock(limits(1), "t2", 5_000);
      expect(refused.rate.allowed).toBe(false);
      expect(refused.rate.retryAfter).toBeGreaterThan(0);
      expect(refused.lock).toBeNull();
      expect((await kv.lock("t2", 5_000)).acquired).toBe(true);
      // ip:1 counted the first request only: 99 more fit.
      for (let i = 0; i < 99; i++) expect((await kv.rateLimit("ip:1", 100, 60)).allowed).toBe(true);
      expect((await kv.rateLimit("ip:1", 100, 60)).allowed).toBe(false);
    });

    it("a lock held by someone else is refused, and its release still bumps", async () => {
      const kv = createMemoryKv();
      await kv.lock("t1", 5_000);
      const { lock } = await kv.limitAndLock(limits(5), "t1", 5_000);
      expect(lock).toMatchObject({ acquired: false });
      await lock!.release("v");
      expect(await kv.getVersion("v")).toBe(1);
    });

    it("limitAndTakeSeats counts the limits and takes seats; a refusal counts and takes nothing", async () => {
      const kv = createMemoryKv();
      await kv.rebuildSeats("s", null, 3, 60_000);
      expect(await kv.limitAndTakeSeats(limits(2), "s", 2)).toEqual({ rate: { allowed: true, retryAfter: 0 }, take: { kind: "taken", left: 1 } });
      expect((await kv.limitAndTakeSeats(limits(2), "s", 2)).take).toEqual({ kind: "short", left: 1 });
      const refused = await kv.limitAndTakeSeats(limits(2), "s", 1);
      expect(refused.rate.allowed).toBe(false);
      expect(refused.take).toBeNull();
      expect(await kv.readSeats("s")).toMatchObject({ left: 1 });
      expect((await kv.limitAndTakeSeats(limits(5), "none", 1)).take).toEqual({ kind: "missing" });
    });
  });
});
