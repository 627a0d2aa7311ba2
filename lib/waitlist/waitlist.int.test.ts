import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { notifications, reservations, waitlistEntries } from "@/db/schema";
import { joinWaitlistHandler, leaveWaitlistHandler } from "@/lib/api/routes/waitlist";
import { call } from "@/lib/api/testing";
import { addDays } from "@/lib/availability/slots";
import { setProcessEnv } from "@/lib/env";
import { expireStaleHolds } from "@/lib/jobs/holds";
import { manageLinkFor } from "@/lib/notifications/links";
import { cancelReservation, confirmReservation, holdTable } from "@/lib/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertBookedEvening } from "@/lib/testing/fixtures";
import { offerFreedSeatings, runWaitlist } from "./waitlist";

/**
 * The waitlist: a freed table goes to the earliest matching entry as a hold made for it, one entry at
 * a time; a lapsed offer passes to the next entry; and a cancel racing 20 diners and the offer jobs
 * never gives the table to two parties.
 */
let t: TestDb;

beforeAll(async () => {
  t = await openTestApp({ max: 30 });
});
afterAll(() => closeTestApp(t));

const today = () => new Date().toISOString().slice(0, 10);

/** A restaurant with one table and one seating a day (19:00 UTC), whose table on `date` is booked. */
const fullEvening = (daysAhead: number) => insertBookedEvening(t.db, daysAhead, { anonymousHoldSharePct: 25 });

async function join(restaurantId: string, date: string, n: number) {
  const ids: { id: string; token: string }[] = [];
  for (let i = 0; i < n; i++) {
    // One after another, so their order of arrival is unambiguous.
    const res = await call(joinWaitlistHandler, {
      params: { id: restaurantId },
      body: { date, party_size: 2, from_time: "18:00", to_time: "21:00", email: `wait${i}@example.test` },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "waiting", date, party_size: 2, from_time: "18:00", to_time: "21:00" });
    ids.push({ id: res.json.id, token: res.json.manage_token });
  }
  return ids;
}

const entries = (restaurantId: string) =>
  t.db.select().from(waitlistEntries).where(eq(waitlistEntries.restaurantId, restaurantId)).orderBy(waitlistEntries.createdAt);
const blocking = async (tableId: string) =>
  (await t.db.execute(sql`
    select id, status, holder_key from reservations
    where table_id = ${tableId} and (status in ('confirmed', 'seated') or (status = 'held' and hold_expires_at > now()))`)) as unknown as { id: string; holder_key: string | null }[];

