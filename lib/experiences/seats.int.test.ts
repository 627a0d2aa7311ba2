import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS, toDomainError } from "@/lib/errors";
import { createMemoryKv, createUpstashKv, setKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { cancelReservation, confirmReservation } from "@/lib/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertUser } from "@/lib/testing/fixtures";
import { closedPortUrl, startTestRedis, type TestRedis } from "@/lib/testing/redis";
import { reconcileSection, seatCounterKey } from "./counter";
import { createExperience, getExperience, updateExperience } from "./experiences";
import { holdSeats } from "./seats";

/**
 * Concurrent seat holds on real Postgres and Redis. Postgres (the section's capacity trigger)
 * decides; the Redis counter only answers "sold out" early. Whatever the counter says (missing,
 * flushed mid-race, too high, too low, or Redis gone), no section is ever oversold, every request
 * gets an answer, and one reconciliation brings the counter back to the truth.
 */
let t: TestDb;
let redis: TestRedis;

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 10, appDb: false });
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
  await closeTestApp(t);
});

const statusOf = (e: unknown) => {
  const d = toDomainError(e);
  return d ? ERROR_STATUS[d.code] : 500;
};

async function raw(command: (string | number)[]): Promise<unknown> {
  const res = await fetch(redis.restUrl, { method: "POST", headers: { authorization: `Bearer ${redis.token}` }, body: JSON.stringify(command) });
  return ((await res.json()) as { result: unknown }).result;
}

async function setup(capacity = 40) {
  const r = await insertRestaurant(t.db);
  const owner = await insertUser(t.db);
  await insertMember(t.db, r.id, owner.id, "owner");
  const principal = { userId: owner.id, email: owner.email, name: owner.name };
  return { r, principal, capacity };
}

async function newExperience(kv: Kv, capacity = 40) {
  // Cancels, expiries and webhooks give seats back through the process's Kv.
  setKv(kv);
  const { r, principal } = await setup(capacity);
  const view = await createExperience(
    t.db,
    {
      restaurantId: r.id,
      principal,
      experience: {
        name: "Truffle dinner",
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        durationMinutes: 180,
        currency: "EUR",
        sections: [{ name: "Chef's counter", capacity, price_cents: 0 }],
        published: true,
      },
    },
    { kv },
  );
  return { r, principal, experience: view, section: view.sections[0]! };
}

async function takenInPostgres(sectionId: string): Promise<number> {
  const [row] = (await t.db.execute(sql`
    select coalesce(sum(party_size), 0)::int as n from reservations
    where section_id = ${sectionId} and reservation_seats_counted(status, hold_expires_at, now())`)) as unknown as { n: number }[];
  return row!.n;
}

/** 200 clients asking for 1–4 seats at once; returns every answer's status and the seats won. */
async function race(kv: Kv, experienceId: string, sectionId: string, opts: { midway?: () => Promise<void> } = {}) {
  setKv(kv);
  const statuses: number[] = [];
  let won = 0;
  await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      if (i === 100 && opts.midway) await opts.midway();
      const n = 1 + (i % 4);
      try {
        const h = await holdSeats(t.db, { experienceId, sectionId, partySize: n, principal: null, holderKey: `race-${sectionId}-${i}`, source: "api" }, { kv });
        statuses.push(201);
        won += h.reservation.partySize;
      } catch (e) {
        statuses.push(statusOf(e));
      }
    }),
  );
  return { statuses, won };
}

/**
 * Every request answered: held (201), sold out (409), or, on a machine too busy to hand out a pool
 * connection within the acquire timeout, 503 with Retry-After (nothing changed). Never a 500.
 */
function expectFairRace(result: { statuses: number[]; won: number }, capacity: number) {
  expect(result.statuses).toHaveLength(200);
  expect(result.statuses.filter((s) => s !== 201 && s !== 409 && s !== 503)).toEqual([]);
  expect(result.statuses.filter((s) => s === 503).length).toBeLessThan(20);
  expect(result.won).toBeLessThanOrEqual(capacity);
}

