import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closures } from "@/db/schema";
import { fixedClock } from "@/lib/clock";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { findNextAvailableDate } from "./next-available";

/** 2030-03-06 is a Wednesday; "now" is the morning before. */
const clock = fixedClock("2030-03-05T09:00:00Z");
const FRIDAY = 5;

describe("findNextAvailableDate", () => {
  let t: TestDb;

  beforeAll(async () => {
    t = await openTestApp({ appDb: false, kv: false });
  });

  afterAll(() => closeTestApp(t));

  /** London, one table for up to 4, dinner 17:00–21:00 on the given weekdays. */
  async function restaurant(days: number[], values: Parameters<typeof insertRestaurant>[1] = {}) {
    const r = await insertRestaurant(t.db, { timezone: "Europe/London", minNoticeMinutes: 0, bookingWindowDays: 60, ...values });
    const table = await insertTable(t.db, r.id, { minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, r.id, { days, firstSeating: "17:00", lastSeating: "21:00", intervalMinutes: 30, turnMinutes: 90 });
    return { r, table };
  }

  const next = (restaurantId: string, after: string, partySize = 2) =>
    findNextAvailableDate(t.db, { restaurantId, after, partySize }, { clock });

  it("skips days the restaurant does not open", async () => {
    const { r } = await restaurant([FRIDAY]);
    expect(await next(r.id, "2030-03-06")).toEqual({ date: "2030-03-08", firstTime: "17:00" });
  });

  it("skips a full day and a closed one, and names the first free seating", async () => {
    const { r, table } = await restaurant([FRIDAY]);
    // Friday the 8th: the one table is taken from 17:00 to 20:00, so 20:00 is its first free seating...
    await insertReservation(t.db, {
      restaurantId: r.id,
      tableId: table.id,
      startsAt: new Date("2030-03-08T17:00:00Z"),
      endsAt: new Date("2030-03-08T20:00:00Z"),
      serviceDate: "2030-03-08",
    });
    expect(await next(r.id, "2030-03-06")).toEqual({ date: "2030-03-08", firstTime: "20:00" });
    // ...and once the rest of the evening goes too, and the 15th is closed, the 22nd is next.
    await insertReservation(t.db, {
      restaurantId: r.id,
      tableId: table.id,
      startsAt: new Date("2030-03-08T20:00:00Z"),
      endsAt: new Date("2030-03-08T23:00:00Z"),
      serviceDate: "2030-03-08",
    });
    await t.db.insert(closures).values({ restaurantId: r.id, startDate: "2030-03-15", endDate: "2030-03-15" });
    expect(await next(r.id, "2030-03-06")).toEqual({ date: "2030-03-22", firstTime: "17:00" });
  });

  it("looks past the first chunk of days, but never past the booking window", async () => {
    const { r } = await restaurant([1, 2, 3, 4, 5, 6, 7]);
    await t.db.insert(closures).values({ restaurantId: r.id, startDate: "2030-03-07", endDate: "2030-04-10" });
    expect(await next(r.id, "2030-03-06")).toEqual({ date: "2030-04-11", firstTime: "17:00" });

    const { r: near } = await restaurant([1, 2, 3, 4, 5, 6, 7], { bookingWindowDays: 20 });
    await t.db.insert(closures).values({ restaurantId: near.id, startDate: "2030-03-07", endDate: "2030-04-10" });
    expect(await next(near.id, "2030-03-06")).toBeNull();
  });

  it("starts from today when asked about a day already past", async () => {
    const { r } = await restaurant([1, 2, 3, 4, 5, 6, 7]);
    expect(await next(r.id, "2029-01-01")).toEqual({ date: "2030-03-05", firstTime: "17:00" });
  });

  it("finds nothing for a party no table seats, or one outside the restaurant's range", async () => {
    const { r } = await restaurant([1, 2, 3, 4, 5, 6, 7], { maxPartySize: 8 });
    expect(await next(r.id, "2030-03-06", 6)).toBeNull();
    expect(await next(r.id, "2030-03-06", 9)).toBeNull();
  });

  it("does not show a draft restaurant to the public", async () => {
    const { r } = await restaurant([1, 2, 3, 4, 5, 6, 7], { published: false });
    await expect(next(r.id, "2030-03-06")).rejects.toMatchObject({ code: "not_found" });
  });
});
