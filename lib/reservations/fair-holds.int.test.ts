import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { holdHandler as holdRoute } from "@/lib/api/routes/reservations";
import { updateRestaurantHandler as patchRestaurantRoute } from "@/lib/api/routes/restaurants";
import { call, tokenFor } from "@/lib/api/testing";
import { setProcessEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { anonymousHoldCaps, confirmReservation, holdTable } from "@/lib/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";

/**
 * Holds belong to people, not addresses, and no anonymous client can hoard a restaurant's evening:
 * each test is written as the abuse it stops.
 */
let t: TestDb;

const TZ = "Europe/Paris";
const day = DateTime.now().setZone(TZ).plus({ days: 9 });
const at = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
};

beforeAll(async () => {
  t = await openTestApp({ env: { HOLD_RATE_LIMIT_PER_MINUTE: "1000" }, max: 30 });
});
afterAll(async () => {
  setProcessEnv({ HOLD_RATE_LIMIT_PER_MINUTE: undefined });
  await closeTestApp(t);
});

async function restaurant(tables: number, share: number) {
  const r = await insertRestaurant(t.db, { timezone: TZ, anonymousHoldSharePct: share });
  for (let i = 0; i < tables; i++) await insertTable(t.db, r.id, { label: `T${i + 1}`, minSeats: 1, maxSeats: 4 });
  await insertSession(t.db, r.id, { firstSeating: "17:00", lastSeating: "22:30", intervalMinutes: 15, turnMinutes: 90 });
  return r;
}

async function activeHolds(restaurantId: string, where = sql`true`): Promise<number> {
  const rows = (await t.db.execute(sql`
    select count(*)::int as n from reservations
    where restaurant_id = ${restaurantId} and status = 'held' and hold_expires_at > now() and ${where}`)) as unknown as { n: number }[];
  return rows[0]!.n;
}

