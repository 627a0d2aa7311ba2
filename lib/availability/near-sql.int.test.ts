import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closures, experiences } from "@/db/schema";
import { fixedClock } from "@/lib/clock";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { aroundDate, nearestOf, searchRestaurants } from "@/lib/restaurants/search";
import { loadDayContext } from "./load";
import { addDays } from "./slots";

/**
 * The search's one-statement availability (near-sql.ts) against the engine's own answer for each
 * restaurant (computeAvailability over the days the booking service loads, narrowed to the times
 * near the wanted one): every date, time and party of a grid, every restaurant, every field the
 * search returns.
 */

const NOW = new Date("2030-03-05T09:00:00Z");
const clock = fixedClock(NOW.toISOString());
const LIVE = new Date("2030-03-05T10:00:00Z");
const LAPSED = new Date("2030-03-05T08:00:00Z");

/**
 * A Wednesday; New York's spring-forward Sunday (02:00–03:00 never happens); Auckland's and Lord
 * Howe's autumn Sunday (a repeated hour, and half hour); London's autumn Sunday; New York's autumn
 * Sunday.
 */
const DATES = ["2030-03-06", "2030-03-10", "2030-04-07", "2030-10-27", "2030-11-03"];
const TIMES = [
  ...Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`),
  "01:15",
  "01:45",
  "02:15",
  "02:45",
];
const PARTIES = [1, 2, 5];

describe("search availability agrees with the engine", () => {
  let t: TestDb;
  const word = `zn${Date.now().toString(36)}`;
  const ids: string[] = [];

  const restaurant = async (name: string, values: Parameters<typeof insertRestaurant>[1]) => {
    const r = await insertRestaurant(t.db, { name: `${name} ${word}`, minNoticeMinutes: 0, bookingWindowDays: 365, ...values });
    ids.push(r.id);
    return r;
  };

  beforeAll(async () => {
    t = await createTestDb(inject("templateDb"));

    // London: table sizes (one offline, one inactive), bookings, live, lapsed and cancelled holds, a closure.
    const basic = await restaurant("Basic", { timezone: "Europe/London" });
    const small = await insertTable(t.db, basic.id, { label: "T1", minSeats: 1, maxSeats: 2 });
    const four = await insertTable(t.db, basic.id, { label: "T2", minSeats: 2, maxSeats: 4 });
    await insertTable(t.db, basic.id, { label: "T3", minSeats: 4, maxSeats: 8, online: false });
    await insertTable(t.db, basic.id, { label: "T4", minSeats: 1, maxSeats: 8, active: false });
    await insertSession(t.db, basic.id, { firstSeating: "17:00", lastSeating: "22:00", intervalMinutes: 30, turnMinutes: 90 });
    const at = (iso: string) => new Date(iso);
    await insertReservation(t.db, { restaurantId: basic.id, tableId: small.id, startsAt: at("2030-03-06T19:00:00Z"), endsAt: at("2030-03-06T20:30:00Z") });
    await insertReservation(t.db, { restaurantId: basic.id, tableId: small.id, startsAt: at("2030-03-06T21:00:00Z"), endsAt: at("2030-03-06T22:30:00Z"), status: "cancelled" });
    await insertReservation(t.db, { restaurantId: basic.id, tableId: four.id, startsAt: at("2030-03-06T18:30:00Z"), endsAt: at("2030-03-06T20:00:00Z"), status: "held", holdExpiresAt: LIVE });
    await insertReservation(t.db, { restaurantId: basic.id, tableId: four.id, startsAt: at("2030-03-06T20:30:00Z"), endsAt: at("2030-03-06T22:00:00Z"), status: "held", holdExpiresAt: LAPSED });
    await insertReservation(t.db, { restaurantId: basic.id, tableId: small.id, startsAt: at("2030-10-27T17:00:00Z"), endsAt: at("2030-10-27T18:30:00Z"), status: "seated" });
    await t.db.insert(closures).values({ restaurantId: basic.id, startDate: "2030-04-06", endDate: "2030-04-07" });

    // Tokyo: a late session past midnight, not on Sundays, closed the Saturday before New York's autumn Sunday.
    const late = await restaurant("Late", { timezone: "Asia/Tokyo" });
    await insertTable(t.db, late.id, { minSeats: 1, maxSeats: 6 });
    await insertSession(t.db, late.id, { name: "Late", days: [1, 2, 3, 4, 5, 6], firstSeating: "22:00", lastSeating: "00:30", intervalMinutes: 30, turnMinutes: 60 });
    await t.db.insert(closures).values({ restaurantId: late.id, startDate: "2030-11-02", endDate: "2030-11-02" });

    // Paris: turn times by party size (listed out of order), party limits, notice, pacing.
    const rules = await restaurant("Rules", { timezone: "Europe/Paris", minPartySize: 2, maxPartySize: 6, minNoticeMinutes: 120 });
    const pair = await insertTable(t.db, rules.id, { label: "P1", minSeats: 1, maxSeats: 2 });
    await insertTable(t.db, rules.id, { label: "P2", minSeats: 2, maxSeats: 6 });
    await insertTable(t.db, rules.id, { label: "P3", minSeats: 2, maxSeats: 6 });
    await insertSession(t.db, rules.id, {
      firstSeating: "18:00",
      lastSeating: "22:30",
      intervalMinutes: 30,
      maxCoversPerSlot: 6,
      turnMinutes: [
        { max_party_size: 6, minutes: 150 },
        { max_party_size: 2, minutes: 60 },
        { max_party_size: 4, minutes: 90 },
      ],
    });
    await insertReservation(t.db, { restaurantId: rules.id, tableId: pair.id, startsAt: at("2030-03-06T18:00:00Z"), endsAt: at("2030-03-06T19:00:00Z"), partySize: 2 });
    const p2 = (await t.db.execute<{ id: string }>(sql`select id from dining_tables where restaurant_id = ${rules.id} and label = 'P2'`))[0]!.id;
    await insertReservation(t.db, { restaurantId: rules.id, tableId: p2, startsAt: at("2030-03-06T18:00:00Z"), endsAt: at("2030-03-06T20:30:00Z"), partySize: 3 });

    // London: an experience closing the room (and a cancelled and an unpublished one that do not), two sessions
    // offering the same instants with different turns, lunch.
    const event = await restaurant("Event", { timezone: "Europe/London" });
    await insertTable(t.db, event.id, { minSeats: 1, maxSeats: 4 });
    await insertTable(t.db, event.id, { minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, event.id, { name: "Lunch", firstSeating: "12:00", lastSeating: "14:00", intervalMinutes: 15, turnMinutes: 60 });
    await insertSession(t.db, event.id, { name: "Dinner", firstSeating: "18:00", lastSeating: "22:00", intervalMinutes: 15, turnMinutes: 120 });
    await insertSession(t.db, event.id, { name: "Bar", firstSeating: "18:00", lastSeating: "23:00", intervalMinutes: 30, turnMinutes: 45 });
    await insertSession(t.db, event.id, { name: "Early", firstSeating: "17:45:30", lastSeating: "19:00", intervalMinutes: 45, turnMinutes: 30 });
    const experience = (startsAt: string, endsAt: string, extra: Partial<typeof experiences.$inferInsert>) =>
      t.db.insert(experiences).values({
        restaurantId: event.id, name: "Wine dinner", startsAt: at(startsAt), endsAt: at(endsAt), serviceDate: startsAt.slice(0, 10),
        currency: "EUR", closesRegularService: true, published: true, ...extra,
      });
    await experience("2030-03-06T19:30:00Z", "2030-03-06T21:00:00Z", {});
    await experience("2030-03-06T17:00:00Z", "2030-03-06T18:00:00Z", { cancelledAt: NOW });
    await experience("2030-03-06T12:00:00Z", "2030-03-06T13:00:00Z", { published: false });
    await experience("2030-10-27T12:00:00Z", "2030-10-27T13:00:00Z", { closesRegularService: false });

    // New York: an early session after midnight and the previous day's late session offering the same times
    // (different turns), across the spring gap and the autumn fold; a booking the longer turn runs into.
    const gap = await restaurant("Gap", { timezone: "America/New_York" });
    const g1 = await insertTable(t.db, gap.id, { minSeats: 1, maxSeats: 4 });
    await insertTable(t.db, gap.id, { minSeats: 1, maxSeats: 2 });
    await insertSession(t.db, gap.id, { name: "Night", firstSeating: "00:00", lastSeating: "04:00", intervalMinutes: 30, turnMinutes: 60 });
    await insertSession(t.db, gap.id, { name: "Late", firstSeating: "22:00", lastSeating: "02:30", intervalMinutes: 30, turnMinutes: 150 });
    await insertReservation(t.db, { restaurantId: gap.id, tableId: g1.id, startsAt: at("2030-03-10T08:00:00Z"), endsAt: at("2030-03-10T09:00:00Z") });
    await insertReservation(t.db, { restaurantId: gap.id, tableId: g1.id, startsAt: at("2030-11-03T06:30:00Z"), endsAt: at("2030-11-03T07:30:00Z") });

    // Auckland and Lord Howe: a repeated hour, and a repeated half hour.
    const fold = await restaurant("Fold", { timezone: "Pacific/Auckland" });
    await insertTable(t.db, fold.id, { minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, fold.id, { firstSeating: "00:30", lastSeating: "03:30", intervalMinutes: 30, turnMinutes: 60 });
    const howe = await restaurant("Howe", { timezone: "Australia/Lord_Howe" });
    await insertTable(t.db, howe.id, { minSeats: 1, maxSeats: 8 });
    await insertSession(t.db, howe.id, { firstSeating: "00:00", lastSeating: "03:00", intervalMinutes: 15, turnMinutes: 30 });

    // London: a short booking window, small parties only.
    const window = await restaurant("Window", { timezone: "Europe/London", bookingWindowDays: 3, maxPartySize: 2 });
    await insertTable(t.db, window.id, { minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, window.id, { firstSeating: "11:00", lastSeating: "23:00", intervalMinutes: 60, turnMinutes: 60 });

    // London: a late session through the autumn fold.
    const night = await restaurant("Night", { timezone: "Europe/London" });
    await insertTable(t.db, night.id, { minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, night.id, { firstSeating: "23:00", lastSeating: "03:00", intervalMinutes: 30, turnMinutes: 60 });
  });

  afterAll(async () => {
    await t.destroy();
  });

  const fields = (s: { startsAt: Date; endsAt: Date; localTime: string; serviceDate: string; sessionId: string; tablesLeft: number }) =>
    `${s.startsAt.toISOString()}–${s.endsAt.toISOString()} ${s.localTime} ${s.serviceDate} ${s.sessionId} ${s.tablesLeft}`;

  const cases = DATES.flatMap((date) => [undefined, 4].map((count) => ({ date, count })));
  it.each(cases)("on $date returns each restaurant's engine answer near every time and party (at most $count times)", async ({ date, count }) => {
    const contexts = await Promise.all(ids.map((id) => loadDayContext(t.db, id, addDays(date, -1), date)));
    const mismatches: string[] = [];
    let compared = 0;
    for (const partySize of PARTIES) {
      const engine = contexts.map((ctx) => ({ ctx: ctx!, slots: aroundDate(ctx!, date, partySize, NOW) }));
      const searches = await Promise.all(
        TIMES.map((time) => searchRestaurants(t.db, { q: word, date, time, partySize, slotsPerRestaurant: count }, { clock })),
      );
      TIMES.forEach((time, i) => {
        const found = searches[i]!;
        expect(found.nextPage).toBeNull();
        const got = new Map(found.items.map((item) => [item.restaurant.id, item.slots!.map(fields)]));
        for (const { ctx, slots } of engine) {
          const want = nearestOf(slots, ctx.restaurant.timezone, date, time, count).map(fields);
          compared += want.length;
          const have = got.get(ctx.restaurant.id) ?? [];
          if (JSON.stringify(want) !== JSON.stringify(have)) {
            mismatches.push(`${ctx.restaurant.name} ${date} ${time} party ${partySize}: engine [${want.join(", ")}] search [${have.join(", ")}]`);
          }
        }
      });
    }
    expect(mismatches).toEqual([]);
    // Not a comparison of empty answers.
    expect(compared).toBeGreaterThan(50);
  }, 300_000);
});
