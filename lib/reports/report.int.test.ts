import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payments, reservations, reviews, type Payment } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { DomainError } from "@/lib/errors";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurantWith } from "@/lib/testing/fixtures";
import { reportToCsv } from "./csv";
import { getReport, openMinutesPerTable } from "./report";

let t: TestDb;
let restaurantId: string;
let owner: Principal;
let manager: Principal;
let host: Principal;
let t1: string;
let t2: string;

beforeAll(async () => {
  t = await openTestApp({ kv: false, appDb: false });
  // New York: 19:00 local is 00:00 UTC the next day, so grouping by UTC date would be wrong.
  const setup = await insertRestaurantWith(t.db, {
    restaurant: { timezone: "America/New_York", slug: "report-test" },
    // Every day 18:00–21:00 every 30 min, 2 hours: open 18:00–23:00 = 300 minutes per table.
    sessions: [{ firstSeating: "18:00", lastSeating: "21:00", intervalMinutes: 30, turnMinutes: 120 }],
    tables: [{ label: "T1" }, { label: "T2" }],
    staff: { owner: {}, manager: {}, host: {} },
  });
  const r = setup.restaurant;
  restaurantId = r.id;
  [t1, t2] = setup.tables.map((x) => x.id) as [string, string];
  [owner, manager, host] = [setup.staff.owner!.principal, setup.staff.manager!.principal, setup.staff.host!.principal];

  const add = async (tableId: string, startIso: string, serviceDate: string, status: "completed" | "no_show" | "cancelled" | "confirmed" | "seated", partySize: number, source: "web" | "walk_in" = "web") => {
    const row = await insertReservation(t.db, {
      restaurantId,
      tableId,
      startsAt: new Date(startIso),
      endsAt: new Date(new Date(startIso).getTime() + 120 * 60_000),
      status,
      partySize,
      serviceDate,
    });
    if (source !== "web") await t.sql`update reservations set source = ${source} where id = ${row.id}`;
    return row.id;
  };
  const pay = (reservationId: string, p: Pick<Payment, "kind" | "status" | "amountCents" | "capturedCents" | "refundedCents"> & { currency?: string }) =>
    t.db.insert(payments).values({ reservationId, restaurantId, currency: "EUR", ...p });
  // 2030-03-05 (local): two completed, one no-show, one cancelled, one walk-in.
  // Money: a deposit partly refunded, a deposit kept from the no-show, a fee charged for the late cancel.
  const paidDinner = await add(t1, "2030-03-05T23:00:00Z", "2030-03-05", "completed", 2);
  await pay(paidDinner, { kind: "deposit", status: "partially_refunded", amountCents: 4000, capturedCents: 4000, refundedCents: 1000 });
  await add(t1, "2030-03-06T01:00:00Z", "2030-03-05", "completed", 4);
  const noShow = await add(t2, "2030-03-05T23:00:00Z", "2030-03-05", "no_show", 3);
  await pay(noShow, { kind: "deposit", status: "forfeited", amountCents: 6000, capturedCents: 6000, refundedCents: 0 });
  const lateCancel = await add(t2, "2030-03-06T01:00:00Z", "2030-03-05", "cancelled", 2);
  await pay(lateCancel, { kind: "card_guarantee", status: "charged", amountCents: 1000, capturedCents: 1000, refundedCents: 0 });
  await add(t2, "2030-03-06T02:00:00Z", "2030-03-05", "completed", 2, "walk_in");
  // 2030-03-06: one confirmed ahead, its deposit taken in pounds before the restaurant switched to euros.
  const ahead = await add(t1, "2030-03-06T23:30:00Z", "2030-03-06", "confirmed", 5);
  await pay(ahead, { kind: "deposit", status: "paid", amountCents: 5000, capturedCents: 5000, refundedCents: 0, currency: "GBP" });
  // Outside the range.
  await add(t1, "2030-03-09T23:00:00Z", "2030-03-09", "completed", 8);
});
afterAll(() => closeTestApp(t));