describe("200 concurrent holds of 1–4 seats on a 40-seat section", () => {
  it("with Redis up: at most 40 held, none oversold, every request answered, the counter exact", async () => {
    const kv = redis.createKv({ prefix: "race-up:" });
    const { experience, section } = await newExperience(kv);
    const result = await race(kv, experience.id, section.id);
    expectFairRace(result, 40);
    expect(await takenInPostgres(section.id)).toBe(result.won);
    // With 200 clients asking for 500 seats, the section sells out.
    expect(result.won).toBeGreaterThanOrEqual(37);
    const counter = await kv.readSeats(seatCounterKey(section.id));
    expect(counter).not.toBeNull();
    expect(counter !== "missing" && counter!.left).toBe(40 - result.won);
  });

  it("with Redis down: Postgres alone sells, never more than 40", async () => {
    // Nothing listens where this client looks for Redis: every call fails, the app carries on.
    const kv = createUpstashKv({ url: await closedPortUrl(), token: "none", timeoutMs: 200 });
    const { experience, section } = await newExperience(kv);
    const result = await race(kv, experience.id, section.id);
    expectFairRace(result, 40);
    expect(await takenInPostgres(section.id)).toBe(result.won);
    expect(result.won).toBeGreaterThanOrEqual(37);
  });

  it("with Redis flushed mid-race: none oversold, and one reconciliation restores the exact count", async () => {
    const kv = redis.createKv({ prefix: "race-flush:" });
    const { experience, section } = await newExperience(kv);
    const result = await race(kv, experience.id, section.id, { midway: async () => void (await raw(["flushall"])) });
    expectFairRace(result, 40);
    const taken = await takenInPostgres(section.id);
    expect(taken).toBe(result.won);
    await reconcileSection(t.db, { id: section.id, capacity: 40, endsAt: experience.endsAt }, kv);
    const counter = await kv.readSeats(seatCounterKey(section.id));
    expect(counter !== "missing" && counter !== null && counter.left).toBe(40 - taken);
  });

  it("with the counter set too high on purpose: Postgres refuses the excess", async () => {
    const kv = redis.createKv({ prefix: "race-high:" });
    const { experience, section } = await newExperience(kv);
    await raw(["hset", `race-high:${seatCounterKey(section.id)}`, "left", 1000]);
    const result = await race(kv, experience.id, section.id);
    expectFairRace(result, 40);
    expect(await takenInPostgres(section.id)).toBe(result.won);
    await reconcileSection(t.db, { id: section.id, capacity: 40, endsAt: experience.endsAt }, kv);
    const counter = await kv.readSeats(seatCounterKey(section.id));
    expect(counter !== "missing" && counter !== null && counter.left).toBe(40 - result.won);
  });

  it("with the counter set too low on purpose: it hides seats only until one reconciliation", async () => {
    const kv = redis.createKv({ prefix: "race-low:" });
    const { experience, section } = await newExperience(kv);
    await raw(["hset", `race-low:${seatCounterKey(section.id)}`, "left", 5]);
    const first = await race(kv, experience.id, section.id);
    expectFairRace(first, 40);
    expect(first.won).toBeLessThanOrEqual(5);
    expect(await reconcileSection(t.db, { id: section.id, capacity: 40, endsAt: experience.endsAt }, kv)).toBe("rebuilt");
    const second = await race(kv, experience.id, section.id);
    expectFairRace(second, 40 - first.won);
    expect(first.won + second.won).toBeGreaterThanOrEqual(37);
    expect(await takenInPostgres(section.id)).toBe(first.won + second.won);
  });
});

