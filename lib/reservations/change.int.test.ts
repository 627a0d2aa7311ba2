import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { notifications, reservations } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import type { Kv } from "@/lib/redis/types";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { getAvailability } from "@/lib/availability";
import { cancelReservation, confirmReservation, findNextChangeDate, getChangeAvailability, getReservation, holdTable } from "@/lib/reservations";
import { addDays } from "@/lib/availability/calendar";
import { findNextAvailableDate } from "@/lib/availability/next-available";
import { getChangeOrigin } from "./change";
import { moveReservation } from "./move";

let t: TestDb;
let kv: Kv;

beforeAll(async () => {
  t = await createTestDb(inject("templateDb"), { max: 30 });
  kv = createMemoryKv();
});
afterAll(async () => {
  await t?.destroy();
});

const TZ = "Europe/London";
function seatingAt(time: string, daysAhead = 10): Date {
  const [h, m] = time.split(":").map(Number);
  return DateTime.now().setZone(TZ).plus({ days: daysAhead }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
}

function codeOf(e: unknown): string {
  return e instanceof DomainError ? e.code : `unexpected: ${String(e)}`;
}

const DETAILS = { name: "Chris Change", email: "chris@example.test", phone: "+44 20 7946 0000", specialRequests: "One guest is coeliac" };

async function restaurantWith(seats: number[], maxCovers: number | null = null) {
  const r = await insertRestaurant(t.db, { timezone: TZ });
  const tables = [];
  for (const [i, s] of seats.entries()) tables.push(await insertTable(t.db, r.id, { label: `T${i + 1}`, minSeats: 1, maxSeats: s }));
  await insertSession(t.db, r.id, { maxCoversPerSlot: maxCovers });
  return { r, tables };
}

/** A confirmed web booking made by a guest, with the token their link carries. */
async function booked(restaurantId: string, time = "19:00", partySize = 2) {
  const h = await holdTable(t.db, { restaurantId, startsAt: seatingAt(time), partySize, principal: null, holderKey: `bs:${Math.random()}`, source: "web" }, { kv });
  const access = { principal: null, manageToken: h.manageToken };
  const view = await confirmReservation(t.db, { reservationId: h.reservation.id, access, details: DETAILS });
  return { view, access };
}

function changeHold(restaurantId: string, original: { view: { id: string }; access: { principal: null; manageToken: string } }, time: string, partySize = 2) {
  return holdTable(
    t.db,
    { restaurantId, startsAt: seatingAt(time), partySize, principal: null, holderKey: `bs:${Math.random()}`, oneHoldPerRestaurant: true, source: "web", replaces: { reservationId: original.view.id, access: original.access } },
    { kv },
  );
}

/** Overlapping blocking pairs on one table that are not one booking and its own pending change. */
async function doubleBookings(restaurantId: string): Promise<number> {
  const rows = (await t.db.execute(sql`
    select count(*)::int as n from reservations a join reservations b
      on a.table_id = b.table_id and a.id < b.id and a.period && b.period
    where a.restaurant_id = ${restaurantId}
      and a.status in ('held','confirmed','seated') and b.status in ('held','confirmed','seated')
      and coalesce(a.replaces_id, a.id) <> coalesce(b.replaces_id, b.id)`)) as unknown as { n: number }[];
  return rows[0]!.n;
}

async function updatedEmails(reservationId: string) {
  return t.db.select().from(notifications).where(and(eq(notifications.reservationId, reservationId), eq(notifications.kind, "updated")));
}

describe("changing a booking in place", () => {
  it("moves the same reservation (code, link, details) to the held time, raises its sequence and queues one update email", async () => {
    const { r } = await restaurantWith([2, 4]);
    const original = await booked(r.id, "19:00", 2);
    const hold = await changeHold(r.id, original, "21:00", 4);

    // Until confirmed the booking stands, and the hold's page starts from the booking's details.
    expect((await getReservation(t.db, { reservationId: original.view.id, access: original.access })).startsAt).toEqual(seatingAt("19:00"));
    const origin = await getChangeOrigin(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken } });
    expect(origin).toMatchObject({ code: original.view.code, details: { name: DETAILS.name, phone: "+442079460000", specialRequests: DETAILS.specialRequests } });

    const confirmed = await confirmReservation(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken }, details: DETAILS });
    expect(confirmed).toMatchObject({ id: original.view.id, code: original.view.code, status: "confirmed", partySize: 4, sequence: 1, specialRequests: DETAILS.specialRequests });
    expect(confirmed.startsAt).toEqual(seatingAt("21:00"));
    // The original's manage token still opens it.
    expect((await getReservation(t.db, { reservationId: original.view.code, access: original.access })).partySize).toBe(4);
    const [usedHold] = await t.db.select().from(reservations).where(eq(reservations.id, hold.reservation.id));
    expect(usedHold!.status).toBe("expired");
    const emails = await updatedEmails(original.view.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ revision: 1, toEmail: DETAILS.email, status: "pending" });

    // Confirming again answers the same, and queues nothing more.
    const again = await confirmReservation(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken }, details: DETAILS });
    expect(again).toMatchObject({ id: original.view.id, sequence: 1 });
    expect(await updatedEmails(original.view.id)).toHaveLength(1);

    // The old time is free again for someone else.
    const other = await holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("19:00"), partySize: 2, principal: null, holderKey: "someone-else", source: "web" }, { kv });
    expect(other.reservation.status).toBe("held");
    expect(await doubleBookings(r.id)).toBe(0);
  });

  it("a second change raises the sequence again and sends its own email", async () => {
    const { r } = await restaurantWith([4]);
    const original = await booked(r.id, "18:00");
    for (const [i, time] of ["19:30", "21:00"].entries()) {
      const hold = await changeHold(r.id, original, time);
      const v = await confirmReservation(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken }, details: DETAILS });
      expect(v.sequence).toBe(i + 1);
    }
    expect((await updatedEmails(original.view.id)).map((n) => n.revision).sort()).toEqual([1, 2]);
  });

  it("lets a change overlap its own booking on a full floor: a bigger party at the same time keeps its table", async () => {
    // One table: the only way to seat 4 at 19:00 is the table the booking already has.
    const { r, tables } = await restaurantWith([4]);
    const original = await booked(r.id, "19:00", 2);
    const hold = await changeHold(r.id, original, "19:15", 4);
    expect(hold.reservation.table.id).toBe(tables[0]!.id);
    // Nobody else gets in meanwhile.
    await expect(holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("19:30"), partySize: 2, principal: null, holderKey: "stranger", source: "web" }, { kv })).rejects.toMatchObject({ code: "slot_unavailable" });
    const v = await confirmReservation(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken }, details: DETAILS });
    expect(v).toMatchObject({ id: original.view.id, partySize: 4 });
    expect(v.startsAt).toEqual(seatingAt("19:15"));
    expect(await doubleBookings(r.id)).toBe(0);
  });

  it("counts a change's covers once against the kitchen's pacing", async () => {
    const { r } = await restaurantWith([4, 4], 4);
    const original = await booked(r.id, "19:00", 2);
    // 2 booked + 4 held would be 6 > 4 if the booking being changed were counted too.
    const hold = await changeHold(r.id, original, "19:00", 4);
    expect(hold.reservation.partySize).toBe(4);
  });

  it("refuses to confirm once the booking was cancelled, and lets the held time go", async () => {
    const { r } = await restaurantWith([2, 2]);
    const original = await booked(r.id, "19:00");
    const hold = await changeHold(r.id, original, "20:30");
    await cancelReservation(t.db, { reservationId: original.view.id, access: original.access });
    await expect(
      confirmReservation(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken }, details: DETAILS }),
    ).rejects.toMatchObject({ code: "invalid_transition" });
    const [h] = await t.db.select().from(reservations).where(eq(reservations.id, hold.reservation.id));
    expect(h!.status).toBe("cancelled");
    expect((await getReservation(t.db, { reservationId: original.view.id, access: original.access })).status).toBe("cancelled");
    expect(await updatedEmails(original.view.id)).toHaveLength(0);
  });

  it("staff moving a booking to another time send the diner the same update", async () => {
    const { r } = await restaurantWith([4]);
    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const original = await booked(r.id, "18:00");
    const moved = await moveReservation(t.db, { reservationId: original.view.id, principal: { userId: owner.id, email: owner.email, name: null }, startsAt: seatingAt("20:00") }, { kv });
    expect(moved.sequence).toBe(1);
    expect((await updatedEmails(original.view.id)).map((n) => n.revision)).toEqual([1]);
  });
});

