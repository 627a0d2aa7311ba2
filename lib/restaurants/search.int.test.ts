import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "@/db/client";
import { fixedClock } from "@/lib/clock";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertRestaurantWith, insertSession, insertTable, type RestaurantSetup } from "@/lib/testing/fixtures";
import { SEARCH_PAGE_SIZE, SEARCH_SLOTS_PER_RESTAURANT, searchRestaurants, type SearchInput } from "./search";

/** 2030-03-06 is a Wednesday; "now" is the morning before, so every evening seating is bookable. */
const DATE = "2030-03-06";
const clock = fixedClock("2030-03-05T09:00:00Z");
type Session = NonNullable<RestaurantSetup["sessions"]>[number];
/** Dinner 17:00–22:00 every 30 min, 90-minute turns. */
const DINNER: Session = { firstSeating: "17:00", lastSeating: "22:00", intervalMinutes: 30, turnMinutes: 90 };

/** The search page's form of the search: at most four times per restaurant. */
const searchWithAvailability = (db: Parameters<typeof searchRestaurants>[0], input: SearchInput) =>
  searchRestaurants(db, { slotsPerRestaurant: SEARCH_SLOTS_PER_RESTAURANT, ...input }, { clock });

describe("search with availability", () => {
  let t: TestDb;
  // A word only this file's restaurants share, so other rows never leak into the results.
  const word = `zq${Date.now().toString(36)}`;
  let open: Awaited<ReturnType<typeof insertRestaurant>>;
  let full: Awaited<ReturnType<typeof insertRestaurant>>;
  let tokyo: Awaited<ReturnType<typeof insertRestaurant>>;
  let small: Awaited<ReturnType<typeof insertRestaurant>>;

  /** A restaurant that takes bookings at once (London unless given), one table for 1–4, and one session. */
  async function oneTable(values: Parameters<typeof insertRestaurant>[1], session: Session = DINNER) {
    const { restaurant, tables } = await insertRestaurantWith(t.db, {
      restaurant: { timezone: "Europe/London", minNoticeMinutes: 0, ...values },
      tables: [{ minSeats: 1, maxSeats: 4 }],
      sessions: [session],
    });
    return { restaurant, tableId: tables[0]!.id };
  }

  beforeAll(async () => {
    t = await openTestApp({ appDb: false, kv: false });
    // London, one table, dinner.
    let openTable: string;
    ({ restaurant: open, tableId: openTable } = await oneTable({ name: `Open ${word}` }));
    // 19:00–20:00 is taken on the one table: 18:00 to 19:30 starts clash with it.
    await insertReservation(t.db, {
      restaurantId: open.id,
      tableId: openTable,
      startsAt: new Date("2030-03-06T19:00:00Z"),
      endsAt: new Date("2030-03-06T20:00:00Z"),
      serviceDate: DATE,
    });

    // Fully booked all evening.
    let fullTable: string;
    ({ restaurant: full, tableId: fullTable } = await oneTable({ name: `Full ${word}` }));
    await insertReservation(t.db, {
      restaurantId: full.id,
      tableId: fullTable,
      startsAt: new Date("2030-03-06T15:45:00Z"),
      endsAt: new Date("2030-03-06T23:45:00Z"),
      serviceDate: DATE,
    });

    // Tokyo, a late session that runs past midnight: 00:30 on Thursday belongs to Wednesday's service.
    ({ restaurant: tokyo } = await oneTable(
      { name: `Late ${word}`, timezone: "Asia/Tokyo" },
      { name: "Late", firstSeating: "22:00", lastSeating: "00:30", intervalMinutes: 30, turnMinutes: 60 },
    ));

    // Takes parties of at most 2.
    ({ restaurant: small } = await oneTable({ name: `Small ${word}`, minPartySize: 1, maxPartySize: 2 }));
  });

  afterAll(() => closeTestApp(t));

  it("keeps only restaurants with a table near the time, each with its nearest bookable times", async () => {
    const result = await searchWithAvailability(t.db, { q: word, date: DATE, time: "19:00", partySize: 2 });
    const byName = new Map(result.items.map((i) => [i.restaurant.name, i.slots!.map((s) => s.localTime)]));
    // Open: 18:00–19:30 starts clash with the 19:00–20:00 booking; within an hour of 19:00, only 20:00 is free.
    expect(byName.get(open.name)).toEqual(["20:00"]);
    expect(byName.has(full.name)).toBe(false);
    // Tokyo has nothing within an hour of 19:00 (its session starts at 22:00).
    expect(byName.has(tokyo.name)).toBe(false);
    // At most four, nearest first (the earlier of two equally near), then shown in time order.
    expect(byName.get(small.name)).toEqual(["18:00", "18:30", "19:00", "19:30"]);
    expect(result.nextPage).toBeNull();
    for (const item of result.items) {
      for (const slot of item.slots!) {
        expect(slot.available).toBe(true);
        expect(slot.startsAt).toBeInstanceOf(Date);
        expect(slot.tablesLeft).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("leaves out a restaurant whose party-size range excludes the party", async () => {
    const result = await searchWithAvailability(t.db, { q: word, date: DATE, time: "21:00", partySize: 4 });
    const names = result.items.map((i) => i.restaurant.name);
    expect(names).toContain(open.name);
    expect(names).not.toContain(small.name);
  });

  it("finds a seating after midnight that belongs to the previous day's late session", async () => {
    // 00:30 on Thursday 7 March in Tokyo is Wednesday's last late seating.
    const result = await searchWithAvailability(t.db, { q: word, date: "2030-03-07", time: "00:30", partySize: 2 });
    const late = result.items.find((i) => i.restaurant.id === tokyo.id);
    expect(late?.slots!.map((s) => s.localTime)).toEqual(["23:30", "00:00", "00:30"]);
    expect(late?.slots!.at(-1)?.startsAt.toISOString()).toBe("2030-03-06T15:30:00.000Z");
  });

  it("answers a page with one query however many restaurants it holds, and one for the page's photos", async () => {
    let queries = 0;
    const counted = postgres(t.url, { max: 1, onnotice: () => {}, fetch_types: false, debug: () => void queries++ });
    try {
      const db = drizzle(counted, { schema });
      const result = await searchWithAvailability(db, { q: word, date: DATE, time: "19:00", partySize: 2 });
      expect(result.items.length).toBeGreaterThanOrEqual(2);
      expect(queries).toBe(2);
    } finally {
      await counted.end({ timeout: 5 });
    }
  });

  it("cuts full pages from the restaurants that have a table, skipping those that have none", async () => {
    const city = `Pageville${word}`;
    const made: string[] = [];
    for (let i = 0; i < SEARCH_PAGE_SIZE + 12; i++) {
      const r = await insertRestaurant(t.db, { name: `P${String(i).padStart(2, "0")} ${city}`, city, timezone: "Europe/London", minNoticeMinutes: 0 });
      made.push(r.id);
      // Every third one has no table at all, so it never has availability.
      if (i % 3 === 0) continue;
      await insertTable(t.db, r.id, { minSeats: 1, maxSeats: 4 });
      await insertSession(t.db, r.id, DINNER);
    }
    const bookable = made.filter((_, i) => i % 3 !== 0);
    expect(bookable.length).toBe(SEARCH_PAGE_SIZE + 1);
    const input = { city, date: DATE, time: "19:00", partySize: 2 };
    const p1 = await searchRestaurants(t.db, input, { clock });
    const p2 = await searchRestaurants(t.db, { ...input, page: 2 }, { clock });
    expect([...p1.items, ...p2.items].map((i) => i.restaurant.id)).toEqual(bookable);
    expect(p1.items).toHaveLength(SEARCH_PAGE_SIZE);
    expect(p1.nextPage).toBe(2);
    expect(p2.nextPage).toBeNull();
    // Without a cap (the API's form) every free time within the hour is returned.
    expect(p1.items[0]!.slots!.map((s) => s.localTime)).toEqual(["18:00", "18:30", "19:00", "19:30", "20:00"]);
  });

  it("refuses a malformed date or time with field errors instead of failing", async () => {
    await expect(
      searchWithAvailability(t.db, { q: word, date: "2030-02-30", time: "25:00", partySize: 2 }),
    ).rejects.toMatchObject({ code: "invalid_input", fields: { date: expect.any(Array), time: expect.any(Array) } });
  });
});

describe("text search ignores accents and case", () => {
  let t: TestDb;
  const word = `zu${Date.now().toString(36)}`;
  let kowhai: Awaited<ReturnType<typeof insertRestaurant>>;
  let creperie: Awaited<ReturnType<typeof insertRestaurant>>;

  beforeAll(async () => {
    t = await openTestApp({ appDb: false, kv: false });
    kowhai = await insertRestaurant(t.db, { name: `Kōwhai Kitchen ${word}`, city: "Auckland", cuisine: "Modern New Zealand" });
    creperie = await insertRestaurant(t.db, { name: `Crêperie Sérieuse ${word}`, city: "Québec", cuisine: "Crêpes" });
  });

  afterAll(() => closeTestApp(t));

  const ids = async (q: string) => (await searchRestaurants(t.db, { q: `${q} ${word}` })).items.map((i) => i.restaurant.id);

  it("finds accented names from plain letters, and plain queries from accented ones", async () => {
    expect(await ids("kowhai")).toEqual([kowhai.id]);
    expect(await ids("KOWHAI kitchen")).toEqual([kowhai.id]);
    expect(await ids("kōw")).toEqual([kowhai.id]);
    expect(await ids("creperie")).toEqual([creperie.id]);
    expect(await ids("quebec")).toEqual([creperie.id]);
    expect(await ids("CRÊPES")).toEqual([creperie.id]);
  });

  it("does not match what is not there", async () => {
    expect(await ids("pohutukawa")).toEqual([]);
  });
});
