import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { notifications, reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { fixedClock } from "@/lib/clock";
import { createMemoryKv, type Kv } from "@/lib/redis";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertRestaurantWith, insertTable } from "@/lib/testing/fixtures";
import { cancelExperience, createExperience } from "@/lib/experiences";
import { coversBySeating, getDayBook, timelineSpan } from "./day-book";
import { cancelFromBook, createPhoneBooking, seatWalkIn, setReservationStatus } from "./front-of-house";
import { expectCode } from "@/lib/testing/expect-domain";

let t: TestDb;
let kv: Kv;
let owner: Principal;
let host: Principal;
let restaurantId: string;
let otherRestaurantId: string;
let otherReservationId: string;
let t1: string;
let t2: string;
let t4: string;
// Tokyo (UTC+9, no DST): 2030-03-05 17:00 local = 08:00Z.
const clock = fixedClock("2030-03-05T08:00:00Z");
const at = (iso: string) => new Date(iso);


beforeAll(async () => {
  t = await openTestApp({ kv: (kv = createMemoryKv()), appDb: false });
  const r = await insertRestaurantWith(t.db, {
    restaurant: { timezone: "Asia/Tokyo" },
    sessions: [{ name: "Dinner", firstSeating: "18:00", lastSeating: "21:00", intervalMinutes: 60, turnMinutes: 90 }],
    tables: [
      { label: "T1", maxSeats: 2 },
      { label: "T2", maxSeats: 2 },
      { label: "T10", maxSeats: 4, online: false },
      { label: "Old", active: false },
    ],
    staff: { owner: {}, host: {} },
  });
  restaurantId = r.restaurant.id;
  [t1, t2, t4] = r.tables.map((x) => x.id) as [string, string, string];
  owner = r.staff.owner!.principal;
  host = r.staff.host!.principal;
  const other = await insertRestaurant(t.db);
  otherRestaurantId = other.id;
  const otherTable = await insertTable(t.db, other.id);
  otherReservationId = (await insertReservation(t.db, { restaurantId: other.id, tableId: otherTable.id, startsAt: at("2030-03-05T10:00:00Z"), endsAt: at("2030-03-05T11:30:00Z") })).id;
});
afterAll(() => closeTestApp(t));
beforeEach(async () => {
  await t.sql`delete from reservations where restaurant_id = ${restaurantId}`;
});

