import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { fixedClock } from "@/lib/clock";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { startTestRedis, type TestRedis } from "@/lib/testing/redis";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import { createUpstashKv } from "@/lib/redis/upstash-kv";
import type { Kv } from "@/lib/redis/types";
import { reservations } from "@/db/schema";
import { availabilityVersionKey } from "@/lib/availability/version";
import { setProcessEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { withRequestTiming } from "@/lib/server-timing";
import {
  cancelReservation,
  confirmReservation,
  createMemberReservation,
  extendHold,
  getReservation,
  holdTable,
  updateReservationStatus,
} from "@/lib/reservations";

let t: TestDb;
let redis: TestRedis;

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 40, appDb: false });
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
  await closeTestApp(t);
});

/** A date ten days out, so notice and window rules never interfere, at 19:00 in the zone. */
function seatingAt(timezone: string, time = "19:00", daysAhead = 10): Date {
  const [h, m] = time.split(":").map(Number);
  return DateTime.now().setZone(timezone).plus({ days: daysAhead }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
}

async function restaurantWithTables(seats: number[], extra: { timezone?: string; holdMinutes?: number; maxCovers?: number | null } = {}) {
  const r = await insertRestaurant(t.db, { timezone: extra.timezone ?? "Europe/London", holdMinutes: extra.holdMinutes ?? 10 });
  const tables = [];
  for (const [i, s] of seats.entries()) tables.push(await insertTable(t.db, r.id, { label: `T${i + 1}`, minSeats: 1, maxSeats: s }));
  await insertSession(t.db, r.id, { maxCoversPerSlot: extra.maxCovers ?? null });
  return { r, tables };
}

async function blockingOverlaps(restaurantId: string): Promise<number> {
  const rows = (await t.db.execute(sql`
    select count(*)::int as n from reservations a join reservations b
      on a.table_id = b.table_id and a.id < b.id and a.period && b.period
    where a.restaurant_id = ${restaurantId}
      and a.status in ('held','confirmed','seated') and b.status in ('held','confirmed','seated')`)) as unknown as { n: number }[];
  return rows[0]!.n;
}

function codeOf(e: unknown): string {
  return e instanceof DomainError ? e.code : `unexpected: ${String(e)}`;
}

/** Clients that retry on 423 as the API tells them to, a bounded number of times. */
async function holdRetrying(kv: Kv, restaurantId: string, startsAt: Date, partySize: number, holderKey: string, retries: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await holdTable(t.db, { restaurantId, startsAt, partySize, principal: null, holderKey, source: "api" }, { kv });
    } catch (e) {
      if (attempt >= retries || codeOf(e) !== "slot_locked") throw e;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

async function race(kv: Kv, restaurantId: string, startsAt: Date, n: number, partySize = 2, retries = 0) {
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => holdRetrying(kv, restaurantId, startsAt, partySize, `race-${restaurantId}-${i}`, retries)),
  );
  const ok = results.filter((x) => x.status === "fulfilled").map((x) => (x as PromiseFulfilledResult<Awaited<ReturnType<typeof holdTable>>>).value);
  const errors = results.filter((x): x is PromiseRejectedResult => x.status === "rejected").map((x) => codeOf(x.reason));
  return { ok, errors };
}