const codeOf = (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`);

describe("one hold per person and restaurant", () => {
  it("Back and another time, four times over, leaves exactly one held table, and a fifth time is still bookable", async () => {
    const r = await restaurant(4, 100);
    const person = { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:back-and-forth", oneHoldPerRestaurant: true, source: "web" as const };
    const codes: string[] = [];
    for (const time of ["19:00", "19:15", "19:30", "19:45"]) {
      codes.push((await holdTable(t.db, { ...person, startsAt: at(time) })).reservation.code);
    }
    expect(await activeHolds(r.id)).toBe(1);
    const [live] = (await t.db.execute(sql`
      select code, to_char(starts_at at time zone ${TZ}, 'HH24:MI') as local from reservations
      where restaurant_id = ${r.id} and status = 'held'`)) as unknown as { code: string; local: string }[];
    expect(live).toEqual({ code: codes[3], local: "19:45" });
    // Released, not merely lapsed: the earlier three are cancelled.
    const released = (await t.db.execute(sql`
      select count(*)::int as n from reservations where restaurant_id = ${r.id} and status = 'cancelled'`)) as unknown as { n: number }[];
    expect(released[0]!.n).toBe(3);

    const fifth = await holdTable(t.db, { ...person, startsAt: at("20:00") });
    expect(fifth.reservation.status).toBe("held");
    expect(await activeHolds(r.id)).toBe(1);
  });

  it("a person can move their hold onto the very table and time span it already blocks", async () => {
    const r = await restaurant(1, 100);
    const person = { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:one-table", oneHoldPerRestaurant: true, source: "web" as const };
    await holdTable(t.db, { ...person, startsAt: at("19:00") });
    // 19:30 overlaps the 19:00 hold on the only table: it is theirs, so it is no obstacle.
    const moved = await holdTable(t.db, { ...person, startsAt: at("19:30") });
    expect(moved.reservation.status).toBe("held");
    expect(await activeHolds(r.id)).toBe(1);
  });

  it("keeps the earlier hold when the new time cannot be had", async () => {
    const r = await restaurant(1, 100);
    const mine = { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:keeper", oneHoldPerRestaurant: true, source: "web" as const };
    const first = await holdTable(t.db, { ...mine, startsAt: at("17:00") });
    await holdTable(t.db, { ...mine, holderKey: "bs:someone-else", startsAt: at("21:00") });
    await expect(holdTable(t.db, { ...mine, startsAt: at("21:00") })).rejects.toMatchObject({ code: "slot_unavailable" });
    const [row] = (await t.db.execute(sql`select status from reservations where code = ${first.reservation.code}`)) as unknown as { status: string }[];
    expect(row!.status).toBe("held");
  });

  it("a second browser on the same address holds its own table", async () => {
    const r = await restaurant(3, 100);
    const a = await holdTable(t.db, { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:browser-a", oneHoldPerRestaurant: true, clientAddress: "198.51.100.7", source: "web", startsAt: at("19:00") });
    const b = await holdTable(t.db, { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:browser-b", oneHoldPerRestaurant: true, clientAddress: "198.51.100.7", source: "web", startsAt: at("19:00") });
    expect([a.reservation.status, b.reservation.status]).toEqual(["held", "held"]);
    expect(await activeHolds(r.id)).toBe(2);
    // Two people, one address: the audit keeps both the holder and the address.
    const audit = (await t.db.execute(sql`select holder_key, client_address from reservations where restaurant_id = ${r.id} order by holder_key`)) as unknown as object[];
    expect(audit).toEqual([
      { holder_key: "bs:browser-a", client_address: "198.51.100.7" },
      { holder_key: "bs:browser-b", client_address: "198.51.100.7" },
    ]);
  });

  it("twenty times picked at once by one person end with one hold", async () => {
    const r = await restaurant(6, 100);
    const times = Array.from({ length: 20 }, (_, i) => DateTime.fromObject({ hour: 17, minute: 0 }).plus({ minutes: 15 * i }).toFormat("HH:mm"));
    const outcomes = await Promise.allSettled(
      times.map((time) => holdTable(t.db, { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:frantic", oneHoldPerRestaurant: true, source: "web", startsAt: at(time) })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeGreaterThan(0);
    for (const o of outcomes) if (o.status === "rejected") expect(["slot_locked", "slot_unavailable"]).toContain(codeOf(o.reason));
    expect(await activeHolds(r.id)).toBe(1);
  });

  it("asks before a second table that overlaps the diner's own booking, and holds it when they insist", async () => {
    const r = await restaurant(3, 100);
    const diner = await insertUser(t.db);
    const principal = { userId: diner.id, email: diner.email, name: diner.name };
    const base = { restaurantId: r.id, partySize: 2, principal, holderKey: `user:${diner.id}`, oneHoldPerRestaurant: true, source: "web" as const };
    const held = await holdTable(t.db, { ...base, startsAt: at("19:00") });
    await confirmReservation(t.db, { reservationId: held.reservation.id, access: { principal }, details: { name: "Ada", email: diner.email } });

    const asked = await holdTable(t.db, { ...base, askIfOverlapping: true, startsAt: at("19:30") }).catch((e: unknown) => e);
    expect(asked).toBeInstanceOf(DomainError);
    expect(asked).toMatchObject({ code: "conflict", details: { reason: "overlapping_booking", existing: { code: held.reservation.code, local_time: "19:00" } } });
    expect(await activeHolds(r.id)).toBe(0);

    // Not overlapping: no question. Insisting: held.
    expect((await holdTable(t.db, { ...base, askIfOverlapping: true, startsAt: at("22:00") })).reservation.status).toBe("held");
    expect((await holdTable(t.db, { ...base, askIfOverlapping: false, startsAt: at("19:30") })).reservation.status).toBe("held");
  });
});

describe("the anonymous share", () => {
  it("computes a small share, at least one table, none when the share is 0", () => {
    expect(anonymousHoldCaps(25, 8, 12)).toEqual({ seating: 2, service: 3 });
    expect(anonymousHoldCaps(25, 1, 2)).toEqual({ seating: 1, service: 1 });
    expect(anonymousHoldCaps(0, 8, 12)).toEqual({ seating: 0, service: 0 });
    expect(anonymousHoldCaps(100, 8, 12)).toEqual({ seating: 8, service: 12 });
  });

  it("rotating X-Forwarded-For cannot hold more than the share of an evening", async () => {
    const r = await restaurant(8, 25); // a quarter of 8 tables: 2 anonymous holds per service
    const seatings = Array.from({ length: 23 }, (_, i) => DateTime.fromObject({ hour: 17 }).plus({ minutes: 15 * i }).toFormat("HH:mm"));
    const answers = [];
    for (const [i, time] of seatings.entries()) {
      // What the app's server makes of a client that writes its own X-Forwarded-For: it appends its peer.
      const res = await call(holdRoute, {
        headers: { "x-forwarded-for": `203.0.${i}.${i + 1}, 192.0.2.50` },
        body: { restaurant_id: r.id, starts_at: at(time).toISOString(), party_size: 2 },
      });
      answers.push(res);
    }
    const held = answers.filter((a) => a.status === 201);
    expect(held.length).toBe(2);
    const refused = answers.filter((a) => a.status !== 201);
    for (const a of refused) {
      expect(a.status).toBe(429);
      expect(a.json.error.code).toBe("rate_limited");
      expect(a.json.error.message).toMatch(/Sign in/);
      expect(Number(a.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(await activeHolds(r.id)).toBe(2);
    // Everyone held from one address, whatever they wrote: the audit says so.
    const holders = (await t.db.execute(sql`select distinct holder_key from reservations where restaurant_id = ${r.id}`)) as unknown as { holder_key: string }[];
    expect(holders.map((h) => h.holder_key)).toEqual(["ip:192.0.2.50"]);
  });

  it("caps one seating under a burst of anonymous clients, while signed-in diners still book", async () => {
    const r = await restaurant(8, 25);
    const burst = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        holdTable(t.db, { restaurantId: r.id, partySize: 2, principal: null, holderKey: `ip:198.18.0.${i}`, source: "api", startsAt: at("19:00") }),
      ),
    );
    expect(burst.filter((o) => o.status === "fulfilled").length).toBe(2);
    for (const o of burst) if (o.status === "rejected") expect(["rate_limited", "slot_locked"]).toContain(codeOf(o.reason));
    expect(await activeHolds(r.id, sql`user_id is null`)).toBe(2);

    const diner = await insertUser(t.db);
    const signedIn = await holdTable(t.db, {
      restaurantId: r.id, partySize: 2, principal: { userId: diner.id, email: diner.email, name: diner.name },
      holderKey: `user:${diner.id}`, oneHoldPerRestaurant: true, source: "web", startsAt: at("19:00"),
    });
    expect(signedIn.reservation.status).toBe("held");
  });

  it("is the owner's to set in the policy, 0 to 100", async () => {
    const r = await restaurant(4, 25);
    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const token = await tokenFor(owner);
    const patch = (pct: unknown) => call(patchRestaurantRoute, { method: "PATCH", token, params: { id: r.id }, body: { policy: { anonymous_hold_share_pct: pct } } });
    const ok = await patch(60);
    expect(ok.status).toBe(200);
    expect(ok.json.policy.anonymous_hold_share_pct).toBe(60);
    for (const bad of [101, -1, 12.5, "50"]) {
      const res = await patch(bad);
      expect(res.status).toBe(400);
      expect(Object.keys(res.json.error.fields)).toEqual(["policy.anonymous_hold_share_pct"]);
    }
    const [row] = (await t.db.execute(sql`select anonymous_hold_share_pct as pct from restaurants where id = ${r.id}`)) as unknown as { pct: number }[];
    expect(row!.pct).toBe(60);
  });

  it("a share of 0 means holding needs an account", async () => {
    const r = await restaurant(4, 0);
    await expect(holdTable(t.db, { restaurantId: r.id, partySize: 2, principal: null, holderKey: "bs:guest", source: "web", startsAt: at("19:00") })).rejects.toMatchObject({
      code: "unauthenticated",
    });
  });
});

describe("idempotent holds across clients", () => {
  it("a guest key replayed by another client gets no manage token, and the token is not stored in clear", async () => {
    const r = await restaurant(4, 100);
    const body = { restaurant_id: r.id, starts_at: at("19:00").toISOString(), party_size: 2 };
    const victim = await call(holdRoute, { headers: { "x-forwarded-for": "192.0.2.10", "idempotency-key": "guest-key-1" }, body });
    expect(victim.status).toBe(201);
    const token = victim.json.manage_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{16,}$/);

    // The attacker writes the victim's address into X-Forwarded-For; the server appends the real peer.
    const attacker = await call(holdRoute, { headers: { "x-forwarded-for": "192.0.2.10, 192.0.2.66", "idempotency-key": "guest-key-1" }, body });
    expect(attacker.headers.get("idempotent-replayed")).toBeNull();
    expect(attacker.text).not.toContain(token);
    if (attacker.status === 201) expect(attacker.json.id).not.toBe(victim.json.id);

    // The victim's own retry still gets its answer, token included.
    const retry = await call(holdRoute, { headers: { "x-forwarded-for": "192.0.2.10", "idempotency-key": "guest-key-1" }, body });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.json.manage_token).toBe(token);
    expect(retry.json.id).toBe(victim.json.id);

    const stored = (await t.db.execute(sql`select response_body::text as body from idempotency_keys where key = 'guest-key-1'`)) as unknown as { body: string }[];
    expect(stored.length).toBeGreaterThan(0);
    for (const s of stored) expect(s.body).not.toContain(token);
  });

  it("a signed-in account has one hold per restaurant through the API too", async () => {
    const r = await restaurant(4, 100);
    const diner = await insertUser(t.db);
    const token = await tokenFor(diner);
    for (const time of ["19:00", "20:00"]) {
      const res = await call(holdRoute, { token, body: { restaurant_id: r.id, starts_at: at(time).toISOString(), party_size: 2 } });
      expect(res.status).toBe(201);
    }
    expect(await activeHolds(r.id)).toBe(1);
  });
});
