import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { notifications, reservations, waitlistEntries } from "@/db/schema";
import { isDomainError } from "@/lib/errors";
import { createMemoryKv } from "@/lib/redis";
import { cancelReservation, holdTable } from "@/lib/reservations";
import { getDayBook } from "@/lib/reservations/day-book";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertBookedEvening, insertMember, insertUser } from "@/lib/testing/fixtures";
import { joinWaitlist, offerFreedSeatings, offerWaitlistEntry } from "./waitlist";
import { principalOf } from "@/lib/testing/expect-domain";

/**
 * A host offering a waitlist entry a table by hand, from the day book: the same claim and hold path
 * as the automatic offers, so a host racing the sweeper (or another host, or diners) still makes one
 * offer per freed table, and only members of the restaurant may do it.
 */
let t: TestDb;
const kv = createMemoryKv();

beforeAll(async () => {
  t = await openTestApp({ kv, max: 40 });
});
afterAll(() => closeTestApp(t));

/** One table, one 19:00 seating (UTC), booked on `date`; a host; and `n` entries waiting. */
async function fullEveningWithQueue(daysAhead: number, n: number) {
  const { restaurant, table, date, startsAt, booked } = await insertBookedEvening(t.db, daysAhead);
  const hostUser = await insertUser(t.db);
  await insertMember(t.db, restaurant.id, hostUser.id, "host");
  const queue: string[] = [];
  for (let i = 0; i < n; i++) {
    const { entry } = await joinWaitlist(t.db, { restaurant: restaurant.id, principal: null, date, partySize: 2, fromTime: "18:00", toTime: "21:00", email: `w${i}@example.test` });
    queue.push(entry.id);
  }
  const freeTable = () => cancelReservation(t.db, { reservationId: booked.id, access: { principal: null, manageToken: booked.manageToken } });
  return { restaurant, table, date, startsAt, host: principalOf(hostUser), queue, freeTable };
}

const statuses = async (restaurantId: string) =>
  (await t.db.select({ id: waitlistEntries.id, status: waitlistEntries.status }).from(waitlistEntries).where(eq(waitlistEntries.restaurantId, restaurantId)).orderBy(waitlistEntries.createdAt)).map((r) => r.status);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
}