describe("holds under concurrency", () => {
  for (const backend of ["redis", "memory", "redis-down"] as const) {
    it(`100 concurrent holds on one slot with 5 fitting tables: exactly 5 succeed (${backend})`, async () => {
      const kv =
        backend === "memory"
          ? createMemoryKv()
          : backend === "redis"
            ? createUpstashKv({ url: redis.restUrl, token: redis.token, prefix: `t${Date.now()}:`, timeoutMs: 1000 })
            : createUpstashKv({ url: "http://127.0.0.1:9", token: "x", prefix: "down:", timeoutMs: 100 });
      // Five tables seat two; the six-top must not be used for a couple while smaller ones are free,
      // and is also fine to use once they are gone — so give it none: only 2-tops and one 1-top.
      const { r, tables } = await restaurantWithTables([2, 2, 2, 2, 2, 1]);
      const startsAt = seatingAt("Europe/London");
      const { ok, errors } = await race(kv, r.id, startsAt, 100);
      expect(ok).toHaveLength(5);
      expect(errors).toHaveLength(95);
      for (const code of errors) expect(["slot_unavailable", "slot_locked"]).toContain(code);
      const used = new Set(ok.map((h) => h.reservation.table.id));
      expect(used.size).toBe(5);
      expect(used.has(tables[5]!.id)).toBe(false);
      expect(await blockingOverlaps(r.id)).toBe(0);
    });
  }

  it("chooses the smallest table that seats the party", async () => {
    const { r, tables } = await restaurantWithTables([8, 4, 2, 6]);
    const h = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 3, principal: null, holderKey: "fit", source: "web" }, { kv: createMemoryKv() });
    expect(h.reservation.table.id).toBe(tables[1]!.id);
    expect(h.reservation.status).toBe("held");
    expect(h.manageToken.length).toBeGreaterThan(30);
  });

  it("enforces pacing across tables under concurrency", async () => {
    const { r } = await restaurantWithTables([2, 2, 2, 2, 2, 2, 2, 2], { maxCovers: 6 });
    const { ok, errors } = await race(createMemoryKv(), r.id, seatingAt("Europe/London"), 10, 2, 50);
    expect(ok).toHaveLength(3);
    expect(errors.filter((c) => c !== "slot_unavailable")).toEqual([]);
  });

  it("a hold past its expiry stops blocking with no job having run", async () => {
    const kv = createMemoryKv();
    const { r } = await restaurantWithTables([2]);
    const startsAt = seatingAt("Europe/London");
    const first = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "a", source: "web" }, { kv });
    await expect(holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "b", source: "web" }, { kv })).rejects.toMatchObject({ code: "slot_unavailable" });
    // Time passes: the hold lapses by the database clock. No job runs.
    await t.db.execute(sql`update reservations set hold_expires_at = now() - interval '1 second' where id = ${first.reservation.id}`);
    const second = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "b", source: "web" }, { kv });
    expect(second.reservation.status).toBe("held");
    const stale = await getReservation(t.db, { reservationId: first.reservation.id, access: { principal: null, manageToken: first.manageToken } });
    expect(stale.status).toBe("expired");
    await expect(
      confirmReservation(t.db, { reservationId: first.reservation.id, access: { principal: null, manageToken: first.manageToken }, details: { name: "A", email: "a@example.test" } }),
    ).rejects.toMatchObject({ code: "hold_expired" });
  });

  it("confirm racing expiry at the boundary ends in exactly one consistent state", async () => {
    const kv = createMemoryKv();
    for (let i = 0; i < 15; i++) {
      const { r } = await restaurantWithTables([2]);
      const startsAt = seatingAt("Europe/London");
      const h = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: `edge-${i}`, source: "web" }, { kv });
      // Put the expiry a few milliseconds from now, then race a confirm against a rival hold.
      await t.db.execute(sql`update reservations set hold_expires_at = now() + make_interval(secs => ${(i % 5) * 0.004}) where id = ${h.reservation.id}`);
      const [confirm, rival] = await Promise.allSettled([
        confirmReservation(t.db, { reservationId: h.reservation.id, access: { principal: null, manageToken: h.manageToken }, details: { name: "Edge", email: "edge@example.test" } }),
        holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: `rival-${i}`, source: "web" }, { kv }),
      ]);
      const final = await getReservation(t.db, { reservationId: h.reservation.id, access: { principal: null, manageToken: h.manageToken } });
      if (confirm.status === "fulfilled") {
        expect(final.status).toBe("confirmed");
        expect(rival.status).toBe("rejected");
      } else {
        expect(codeOf(confirm.reason), String(confirm.reason)).toBe("hold_expired");
        expect(final.status).toBe("expired");
      }
      expect(await blockingOverlaps(r.id)).toBe(0);
    }
  });
});