describe("seats come back", () => {
  it("a cancel returns its seats at once, to Postgres and the counter", async () => {
    const kv = redis.createKv({ prefix: "cancel:" });
    const { experience, section } = await newExperience(kv, 4);
    const h = await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 4, principal: null, holderKey: "c-1", source: "api" }, { kv });
    await expect(
      holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 1, principal: null, holderKey: "c-2", source: "api" }, { kv }),
    ).rejects.toMatchObject({ code: "slot_unavailable" });
    await cancelReservation(t.db, { reservationId: h.reservation.id, access: { principal: null, manageToken: h.manageToken } });
    expect((await getExperience(t.db, experience.id, null)).sections[0]!.seatsLeft).toBe(4);
    const counter = await kv.readSeats(seatCounterKey(section.id));
    expect(counter !== "missing" && counter !== null && counter.left).toBe(4);
    const again = await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 4, principal: null, holderKey: "c-3", source: "api" }, { kv });
    expect(again.reservation.partySize).toBe(4);
  });

  it("a lapsed hold stops counting at its expiry without any job; its confirm is refused once someone else took the seats", async () => {
    const kv = createMemoryKv();
    const { experience, section } = await newExperience(kv, 2);
    const a = await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 2, principal: null, holderKey: "x-1", source: "api" }, { kv });
    // The hold lapses (by the database clock); no job runs.
    await t.db.execute(sql`update reservations set hold_expires_at = now() - interval '1 second' where id = ${a.reservation.id}`);
    expect((await getExperience(t.db, experience.id, null)).sections[0]!.seatsLeft).toBe(2);
    await reconcileSection(t.db, { id: section.id, capacity: 2, endsAt: experience.endsAt }, kv);
    const b = await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 2, principal: null, holderKey: "x-2", source: "api" }, { kv });
    expect(b.reservation.status).toBe("held");
    await expect(
      confirmReservation(t.db, { reservationId: a.reservation.id, access: { principal: null, manageToken: a.manageToken }, details: { name: "A", email: "a@example.test" } }),
    ).rejects.toMatchObject({ code: "hold_expired" });
    expect(await takenInPostgres(section.id)).toBe(2);
  });

  it("expiry racing confirm at the boundary: either the confirm wins or the new hold does, never both", async () => {
    const kv = createMemoryKv();
    let bothWon = 0;
    for (let round = 0; round < 15; round++) {
      const { experience, section } = await newExperience(kv, 2);
      const a = await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 2, principal: null, holderKey: `b-${round}-a`, source: "api" }, { kv });
      // Lapses a few milliseconds from now, so the two requests straddle the boundary.
      await t.db.execute(sql`update reservations set hold_expires_at = clock_timestamp() + interval '15 milliseconds' where id = ${a.reservation.id}`);
      await reconcileSection(t.db, { id: section.id, capacity: 2, endsAt: experience.endsAt }, kv);
      await kv.giveSeats(seatCounterKey(section.id), 2);
      const [confirm, hold] = await Promise.allSettled([
        confirmReservation(t.db, { reservationId: a.reservation.id, access: { principal: null, manageToken: a.manageToken }, details: { name: "A", email: "a@example.test" } }),
        (async () => {
          await new Promise((r) => setTimeout(r, 12 + (round % 6)));
          return holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 2, principal: null, holderKey: `b-${round}-b`, source: "api" }, { kv });
        })(),
      ]);
      if (confirm.status === "fulfilled" && hold.status === "fulfilled") bothWon++;
      expect(await takenInPostgres(section.id)).toBeLessThanOrEqual(2);
    }
    expect(bothWon).toBe(0);
  });
});

describe("capacity", () => {
  it("lowering a capacity below the seats taken is refused with the number taken", async () => {
    const kv = createMemoryKv();
    const { experience, section, principal } = await newExperience(kv, 10);
    await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 3, principal: null, holderKey: "cap-1", source: "api" }, { kv });
    await holdSeats(t.db, { experienceId: experience.id, sectionId: section.id, partySize: 4, principal: null, holderKey: "cap-2", source: "api" }, { kv });
    const lower = (capacity: number) =>
      updateExperience(t.db, { experienceId: experience.id, principal, changes: { sections: [{ id: section.id, name: section.name, capacity, price_cents: 0 }] } }, { kv });
    await expect(lower(6)).rejects.toMatchObject({ code: "conflict", details: { seats_taken: 7 } });
    const ok = await lower(7);
    expect(ok.sections[0]).toMatchObject({ capacity: 7, seatsLeft: 0 });
  });
});