describe("offering a table by hand", () => {
  it("offers the entry the host chose (not only the first) with the same hold and message; the book shows it", async () => {
    const { restaurant, table, date, host, queue, freeTable } = await fullEveningWithQueue(3, 3);
    // Nothing free yet: said plainly, and nothing changes.
    expect(await codeOf(offerWaitlistEntry(t.db, { principal: host, restaurantId: restaurant.id, entryId: queue[1]! }, { kv }))).toBe("slot_unavailable");
    expect(await statuses(restaurant.id)).toEqual(["waiting", "waiting", "waiting"]);

    await freeTable();
    const offered = await offerWaitlistEntry(t.db, { principal: host, restaurantId: restaurant.id, entryId: queue[1]! }, { kv });
    expect(offered.status).toBe("offered");
    expect(await statuses(restaurant.id)).toEqual(["waiting", "offered", "waiting"]);
    const [entry] = await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, queue[1]!));
    const [hold] = await t.db.select().from(reservations).where(eq(reservations.id, entry!.offerReservationId!));
    expect(hold).toMatchObject({ status: "held", tableId: table.id, guestEmail: "w1@example.test", holderKey: `waitlist:${queue[1]}` });
    const messages = await t.db.select().from(notifications).where(and(eq(notifications.reservationId, hold!.id), eq(notifications.kind, "waitlist_offer")));
    expect(messages).toHaveLength(1);

    // Offering it again is refused, and the sweeper finds nothing more to offer.
    expect(await codeOf(offerWaitlistEntry(t.db, { principal: host, restaurantId: restaurant.id, entryId: queue[1]! }, { kv }))).toBe("invalid_transition");
    expect(await offerFreedSeatings(t.db, { restaurantId: restaurant.id, date }, { kv })).toEqual([]);

    const book = await getDayBook(t.db, { restaurantId: restaurant.id, principal: host, date });
    expect(book.waitlist.map((e) => [e.email, e.status])).toEqual([
      ["w0@example.test", "waiting"],
      ["w1@example.test", "offered"],
      ["w2@example.test", "waiting"],
    ]);
    expect(book.waitlist[1]!.offer).toMatchObject({ code: hold!.code, status: "held", localStart: "19:00" });
  });

  it("only the restaurant's members may offer, and only their own restaurant's entries", async () => {
    const a = await fullEveningWithQueue(4, 1);
    const b = await fullEveningWithQueue(4, 1);
    await a.freeTable();
    const stranger = principalOf(await insertUser(t.db));
    expect(await codeOf(offerWaitlistEntry(t.db, { principal: stranger, restaurantId: a.restaurant.id, entryId: a.queue[0]! }, { kv }))).toMatch(/forbidden|not_found/);
    expect(await codeOf(offerWaitlistEntry(t.db, { principal: null, restaurantId: a.restaurant.id, entryId: a.queue[0]! }, { kv }))).toMatch(/unauthenticated|forbidden|not_found/);
    // A host of B cannot reach A's entry through B.
    expect(await codeOf(offerWaitlistEntry(t.db, { principal: b.host, restaurantId: b.restaurant.id, entryId: a.queue[0]! }, { kv }))).toBe("not_found");
    expect(await statuses(a.restaurant.id)).toEqual(["waiting"]);
  });

  it("a freed table, two hosts offering by hand, the sweeper and 10 diners racing: one holder, at most one offer", async () => {
    const { restaurant, table, date, startsAt, host, queue, freeTable } = await fullEveningWithQueue(5, 4);
    const otherHostUser = await insertUser(t.db);
    await insertMember(t.db, restaurant.id, otherHostUser.id, "host");
    const otherHost = principalOf(otherHostUser);
    await freeTable();
    const outcomes = await Promise.all([
      codeOf(offerWaitlistEntry(t.db, { principal: host, restaurantId: restaurant.id, entryId: queue[2]! }, { kv })),
      codeOf(offerWaitlistEntry(t.db, { principal: otherHost, restaurantId: restaurant.id, entryId: queue[3]! }, { kv })),
      codeOf(offerWaitlistEntry(t.db, { principal: otherHost, restaurantId: restaurant.id, entryId: queue[2]! }, { kv })),
      codeOf(offerFreedSeatings(t.db, { restaurantId: restaurant.id, date }, { kv })),
      ...Array.from({ length: 10 }, (_, i) =>
        codeOf(holdTable(t.db, { restaurantId: restaurant.id, startsAt, partySize: 2, principal: null, holderKey: `diner-${i}`, source: "web" }, { kv })),
      ),
    ]);
    const holders = (await t.db.execute(sql`
      select holder_key from reservations
      where table_id = ${table.id} and (status in ('confirmed', 'seated') or (status = 'held' and hold_expires_at > now()))`)) as unknown as { holder_key: string }[];
    expect(holders).toHaveLength(1);
    const offeredEntries = await t.db.select().from(waitlistEntries).where(and(eq(waitlistEntries.restaurantId, restaurant.id), eq(waitlistEntries.status, "offered")));
    expect(offeredEntries.length).toBeLessThanOrEqual(1);
    if (offeredEntries[0]) expect(holders[0]!.holder_key).toBe(`waitlist:${offeredEntries[0].id}`);
    else expect(holders[0]!.holder_key).toMatch(/^diner-/);
    // Every loser was told plainly, not with a 500.
    for (const o of outcomes) expect(o).toMatch(/^(ok|slot_unavailable|slot_locked|invalid_transition|rate_limited|outside_policy)$/);
    const offerMessages = (await t.db.execute(sql`
      select count(*)::int as n from notifications n join reservations r on r.id = n.reservation_id
      where r.restaurant_id = ${restaurant.id} and n.kind = 'waitlist_offer'`)) as unknown as { n: number }[];
    expect(offerMessages[0]!.n).toBe(offeredEntries.length);
  });
});