describe("transitions", () => {
  it("confirm twice returns the same reservation and writes one set of outbox rows", async () => {
    const kv = createMemoryKv();
    const { r } = await restaurantWithTables([4]);
    const h = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: null, holderKey: "c", source: "web" }, { kv });
    const access = { principal: null, manageToken: h.manageToken };
    const details = { name: "Ada", email: "ada@example.test", phone: "+44 20 0000 0000", occasion: "birthday" };
    const results = await Promise.all(Array.from({ length: 10 }, () => confirmReservation(t.db, { reservationId: h.reservation.id, access, details })));
    for (const res of results) {
      expect(res.status).toBe("confirmed");
      expect(res.name).toBe("Ada");
    }
    const again = await confirmReservation(t.db, { reservationId: h.reservation.id, access, details });
    expect(again.version).toBe(results[0]!.version);
    const outbox = (await t.db.execute(sql`select kind from notifications where reservation_id = ${h.reservation.id} order by kind`)) as unknown as { kind: string }[];
    expect(outbox.map((o) => o.kind)).toEqual(["confirmation", "reminder"]);
  });

  it("cancel twice returns the same result; cancelled frees the table", async () => {
    const kv = createMemoryKv();
    const { r } = await restaurantWithTables([2]);
    const startsAt = seatingAt("Europe/London");
    const h = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "d", source: "web" }, { kv });
    const access = { principal: null, manageToken: h.manageToken };
    await confirmReservation(t.db, { reservationId: h.reservation.id, access, details: { name: "B", email: "b@example.test" } });
    const [a, b] = await Promise.all([
      cancelReservation(t.db, { reservationId: h.reservation.id, access }),
      cancelReservation(t.db, { reservationId: h.reservation.id, access }),
    ]);
    expect(a.status).toBe("cancelled");
    expect(b.status).toBe("cancelled");
    const kinds = (await t.db.execute(sql`select kind from notifications where reservation_id = ${h.reservation.id} and kind = 'cancellation'`)) as unknown as unknown[];
    expect(kinds).toHaveLength(1);
    const next = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "e", source: "web" }, { kv });
    expect(next.reservation.status).toBe("held");
  });

  it("extends a hold once; a second extension is refused", async () => {
    const { r } = await restaurantWithTables([2]);
    const h = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: null, holderKey: "f", source: "web" }, { kv: createMemoryKv() });
    const access = { principal: null, manageToken: h.manageToken };
    const extended = await extendHold(t.db, { reservationId: h.reservation.id, access });
    expect(extended.holdExpiresAt!.getTime()).toBeGreaterThan(h.reservation.holdExpiresAt!.getTime());
    await expect(extendHold(t.db, { reservationId: h.reservation.id, access })).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("refuses a diner's cancellation after the cut-off but lets staff cancel", async () => {
    const { r } = await restaurantWithTables([2]);
    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const h = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: null, holderKey: "g", source: "web" }, { kv: createMemoryKv() });
    const access = { principal: null, manageToken: h.manageToken };
    await confirmReservation(t.db, { reservationId: h.reservation.id, access, details: { name: "C", email: "c@example.test" } });
    const late = { now: () => new Date(h.reservation.startsAt.getTime() - 30 * 60_000) };
    await expect(cancelReservation(t.db, { reservationId: h.reservation.id, access }, { clock: late })).rejects.toMatchObject({ code: "outside_policy" });
    const staff = { principal: { userId: owner.id, email: owner.email, name: owner.name } };
    const done = await cancelReservation(t.db, { reservationId: h.reservation.id, access: staff }, { clock: late });
    expect(done.status).toBe("cancelled");
  });

  it("moves staff through seated → completed and refuses illegal jumps", async () => {
    const { r } = await restaurantWithTables([4]);
    const host = await insertUser(t.db);
    await insertMember(t.db, r.id, host.id, "host");
    const principal = { userId: host.id, email: host.email, name: host.name };
    const phone = await createMemberReservation(t.db, { restaurantId: r.id, principal, startsAt: seatingAt("Europe/London", "18:00"), partySize: 4, name: "Phone", status: "confirmed" }, { kv: createMemoryKv() });
    expect(phone.source).toBe("owner");
    await expect(updateReservationStatus(t.db, { reservationId: phone.id, access: { principal }, status: "completed" })).rejects.toMatchObject({ code: "invalid_transition" });
    // Seated on its own evening (the service-day rule), and seating twice is no change.
    const onTheNight = { clock: fixedClock(phone.startsAt) };
    expect((await updateReservationStatus(t.db, { reservationId: phone.id, access: { principal }, status: "seated" }, onTheNight)).status).toBe("seated");
    expect((await updateReservationStatus(t.db, { reservationId: phone.id, access: { principal }, status: "seated" }, onTheNight)).status).toBe("seated");
    expect((await updateReservationStatus(t.db, { reservationId: phone.id, access: { principal }, status: "completed" })).status).toBe("completed");
    // A walk-in over an existing booking on the same table is refused.
    const other = await createMemberReservation(t.db, { restaurantId: r.id, principal, startsAt: seatingAt("Europe/London", "20:00"), partySize: 2, name: "Later", status: "confirmed" }, { kv: createMemoryKv() });
    await expect(
      createMemberReservation(t.db, { restaurantId: r.id, principal, startsAt: seatingAt("Europe/London", "19:30"), partySize: 2, name: "Clash", tableId: other.table.id, status: "seated" }, { kv: createMemoryKv() }),
    ).rejects.toMatchObject({ code: "slot_unavailable" });
  });
});