describe("getReport", () => {
  it("counts reservations, covers, no-shows and utilisation per local service date", async () => {
    const report = await getReport(t.db, owner, restaurantId, { from: "2030-03-05", to: "2030-03-07" });
    expect(report.days.map((d) => d.date)).toEqual(["2030-03-05", "2030-03-06", "2030-03-07"]);
    expect(report.days[0]).toEqual({
      date: "2030-03-05",
      reservations: 4,
      covers: 8,
      completed: 3,
      noShows: 1,
      cancelled: 1,
      walkIns: 1,
      outcomes: 3,
      bookedMinutes: 360,
      openMinutes: 600,
      depositsTakenCents: 10_000,
      refundedCents: 1000,
      depositsKeptCents: 6000,
      noShowFeesCents: 1000,
      reviews: 0,
      reviewStars: 0,
      reviewsUnreplied: 0,
    });
    expect(report.currency).toBe("EUR");
    expect(report.otherCurrencies).toEqual(["GBP"]);
    expect(report.days[1]).toMatchObject({ depositsTakenCents: 0, refundedCents: 0 });
    expect(report.days[1]).toMatchObject({ reservations: 1, covers: 5, noShows: 0, bookedMinutes: 120, openMinutes: 600 });
    expect(report.days[2]).toMatchObject({ reservations: 0, covers: 0, bookedMinutes: 0, openMinutes: 600 });
    expect(report.totals).toMatchObject({ reservations: 5, covers: 13, noShows: 1, outcomes: 3, bookedMinutes: 480, openMinutes: 1800, activeTables: 2 });
    expect(report.totals.noShowRate).toBeCloseTo(1 / 3);
    expect(report.totals.utilisation).toBeCloseTo(480 / 1800);
    expect(report.tables).toEqual([
      { tableId: t1, label: "T1", active: true, bookedMinutes: 360, reservations: 3, utilisation: 360 / 900 },
      { tableId: t2, label: "T2", active: true, bookedMinutes: 120, reservations: 1, utilisation: 120 / 900 },
    ]);
  });

  it("exports the same numbers as CSV, with a total line", async () => {
    const report = await getReport(t.db, manager, restaurantId, { from: "2030-03-05", to: "2030-03-06" });
    const lines = reportToCsv(report).trimEnd().split("\r\n");
    expect(lines).toEqual([
      "date,reservations,covers,completed,no_shows,cancelled,walk_ins,no_show_rate,booked_table_hours,open_table_hours,utilisation,deposits_taken,refunded,deposits_kept,no_show_fees,currency,reviews,average_rating,reviews_unreplied",
      "2030-03-05,4,8,3,1,1,1,0.3333,6.00,10.00,0.6000,100.00,10.00,60.00,10.00,EUR,0,,0",
      "2030-03-06,1,5,0,0,0,0,,2.00,10.00,0.2000,0.00,0.00,0.00,0.00,EUR,0,,0",
      "total,5,13,3,1,1,1,0.3333,8.00,20.00,0.4000,100.00,10.00,60.00,10.00,EUR,0,,0",
    ]);
  });

  it("refuses bad ranges, hosts and strangers", async () => {
    const code = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
    expect(await code(getReport(t.db, owner, restaurantId, { from: "2030-03-07", to: "2030-03-05" }))).toBe("invalid_input");
    expect(await code(getReport(t.db, owner, restaurantId, { from: "2030-01-01", to: "2031-06-01" }))).toBe("invalid_input");
    expect(await code(getReport(t.db, owner, restaurantId, { from: "2030-02-30", to: "2030-03-01" }))).toBe("invalid_input");
    expect(await code(getReport(t.db, host, restaurantId, { from: "2030-03-05", to: "2030-03-06" }))).toBe("forbidden");
    expect(await code(getReport(t.db, null, restaurantId, { from: "2030-03-05", to: "2030-03-06" }))).toBe("unauthenticated");
    expect((await t.db.select().from(reservations)).length).toBe(7);
  });

  it("sums the reviews written in the range, by the restaurant's local date, with the newest listed", async () => {
    const review = async (createdAt: string, rating: number, author: string, reply: string | null) => {
      const visit = await insertReservation(t.db, {
        restaurantId,
        tableId: t2,
        startsAt: new Date(`2030-05-0${rating}T23:00:00Z`),
        endsAt: new Date(`2030-05-0${rating}T23:30:00Z`),
        status: "completed",
        serviceDate: `2030-05-0${rating}`,
      });
      await t.db.insert(reviews).values({ reservationId: visit.id, restaurantId, rating, text: `${rating} stars`, authorName: author, visitedOn: "2030-03-01", replyText: reply, createdAt: new Date(createdAt) });
    };
    // 22:00 on 5 March in New York: in the range.
    await review("2030-03-06T03:00:00Z", 4, "Ana P.", "Thank you!");
    // 23:30 on 6 March in New York (already the 7th in UTC): in the range.
    await review("2030-03-07T04:30:00Z", 5, "Ben Q.", null);
    // 00:30 on 7 March in New York: outside it.
    await review("2030-03-07T05:30:00Z", 1, "Cy R.", null);
    const report = await getReport(t.db, owner, restaurantId, { from: "2030-03-05", to: "2030-03-06" });
    expect(report.reviews).toMatchObject({ count: 2, average: 4.5, unanswered: 1 });
    expect(report.reviews.byStars).toEqual([
      { stars: 5, count: 1 },
      { stars: 4, count: 1 },
      { stars: 3, count: 0 },
      { stars: 2, count: 0 },
      { stars: 1, count: 0 },
    ]);
    expect(report.reviews.latest.map((r) => [r.author, r.rating, r.replied])).toEqual([
      ["Ben Q.", 5, false],
      ["Ana P.", 4, true],
    ]);
    // Per local date written, for the CSV: the 5th has Ana's, the 6th Ben's (unreplied).
    expect(report.days.map((d) => [d.date, d.reviews, d.reviewStars, d.reviewsUnreplied])).toEqual([
      ["2030-03-05", 1, 4, 0],
      ["2030-03-06", 1, 5, 1],
    ]);
    expect(report.totals).toMatchObject({ reviews: 2, reviewStars: 9, reviewsUnreplied: 1 });
    const csv = reportToCsv(report).split("\r\n");
    expect(csv[0]).toMatch(/,reviews,average_rating,reviews_unreplied$/);
    expect(csv[1]).toMatch(/^2030-03-05,.*,1,4\.00,0$/);
    expect(csv[2]).toMatch(/^2030-03-06,.*,1,5\.00,1$/);
    expect(csv[3]).toMatch(/^total,.*,2,4\.50,1$/);
    // The visits reviewed are on other dates: the booking numbers are unchanged.
    expect(report.totals.reservations).toBe(5);
    const none = await getReport(t.db, owner, restaurantId, { from: "2030-02-01", to: "2030-02-02" });
    expect(none.reviews).toMatchObject({ count: 0, average: null, unanswered: 0, latest: [] });
  });
});