describe("getDayBook", () => {
  it("returns tables, seatings, reservations with delivery status, counts, covers per seating and the timeline, in local time", async () => {
    const a = await insertReservation(t.db, { restaurantId, tableId: t1, startsAt: at("2030-03-05T09:00:00Z"), endsAt: at("2030-03-05T10:30:00Z"), partySize: 2, serviceDate: "2030-03-05" });
    await insertReservation(t.db, { restaurantId, tableId: t2, startsAt: at("2030-03-05T09:30:00Z"), endsAt: at("2030-03-05T11:00:00Z"), partySize: 2, status: "seated", serviceDate: "2030-03-05" });
    await insertReservation(t.db, { restaurantId, tableId: t4, startsAt: at("2030-03-05T11:00:00Z"), endsAt: at("2030-03-05T12:30:00Z"), partySize: 3, status: "cancelled", serviceDate: "2030-03-05" });
    // A live hold shows; a lapsed one (not yet marked by any job) does not.
    await insertReservation(t.db, { restaurantId, tableId: t4, startsAt: at("2030-03-05T10:00:00Z"), endsAt: at("2030-03-05T11:30:00Z"), status: "held", holdExpiresAt: at("2030-03-05T08:05:00Z"), serviceDate: "2030-03-05" });
    await insertReservation(t.db, { restaurantId, tableId: t1, startsAt: at("2030-03-05T11:00:00Z"), endsAt: at("2030-03-05T12:30:00Z"), status: "held", holdExpiresAt: at("2030-03-05T07:55:00Z"), serviceDate: "2030-03-05" });
    await t.db.insert(notifications).values([
      { reservationId: a.id, kind: "confirmation", toEmail: "a@example.test", status: "sent", sentAt: at("2030-03-01T00:00:00Z") },
      { reservationId: a.id, kind: "reminder", toEmail: "a@example.test", sendAfter: at("2030-03-04T09:00:00Z") },
    ]);

    const book = await getDayBook(t.db, { restaurantId, principal: host }, { clock });
    expect(book.date).toBe("2030-03-05");
    expect(book.today).toBe("2030-03-05");
    expect(book.role).toBe("host");
    expect(book.closed).toBeNull();
    expect(book.tables.map((x) => x.label)).toEqual(["T1", "T2", "T10"]);
    expect(book.seatings.map((s) => s.localTime)).toEqual(["18:00", "19:00", "20:00", "21:00"]);
    expect(book.reservations.map((r) => [r.localStart, r.tableLabel, r.status])).toEqual([
      ["18:00", "T1", "confirmed"],
      ["18:30", "T2", "seated"],
      ["19:00", "T10", "held"],
      ["20:00", "T10", "cancelled"],
    ]);
    const first = book.reservations[0]!;
    expect(first.localEnd).toBe("19:30");
    expect(first.confirmation).toEqual({ status: "sent", sentAt: "2030-03-01T00:00:00.000Z", sendAfter: expect.any(String) });
    expect(first.reminder).toMatchObject({ status: "pending", sentAt: null, sendAfter: "2030-03-04T09:00:00.000Z" });
    expect(book.reservations[1]!.confirmation).toBeNull();
    expect(book.counts).toEqual({ bookings: 2, covers: 4, confirmed: 1, seated: 1, completed: 0, noShow: 0, cancelled: 1, held: 1 });
    expect(book.coversBySlot.map((s) => [s.localTime, s.covers])).toEqual([["18:00", 4], ["19:00", 0], ["20:00", 0], ["21:00", 0]]);
    // 18:00 first seating → 21:00 + 90 min = 22:30 → 23:00.
    expect(book.timeline.ticks[0]!.label).toBe("18:00");
    expect(book.timeline.ticks.at(-1)!.label).toBe("23:00");
  });

  it("shows the day's experiences (not cancelled ones, not other days') with seats taken, and stretches the timeline over them", async () => {
    const make = (name: string, startsAt: string) =>
      createExperience(t.db, {
        restaurantId,
        principal: owner,
        experience: { name, startsAt, durationMinutes: 120, currency: "JPY", closesRegularService: true, sections: [{ name: "Counter", capacity: 8, price_cents: 0 }, { name: "Room", capacity: 12, price_cents: 0 }] },
      });
    const tonight = await make("Sake night", "2030-03-05T13:00:00Z");
    const gone = await make("Called off", "2030-03-05T10:00:00Z");
    await cancelExperience(t.db, { experienceId: gone.id, principal: owner });
    await make("Tomorrow", "2030-03-06T10:00:00Z");
    await t.sql`insert into reservations (restaurant_id, experience_id, section_id, starts_at, ends_at, service_date, status, party_size, code, source)
      values (${restaurantId}, ${tonight.id}, ${tonight.sections[1]!.id}, ${tonight.startsAt.toISOString()}, ${tonight.endsAt.toISOString()}, '2030-03-05', 'confirmed', 3, 'EXPDB1', 'web')`;

    const book = await getDayBook(t.db, { restaurantId, principal: host, date: "2030-03-05" }, { clock });
    expect(book.experiences).toEqual([
      {
        id: tonight.id,
        name: "Sake night",
        startsAt: "2030-03-05T13:00:00.000Z",
        endsAt: "2030-03-05T15:00:00.000Z",
        localStart: "22:00",
        localEnd: "00:00",
        published: false,
        closesRegularService: true,
        seatsTaken: 3,
        capacity: 20,
      },
    ]);
    // Seatings end at 21:00 + 90 min; the experience runs to midnight, so the timeline does too.
    expect(book.timeline.end).toBe("2030-03-05T15:00:00.000Z");
    // Seat bookings have no table: they stay off the tables' timeline and the covers.
    expect(book.reservations).toEqual([]);
    await t.sql`delete from reservations where restaurant_id = ${restaurantId}`;
    await t.sql`delete from experiences where restaurant_id = ${restaurantId}`;
  });

  it("says when the day is closed, and refuses a bad date", async () => {
    await t.sql`insert into closures (restaurant_id, start_date, end_date, reason) values (${restaurantId}, '2030-03-06', '2030-03-06', 'Staff party')`;
    const book = await getDayBook(t.db, { restaurantId, principal: owner, date: "2030-03-06" }, { clock });
    expect(book.closed).toEqual({ reason: "Staff party" });
    expect(book.seatings).toEqual([]);
    await expectCode(getDayBook(t.db, { restaurantId, principal: owner, date: "2030-02-30" }, { clock }), "invalid_input");
  });

  it("covers count towards the latest seating at or before the start, none before the first; the timeline keeps noon to midnight on an empty day", () => {
    const seatings = [{ startsAt: at("2030-03-05T09:00:00Z"), localTime: "18:00" }, { startsAt: at("2030-03-05T10:00:00Z"), localTime: "19:00" }];
    const covers = coversBySeating(seatings, [
      { status: "confirmed", partySize: 2, startsAt: "2030-03-05T08:30:00Z" },
      { status: "seated", partySize: 3, startsAt: "2030-03-05T09:45:00Z" },
      { status: "completed", partySize: 4, startsAt: "2030-03-05T10:15:00Z" },
      { status: "cancelled", partySize: 9, startsAt: "2030-03-05T10:00:00Z" },
    ]);
    expect(covers.map((c) => c.covers)).toEqual([3, 4]);
    const empty = timelineSpan("Asia/Tokyo", "2030-03-05", [], [], []);
    expect(empty.ticks[0]!.label).toBe("12:00");
    expect(empty.ticks.at(-1)!.label).toBe("00:00");
  });
});