describe("access", () => {
  it("a guest without the token gets 401, with a wrong one 404; another diner gets 404", async () => {
    const { r } = await restaurantWithTables([2]);
    const diner = await insertUser(t.db);
    const stranger = await insertUser(t.db);
    const h = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: { userId: diner.id, email: diner.email, name: diner.name }, holderKey: diner.id, source: "web" }, { kv: createMemoryKv() });
    await expect(getReservation(t.db, { reservationId: h.reservation.id, access: { principal: null } })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getReservation(t.db, { reservationId: h.reservation.id, access: { principal: null, manageToken: "wrong" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(getReservation(t.db, { reservationId: h.reservation.id, access: { principal: { userId: stranger.id, email: stranger.email, name: null } } })).rejects.toMatchObject({ code: "not_found" });
    const mine = await getReservation(t.db, { reservationId: h.reservation.id, access: { principal: { userId: diner.id, email: diner.email, name: null } } });
    expect(mine.id).toBe(h.reservation.id);
  });

  it("refuses a time that is not a seating, and a party outside the policy", async () => {
    const { r } = await restaurantWithTables([2]);
    const off = seatingAt("Europe/London", "19:07");
    await expect(holdTable(t.db, { restaurantId: r.id, startsAt: off, partySize: 2, principal: null, holderKey: "h", source: "web" }, { kv: createMemoryKv() })).rejects.toMatchObject({ code: "outside_policy" });
    await expect(holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 30, principal: null, holderKey: "h", source: "web" }, { kv: createMemoryKv() })).rejects.toMatchObject({ code: "outside_policy" });
  });

  it("lets only someone who may manage a reservation change it, and moves it only on confirm", async () => {
    const kv = createMemoryKv();
    const { r } = await restaurantWithTables([2, 2]);
    const old = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London", "18:00"), partySize: 2, principal: null, holderKey: "owner-of-old", source: "web" }, { kv });
    const oldAccess = { principal: null, manageToken: old.manageToken };
    await confirmReservation(t.db, { reservationId: old.reservation.id, access: oldAccess, details: { name: "Old", email: "old@example.test" } });
    const change = (access: { principal: null; manageToken?: string }) =>
      holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London", "20:00"), partySize: 2, principal: null, holderKey: `changer-${Math.random()}`, source: "web", replaces: { reservationId: old.reservation.id, access } }, { kv });
    await expect(change({ principal: null, manageToken: "stolen-guess" })).rejects.toMatchObject({ code: "not_found" });
    await expect(change({ principal: null })).rejects.toMatchObject({ code: "unauthenticated" });
    const next = await change(oldAccess);
    expect((await getReservation(t.db, { reservationId: old.reservation.id, access: oldAccess })).status).toBe("confirmed");
    await confirmReservation(t.db, { reservationId: next.reservation.id, access: { principal: null, manageToken: next.manageToken }, details: { name: "Old", email: "old@example.test" } });
    const moved = await getReservation(t.db, { reservationId: old.reservation.id, access: oldAccess });
    expect(moved.status).toBe("confirmed");
    expect(moved.startsAt).toEqual(seatingAt("Europe/London", "20:00"));
  });

  it("caps active holds per holder in the database", async () => {
    const { r } = await restaurantWithTables([2, 2, 2, 2, 2]);
    const kv = createMemoryKv();
    const hold = () => holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: null, holderKey: "greedy", source: "web" }, { kv });
    await hold();
    await hold();
    await hold();
    await expect(hold()).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("caps a burst of concurrent holds from one holder at the limit too", async () => {
    const { r } = await restaurantWithTables([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    const kv = createMemoryKv();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London", i % 2 ? "19:00" : "20:30"), partySize: 2, principal: null, holderKey: "burst", source: "web" }, { kv }),
      ),
    );
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(3);
    for (const x of results) if (x.status === "rejected") expect(codeOf(x.reason)).toBe("rate_limited");
  });
});