describe("the times a booking could change to", () => {
  const dateOf = (time: string) => DateTime.fromJSDate(seatingAt(time), { zone: TZ }).toISODate()!;
  const availableAt = (day: { slots: { localTime: string; available: boolean }[] }, time: string) => day.slots.find((s) => s.localTime === time)?.available;

  it("offers times overlapping the diner's own booking (same table), which everyone else sees as taken", async () => {
    // One table: the 19:00 booking keeps anyone else off it from well before to well after.
    const { r } = await restaurantWith([4]);
    const original = await booked(r.id, "19:00", 2);
    const date = dateOf("19:00");

    const change = await getChangeAvailability(t.db, { reservationId: original.view.code, access: original.access, date, partySize: 2 }, { kv });
    for (const time of ["18:00", "19:00", "19:30", "20:00"]) expect(availableAt(change, time), time).toBe(true);

    // Asked after the change's view (same cache), the public view still counts the booking.
    const everyone = await getAvailability(t.db, { restaurant: r.id, date, partySize: 2 }, { kv });
    for (const time of ["18:00", "19:00", "19:30", "20:00"]) expect(availableAt(everyone, time), time).toBe(false);
    expect(availableAt(everyone, "21:00")).toBe(true);

    // And what the change view offers, the change's hold gets.
    const hold = await changeHold(r.id, original, "19:30");
    expect(hold.reservation.status).toBe("held");
  });

  it("still offers the diner's own pending change time, and still counts other diners' bookings", async () => {
    const { r } = await restaurantWith([4, 4]);
    const original = await booked(r.id, "19:00", 2);
    const other = await booked(r.id, "19:00", 2);
    await changeHold(r.id, original, "19:30");
    const change = await getChangeAvailability(t.db, { reservationId: original.view.id, access: original.access, date: dateOf("19:00"), partySize: 2 }, { kv });
    // Two tables: one is the other diner's; the diner's own booking and its pending hold leave the second free.
    expect(change.slots.find((s) => s.localTime === "19:30")).toMatchObject({ available: true, tablesLeft: 1 });
    // From the other diner's side, both tables are taken at 19:30 (their own booking is excluded, the first diner's hold is not).
    const theirs = await getChangeAvailability(t.db, { reservationId: other.view.id, access: other.access, date: dateOf("19:00"), partySize: 2 }, { kv });
    expect(theirs.slots.find((s) => s.localTime === "19:30")).toMatchObject({ available: true, tablesLeft: 1 });
    const everyone = await getAvailability(t.db, { restaurant: r.id, date: dateOf("19:00"), partySize: 2 }, { kv });
    expect(availableAt(everyone, "19:30")).toBe(false);
  });

  it("counts the booking's covers out of the kitchen's pacing", async () => {
    const { r } = await restaurantWith([4, 4], 4);
    const original = await booked(r.id, "19:00", 2);
    const date = dateOf("19:00");
    expect(availableAt(await getAvailability(t.db, { restaurant: r.id, date, partySize: 4 }, { kv }), "19:00")).toBe(false);
    expect(availableAt(await getChangeAvailability(t.db, { reservationId: original.view.id, access: original.access, date, partySize: 4 }, { kv }), "19:00")).toBe(true);
  });

  it("is only for someone who may change that booking, while it can still be changed", async () => {
    const { r } = await restaurantWith([4]);
    const original = await booked(r.id, "19:00", 2);
    const date = dateOf("19:00");
    await expect(
      getChangeAvailability(t.db, { reservationId: original.view.id, access: { principal: null, manageToken: null }, date, partySize: 2 }, { kv }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(
      getChangeAvailability(t.db, { reservationId: original.view.id, access: { principal: null, manageToken: "x".repeat(43) }, date, partySize: 2 }, { kv }),
    ).rejects.toBeInstanceOf(DomainError);
    await cancelReservation(t.db, { reservationId: original.view.id, access: original.access });
    await expect(
      getChangeAvailability(t.db, { reservationId: original.view.id, access: original.access, date, partySize: 2 }, { kv }),
    ).rejects.toMatchObject({ code: "invalid_transition" });
  });
});

describe("the change page's next available date", () => {
  const dateOf = (time: string) => DateTime.fromJSDate(seatingAt(time), { zone: TZ }).toISODate()!;

  it("counts the diner's own table as free, as the change's times do, while everyone else's next date skips that day", async () => {
    // One table and one seating a day, at 19:00: the diner's booking takes the whole of its day.
    const r = await insertRestaurant(t.db, { timezone: TZ });
    await insertTable(t.db, r.id, { label: "Only", minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, r.id, { firstSeating: "19:00", lastSeating: "19:00", intervalMinutes: 15, turnMinutes: 120 });
    const original = await booked(r.id, "19:00", 2);
    const day = dateOf("19:00");
    const before = addDays(day, -1);

    const everyone = await findNextAvailableDate(t.db, { restaurantId: r.id, after: before, partySize: 2 });
    expect(everyone).toEqual({ date: addDays(day, 1), firstTime: "19:00" });
    const change = await findNextChangeDate(t.db, { reservationId: original.view.code, access: original.access, after: before, partySize: 2 });
    expect(change).toEqual({ date: day, firstTime: "19:00" });
    // The day it names is one the change's own times offer.
    const times = await getChangeAvailability(t.db, { reservationId: original.view.id, access: original.access, date: day, partySize: 2 }, { kv });
    expect(times.slots.find((s) => s.localTime === "19:00")?.available).toBe(true);

    // Another diner's booking still counts: with the next day taken too, the change's next date is still its own day.
    const other = await holdTable(t.db, { restaurantId: r.id, startsAt: DateTime.fromJSDate(seatingAt("19:00")).plus({ days: 1 }).toJSDate(), partySize: 2, principal: null, holderKey: "bs:other", source: "web" }, { kv });
    expect(other.reservation.status).toBe("held");
    expect(await findNextChangeDate(t.db, { reservationId: original.view.id, access: original.access, after: day, partySize: 2 })).toEqual({ date: addDays(day, 2), firstTime: "19:00" });
  });

  it("is only for someone who may change that booking", async () => {
    const { r } = await restaurantWith([4]);
    const original = await booked(r.id, "19:00", 2);
    const after = dateOf("19:00");
    await expect(
      findNextChangeDate(t.db, { reservationId: original.view.id, access: { principal: null, manageToken: null }, after, partySize: 2 }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    await cancelReservation(t.db, { reservationId: original.view.id, access: original.access });
    await expect(findNextChangeDate(t.db, { reservationId: original.view.id, access: original.access, after, partySize: 2 })).rejects.toMatchObject({
      code: "invalid_transition",
    });
  });
});

describe("changes under concurrency", () => {
  it("a change confirmed while the booking is cancelled: either moved then cancelled, or cancelled and unchanged; never two bookings", async () => {
    for (let round = 0; round < 6; round++) {
      const { r } = await restaurantWith([2, 2]);
      const original = await booked(r.id, "19:00");
      const hold = await changeHold(r.id, original, "21:00");
      const [confirm, cancel] = await Promise.allSettled([
        confirmReservation(t.db, { reservationId: hold.reservation.id, access: { principal: null, manageToken: hold.manageToken }, details: DETAILS }),
        cancelReservation(t.db, { reservationId: original.view.id, access: original.access }),
      ]);
      expect(cancel.status).toBe("fulfilled");
      if (confirm.status === "rejected") expect(codeOf(confirm.reason)).toBe("invalid_transition");
      const rows = await t.db.select().from(reservations).where(eq(reservations.restaurantId, r.id));
      expect(rows.filter((x) => x.status === "confirmed" || x.status === "held")).toHaveLength(0);
      expect(rows.find((x) => x.id === original.view.id)!.status).toBe("cancelled");
    }
  });

  it("two tabs confirming two changes of one booking at once leave one booking, at one of the two times", async () => {
    for (let round = 0; round < 6; round++) {
      const { r } = await restaurantWith([2, 2, 2]);
      const original = await booked(r.id, "18:00");
      // Two holders (two tabs with their own booking session), each with a change.
      const [a, b] = [await changeHold(r.id, original, "20:00"), await changeHold(r.id, original, "21:30")];
      const results = await Promise.allSettled(
        [a, b].map((h) => confirmReservation(t.db, { reservationId: h.reservation.id, access: { principal: null, manageToken: h.manageToken }, details: DETAILS })),
      );
      for (const x of results) expect(x.status).toBe("fulfilled");
      const live = (await t.db.select().from(reservations).where(eq(reservations.restaurantId, r.id))).filter((x) => x.status === "confirmed" || x.status === "held");
      expect(live).toHaveLength(1);
      expect(live[0]!.id).toBe(original.view.id);
      expect([seatingAt("20:00").getTime(), seatingAt("21:30").getTime()]).toContain(live[0]!.startsAt.getTime());
      expect(live[0]!.sequence).toBe(2);
    }
  });

  it("a change and strangers racing for the tables at the new time: no more holds than tables, and nothing is double-booked", async () => {
    for (let round = 0; round < 4; round++) {
      const { r } = await restaurantWith([2, 2]);
      const original = await booked(r.id, "18:00");
      const racers = await Promise.allSettled([
        changeHold(r.id, original, "21:00"),
        ...Array.from({ length: 6 }, (_, i) =>
          holdTable(t.db, { restaurantId: r.id, startsAt: seatingAt("21:00"), partySize: 2, principal: null, holderKey: `racer-${round}-${i}`, source: "web" }, { kv }),
        ),
      ]);
      const won = racers.filter((x) => x.status === "fulfilled").length;
      // Two tables at 21:00: at most two holds, whoever they are.
      expect(won).toBeLessThanOrEqual(2);
      for (const x of racers) if (x.status === "rejected") expect(["slot_unavailable", "slot_locked"]).toContain(codeOf(x.reason));
      const change = racers[0];
      if (change.status === "fulfilled") {
        await confirmReservation(t.db, { reservationId: change.value.reservation.id, access: { principal: null, manageToken: change.value.manageToken }, details: DETAILS });
      }
      expect(await doubleBookings(r.id)).toBe(0);
    }
  });
});