describe("openMinutesPerTable", () => {
  const session = { id: "s", name: "Dinner", days: [1, 2, 3, 4, 5, 6, 7], firstSeating: "18:00", lastSeating: "21:00", intervalMinutes: 30, turnMinutes: 120, maxCoversPerSlot: null };

  it("is the span from first seating to the last one's end, nothing on closed days, overlaps counted once", () => {
    expect(openMinutesPerTable("Europe/London", "2030-03-05", [session], [])).toBe(300);
    expect(openMinutesPerTable("Europe/London", "2030-03-05", [session], [{ startDate: "2030-03-05", endDate: "2030-03-05" }])).toBe(0);
    const lunch = { ...session, id: "l", firstSeating: "12:00", lastSeating: "14:00", turnMinutes: 60 };
    const overlapping = { ...session, id: "o", firstSeating: "20:00", lastSeating: "22:00", turnMinutes: 60 };
    expect(openMinutesPerTable("Europe/London", "2030-03-05", [session, lunch, overlapping], [])).toBe(300 + 180);
  });

  it("follows the clock across a DST change: a session past 01:00 on spring-forward night is an hour shorter", () => {
    const late = { ...session, firstSeating: "23:00", lastSeating: "03:00", intervalMinutes: 60, turnMinutes: 60 };
    // 2030-03-31 is the UK's spring-forward night; 01:00 does not exist, so 23:00 → 04:00 is four real hours.
    expect(openMinutesPerTable("Europe/London", "2030-03-30", [late], [])).toBe(240);
    expect(openMinutesPerTable("Europe/London", "2030-03-23", [late], [])).toBe(300);
  });
});