describe("what a hold costs", () => {
  it("one query for the seating, one statement for the placement, and two Redis round trips (rate limit with lock, release with version bump)", async () => {
    const { r } = await restaurantWithTables([2, 2, 4]);
    const kv = createUpstashKv({ url: redis.restUrl, token: redis.token, prefix: `cost${Date.now()}:`, timeoutMs: 3_000 });
    const hold = (holderKey: string) =>
      withRequestTiming(async (timing) => {
        const held = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: null, holderKey, clientAddress: "203.0.113.9", source: "api" }, { kv });
        return { held, db: timing.db.calls, redis: timing.redis.calls };
      });
    await hold("ip:warm-scripts");
    const before = await kv.getVersion(availabilityVersionKey(r.id));
    const { db, redis: redisCalls } = await hold("ip:cost");
    // Context; then the table's lock, the holder's lock, the limits and the insert in one statement.
    expect(db).toBe(2);
    expect(redisCalls).toBe(2);
    expect(await kv.getVersion(availabilityVersionKey(r.id))).toBe(before! + 1);
  });

  it("expires a lapsed hold in its way within the placement's own statement", async () => {
    const { r, tables } = await restaurantWithTables([2]);
    const at = seatingAt("Europe/London");
    const [stale] = await t.db
      .insert(reservations)
      .values({ restaurantId: r.id, tableId: tables[0]!.id, serviceDate: DateTime.fromJSDate(at, { zone: "Europe/London" }).toISODate()!, partySize: 2, startsAt: at, endsAt: new Date(at.getTime() + 90 * 60_000), status: "held", holdExpiresAt: new Date(Date.now() - 60_000), code: `STALE${Date.now() % 100000}`, source: "web" })
      .returning();
    const kv = createMemoryKv();
    const { held, db } = await withRequestTiming(async (timing) => ({
      held: await holdTable(t.db, { restaurantId: r.id, startsAt: at, partySize: 2, principal: null, holderKey: "ip:after-stale", source: "api" }, { kv }),
      db: timing.db.calls,
    }));
    expect(held.reservation.table.id).toBe(tables[0]!.id);
    expect(db).toBe(2);
    const [row] = await t.db.select({ status: reservations.status }).from(reservations).where(eq(reservations.id, stale!.id));
    expect(row!.status).toBe("expired");
  });

  it("counts attempts refused before any table is locked against the hold rate limit", async () => {
    setProcessEnv({ HOLD_RATE_LIMIT_PER_MINUTE: "2" });
    try {
      const { r } = await restaurantWithTables([2]);
      const kv = createMemoryKv();
      // 19:07 is not one of the seatings: refused before placement, yet counted.
      const offSeating = () => holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London", "19:07"), partySize: 2, principal: null, holderKey: "ip:prober", source: "api" }, { kv });
      await expect(offSeating()).rejects.toMatchObject({ code: "outside_policy" });
      await expect(offSeating()).rejects.toMatchObject({ code: "outside_policy" });
      await expect(offSeating()).rejects.toMatchObject({ code: "rate_limited" });
      await expect(holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("Europe/London"), partySize: 2, principal: null, holderKey: "ip:prober", source: "api" }, { kv })).rejects.toMatchObject({ code: "rate_limited" });
    } finally {
      setProcessEnv({ HOLD_RATE_LIMIT_PER_MINUTE: undefined });
    }
  });
});