describe("front of house", () => {
  it("takes a phone booking, seats it, finishes it; no-show and cancel from the book", async () => {
    const phone = await createPhoneBooking(t.db, { restaurantId, principal: host, startsAt: at("2030-03-05T10:00:00Z"), partySize: 2, name: "Sato", phone: "+81 3 0000" }, { clock, kv });
    expect(phone).toMatchObject({ status: "confirmed", source: "owner", name: "Sato" });
    expect((await setReservationStatus(t.db, { restaurantId, reservationId: phone.id, principal: host, status: "seated" }, { clock })).status).toBe("seated");
    expect((await setReservationStatus(t.db, { restaurantId, reservationId: phone.id, principal: host, status: "completed" })).status).toBe("completed");

    const noShow = await createPhoneBooking(t.db, { restaurantId, principal: host, startsAt: at("2030-03-05T11:00:00Z"), partySize: 2, name: "Ito" }, { clock, kv });
    expect((await setReservationStatus(t.db, { restaurantId, reservationId: noShow.id, principal: host, status: "no_show" }, { clock })).status).toBe("no_show");
    const toCancel = await createPhoneBooking(t.db, { restaurantId, principal: host, startsAt: at("2030-03-05T12:00:00Z"), partySize: 2, name: "Abe" }, { clock, kv });
    expect((await cancelFromBook(t.db, { restaurantId, reservationId: toCancel.id, principal: host }, { clock })).status).toBe("cancelled");
    await expectCode(setReservationStatus(t.db, { restaurantId, reservationId: toCancel.id, principal: host, status: "seated" }, { clock }), "invalid_transition");
  });

  it("seats a walk-in now on a free table, best fit first, and refuses when none is free", async () => {
    await insertReservation(t.db, { restaurantId, tableId: t1, startsAt: at("2030-03-05T07:30:00Z"), endsAt: at("2030-03-05T09:00:00Z"), status: "seated", serviceDate: "2030-03-05" });
    const walkIn = await seatWalkIn(t.db, { restaurantId, principal: host, partySize: 2 }, { clock, kv });
    expect(walkIn).toMatchObject({ status: "seated", source: "walk_in", name: "Walk-in", table: { id: t2, label: "T2" } });
    expect(walkIn.startsAt).toEqual(at("2030-03-05T08:00:00Z"));
    // The house table (not online) is still the staff's to use.
    const second = await seatWalkIn(t.db, { restaurantId, principal: host, partySize: 2, name: "Kim" }, { clock, kv });
    expect(second.table.id).toBe(t4);
    const e = await expectCode(seatWalkIn(t.db, { restaurantId, principal: host, partySize: 2 }, { clock, kv }), "slot_unavailable");
    expect(e.message).toBe("No table that seats this party is free then.");
  });

  it("a phone booking keeps the occasion and the guest's requests apart from the staff notes", async () => {
    const b = await createPhoneBooking(
      t.db,
      { restaurantId, principal: host, startsAt: at("2030-03-05T10:00:00Z"), partySize: 2, name: "Kato", occasion: "birthday", specialRequests: "Window seat", notes: "Regular" },
      { clock, kv },
    );
    expect(b).toMatchObject({ occasion: "birthday", specialRequests: "Window seat", notes: "Regular" });
    const book = await getDayBook(t.db, { restaurantId, principal: host, date: "2030-03-05" }, { clock });
    expect(book.reservations.find((r) => r.id === b.id)).toMatchObject({ occasion: "birthday", specialRequests: "Window seat" });
  });

  it("refuses a second booking overlapping the same table with a clear message", async () => {
    await createPhoneBooking(t.db, { restaurantId, principal: host, startsAt: at("2030-03-05T10:00:00Z"), partySize: 2, name: "One", tableId: t1 }, { clock, kv });
    const e = await expectCode(
      createPhoneBooking(t.db, { restaurantId, principal: host, startsAt: at("2030-03-05T10:30:00Z"), partySize: 2, name: "Two", tableId: t1 }, { clock, kv }),
      "slot_unavailable",
    );
    expect(e.message).toBe("Table T1 already has a reservation that overlaps that time.");
    expect(await t.db.select().from(reservations).where(eq(reservations.tableId, t1))).toHaveLength(1);
  });

  it("refuses another restaurant's reservation even when the caller runs this book", async () => {
    for (const status of ["seated", "completed", "no_show"] as const) {
      await expectCode(setReservationStatus(t.db, { restaurantId, reservationId: otherReservationId, principal: owner, status }), "not_found");
    }
    await expectCode(cancelFromBook(t.db, { restaurantId, reservationId: otherReservationId, principal: owner }), "not_found");
    await expectCode(setReservationStatus(t.db, { restaurantId: otherRestaurantId, reservationId: otherReservationId, principal: owner, status: "seated" }), "not_found");
    const [row] = await t.db.select().from(reservations).where(eq(reservations.id, otherReservationId));
    expect(row!.status).toBe("confirmed");
  });
});