describe("joining and leaving", () => {
  it("takes a guest with an email and refuses bad input, a past date or a party the restaurant does not take", async () => {
    const { restaurant, date } = await fullEvening(4);
    const body = { date, party_size: 2, from_time: "18:00", to_time: "21:00", email: "guest@example.test" };
    expect((await call(joinWaitlistHandler, { params: { id: restaurant.slug }, body })).status).toBe(201);
    const bad = [
      { ...body, email: undefined },
      { ...body, to_time: "17:00" },
      { ...body, date: "2026-02-30" },
      { ...body, party_size: 0 },
      { ...body, email: "not-an-email" },
    ];
    for (const b of bad) expect((await call(joinWaitlistHandler, { params: { id: restaurant.id }, body: b })).status, JSON.stringify(b)).toBe(400);
    expect((await call(joinWaitlistHandler, { params: { id: restaurant.id }, body: { ...body, date: addDays(today(), -2) } })).status).toBe(422);
    expect((await call(joinWaitlistHandler, { params: { id: restaurant.id }, body: { ...body, party_size: 40 } })).status).toBe(422);
  });

  it("limits joins per client address across restaurants: 429 with Retry-After, and nothing added", async () => {
    setProcessEnv({ WAITLIST_JOIN_LIMIT_PER_HOUR: "2" });
    try {
      const a = await fullEvening(8);
      const b = await fullEvening(8);
      const body = (i: number) => ({ date: a.date, party_size: 2, from_time: "18:00", to_time: "21:00", email: `limit${i}@example.test` });
      const ip = "203.0.113.77";
      expect((await call(joinWaitlistHandler, { params: { id: a.restaurant.id }, body: body(1), ip })).status).toBe(201);
      expect((await call(joinWaitlistHandler, { params: { id: b.restaurant.id }, body: body(2), ip })).status).toBe(201);
      const refused = await call(joinWaitlistHandler, { params: { id: b.restaurant.id }, body: body(3), ip });
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe("rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await entries(b.restaurant.id)).map((e) => e.email)).toEqual(["limit2@example.test"]);
      // Another address is not affected.
      expect((await call(joinWaitlistHandler, { params: { id: b.restaurant.id }, body: body(4), ip: "203.0.113.78" })).status).toBe(201);
    } finally {
      setProcessEnv({ WAITLIST_JOIN_LIMIT_PER_HOUR: undefined });
    }
  });

  it("a diner leaves with the entry's token; nobody else can remove it", async () => {
    const { restaurant, date } = await fullEvening(5);
    const [mine, theirs] = await join(restaurant.id, date, 2);
    expect((await call(leaveWaitlistHandler, { method: "DELETE", params: { id: mine!.id }, headers: { "x-manage-token": theirs!.token } })).status).toBe(404);
    expect((await call(leaveWaitlistHandler, { method: "DELETE", params: { id: mine!.id } })).status).toBe(401);
    const left = await call(leaveWaitlistHandler, { method: "DELETE", params: { id: mine!.id }, headers: { "x-manage-token": mine!.token } });
    expect(left.status).toBe(200);
    expect(left.json.status).toBe("left");
  });
});

describe("offers", () => {
  it("a freed table goes to the earliest entry as a hold with an email; if it lapses the next entry gets it; a confirmed offer is booked", async () => {
    const { restaurant, table, date, booked } = await fullEvening(6);
    const queue = await join(restaurant.id, date, 3);
    // Full: nothing to offer.
    expect((await runWaitlist(t.db)).offered).toBe(0);

    await cancelReservation(t.db, { reservationId: booked.id, access: { principal: null, manageToken: booked.manageToken } });
    await runWaitlist(t.db);
    let rows = await entries(restaurant.id);
    expect(rows.map((r) => r.status)).toEqual(["offered", "waiting", "waiting"]);
    const firstHold = (await t.db.select().from(reservations).where(eq(reservations.id, rows[0]!.offerReservationId!)))[0]!;
    expect(firstHold).toMatchObject({ status: "held", tableId: table.id, guestEmail: "wait0@example.test", holderKey: `waitlist:${queue[0]!.id}` });
    const offers = await t.db.select().from(notifications).where(and(eq(notifications.reservationId, firstHold.id), eq(notifications.kind, "waitlist_offer")));
    expect(offers).toHaveLength(1);
    // Running again offers nothing more: one offer for one freed table.
    await runWaitlist(t.db);
    expect((await entries(restaurant.id)).map((r) => r.status)).toEqual(["offered", "waiting", "waiting"]);

    // The first lets it lapse: the hold expires and the next entry gets the table.
    await t.db.update(reservations).set({ holdExpiresAt: sql`now() - interval '1 second'` }).where(eq(reservations.id, firstHold.id));
    await expireStaleHolds(t.db);
    await runWaitlist(t.db);
    rows = await entries(restaurant.id);
    expect(rows.map((r) => r.status)).toEqual(["lapsed", "offered", "waiting"]);

    // The second confirms from the offer's link (no account, no cookie): booked.
    const secondHold = (await t.db.select().from(reservations).where(eq(reservations.id, rows[1]!.offerReservationId!)))[0]!;
    const link = new URL(manageLinkFor(secondHold)).searchParams.get("token")!;
    await confirmReservation(t.db, { reservationId: secondHold.id, access: { principal: null, manageToken: link }, details: { name: "Wendy Wait", email: "wait1@example.test" } });
    await runWaitlist(t.db);
    expect((await entries(restaurant.id)).map((r) => r.status)).toEqual(["lapsed", "booked", "waiting"]);
    expect(await blocking(table.id)).toHaveLength(1);
  });

  it("entries expire after their date", async () => {
    const { restaurant, date } = await fullEvening(7);
    const [entry] = await join(restaurant.id, date, 1);
    await t.db.update(waitlistEntries).set({ serviceDate: addDays(today(), -1) }).where(eq(waitlistEntries.id, entry!.id));
    await runWaitlist(t.db);
    expect((await entries(restaurant.id))[0]!.status).toBe("expired");
  });

  it("race: a cancel frees the table while 20 diners try to book it and 5 entries wait → one party gets it, at most one offer", async () => {
    for (let round = 0; round < 3; round++) {
      const { restaurant, table, startsAt, date, booked } = await fullEvening(10 + round);
      const queue = await join(restaurant.id, date, 5);
      const diners = Array.from({ length: 20 }, (_, i) =>
        holdTable(t.db, { restaurantId: restaurant.id, startsAt, partySize: 2, principal: null, holderKey: `race-${round}-${i}`, source: "api" }).then(
          () => "held" as const,
          (e: { code?: string }) => e.code ?? "error",
        ),
      );
      const offerPasses = Array.from({ length: 3 }, () => offerFreedSeatings(t.db, { restaurantId: restaurant.id, date }));
      const [cancel, dinerOutcomes, offers] = await Promise.all([
        cancelReservation(t.db, { reservationId: booked.id, access: { principal: null, manageToken: booked.manageToken } }),
        Promise.all(diners),
        Promise.all(offerPasses),
      ]);
      expect(cancel.status).toBe("cancelled");
      expect(dinerOutcomes.every((o) => ["held", "slot_unavailable", "slot_locked"].includes(o)), JSON.stringify(dinerOutcomes)).toBe(true);
      // The safety net after the race: whatever is still free goes to the queue.
      await runWaitlist(t.db);

      const holders = await blocking(table.id);
      expect(holders).toHaveLength(1);
      const rows = await entries(restaurant.id);
      const offered = rows.filter((r) => r.status === "offered");
      expect(offered.length).toBeLessThanOrEqual(1);
      const dinerWins = dinerOutcomes.filter((o) => o === "held").length;
      expect(dinerWins + offered.length).toBe(1);
      if (offered.length === 1) {
        // The earliest entry, holding the very table, and nobody else.
        expect(offered[0]!.id).toBe(queue[0]!.id);
        expect(holders[0]!.id).toBe(offered[0]!.offerReservationId);
      } else {
        expect(holders[0]!.holder_key).toMatch(/^race-/);
      }
      expect(offers.flat().length).toBeLessThanOrEqual(1);
      const offerMails = await t.db.execute(sql`
        select count(*)::int as n from notifications n join reservations r on r.id = n.reservation_id
        where r.restaurant_id = ${restaurant.id} and n.kind = 'waitlist_offer'`);
      expect((offerMails as unknown as { n: number }[])[0]!.n).toBe(offered.length);
    }
  });
});
