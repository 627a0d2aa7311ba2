import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryKv } from "@/lib/redis";
import { listMyReservations, confirmReservation } from "@/lib/reservations";
import { searchSchema } from "@/lib/restaurants/contract";
import { searchRestaurants } from "@/lib/restaurants/search";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurantWith, insertTable, insertUser } from "@/lib/testing/fixtures";
import { cancelExperience, createExperience } from "./experiences";
import { holdSeats } from "./seats";

/**
 * The diner's side of experiences on real Postgres: the search filter "experiences" (the one search
 * contract the page and the API read), and a diner's own list showing seat bookings with the
 * experience, the section and the seats beside table bookings.
 */
let t: TestDb;
const kv = createMemoryKv();

beforeAll(async () => {
  t = await openTestApp({ kv, appDb: false });
});
afterAll(() => closeTestApp(t));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function restaurantWithOwner(name: string) {
  const { restaurant: r, staff } = await insertRestaurantWith(t.db, { restaurant: { name }, staff: { owner: {} } });
  return { r, owner: staff.owner!.principal };
}

async function experienceAt(
  restaurant: Awaited<ReturnType<typeof restaurantWithOwner>>,
  options: { published?: boolean; priceCents?: number; name?: string } = {},
) {
  return createExperience(
    t.db,
    {
      restaurantId: restaurant.r.id,
      principal: restaurant.owner,
      experience: {
        name: options.name ?? "Wine dinner",
        startsAt: inDays(5),
        durationMinutes: 150,
        currency: "EUR",
        sections: [
          { name: "Counter", capacity: 8, price_cents: options.priceCents ?? 0 },
          { name: "Room", capacity: 20, price_cents: 0 },
        ],
        published: options.published ?? true,
      },
    },
    { kv },
  );
}

describe("search filter: experiences", () => {
  const word = `xq${Date.now().toString(36)}`;
  let withOne: Awaited<ReturnType<typeof restaurantWithOwner>>;
  let draftOnly: Awaited<ReturnType<typeof restaurantWithOwner>>;
  let cancelledOnly: Awaited<ReturnType<typeof restaurantWithOwner>>;
  let pastOnly: Awaited<ReturnType<typeof restaurantWithOwner>>;
  let none: Awaited<ReturnType<typeof restaurantWithOwner>>;

  beforeAll(async () => {
    withOne = await restaurantWithOwner(`Upcoming ${word}`);
    await experienceAt(withOne);
    draftOnly = await restaurantWithOwner(`Draft ${word}`);
    await experienceAt(draftOnly, { published: false });
    cancelledOnly = await restaurantWithOwner(`Cancelled ${word}`);
    const cancelled = await experienceAt(cancelledOnly);
    await cancelExperience(t.db, { experienceId: cancelled.id, principal: cancelledOnly.owner });
    pastOnly = await restaurantWithOwner(`Past ${word}`);
    const past = await experienceAt(pastOnly);
    // Created upcoming (the service refuses a past start), then moved into the past as time would.
    await t.db.execute(sql`update experiences set starts_at = now() - interval '3 days', ends_at = now() - interval '2 days' where id = ${past.id}`);
    none = await restaurantWithOwner(`Plain ${word}`);
  });

  it("keeps only restaurants with an upcoming published experience that is not cancelled", async () => {
    const all = await searchRestaurants(t.db, { q: word });
    expect(all.items.map((i) => i.restaurant.id).sort()).toEqual([withOne, draftOnly, cancelledOnly, pastOnly, none].map((x) => x.r.id).sort());
    const filtered = await searchRestaurants(t.db, { q: word, experiences: true });
    expect(filtered.items.map((i) => i.restaurant.id)).toEqual([withOne.r.id]);
    const off = await searchRestaurants(t.db, { q: word, experiences: false });
    expect(off.items).toHaveLength(5);
  });

  it("reads `experiences=true|false` from the one search contract, and refuses anything else naming the field", async () => {
    const parsed = searchSchema.parse({ q: word, experiences: "true" });
    expect(parsed.experiences).toBe(true);
    expect(searchSchema.parse({ experiences: "false" }).experiences).toBe(false);
    expect(searchSchema.parse({}).experiences).toBeUndefined();
    const bad = searchSchema.safeParse({ experiences: "yes" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["experiences"]);
    const result = await searchRestaurants(t.db, parsed);
    expect(result.items.map((i) => i.restaurant.name)).toEqual([`Upcoming ${word}`]);
  });
});

describe("listMyReservations", () => {
  it("lists a diner's seat bookings with the experience, the section, the seats and the price, beside their table bookings", async () => {
    const place = await restaurantWithOwner("Seats and tables");
    const experience = await experienceAt(place, { priceCents: 0, name: "Sake pairing" });
    const counter = experience.sections.find((s) => s.name === "Counter")!;
    const diner = await insertUser(t.db);
    const principal = { userId: diner.id, email: diner.email, name: diner.name };

    const held = await holdSeats(t.db, { experienceId: experience.id, sectionId: counter.id, partySize: 3, principal, holderKey: `user:${diner.id}`, source: "web" }, { kv });
    await confirmReservation(t.db, { reservationId: held.reservation.id, access: { principal }, details: { name: "Sam Diner", email: diner.email } });
    const table = await insertTable(t.db, place.r.id, { minSeats: 1, maxSeats: 4 });
    const dinner = await insertReservation(t.db, {
      restaurantId: place.r.id,
      tableId: table.id,
      status: "confirmed",
      startsAt: new Date(inDays(9)),
      endsAt: new Date(new Date(inDays(9)).getTime() + 90 * 60_000),
    });
    await t.db.execute(sql`update reservations set user_id = ${diner.id} where id = ${dinner.id}`);
    // Somebody else's seats never show.
    const other = await insertUser(t.db);
    await holdSeats(
      t.db,
      { experienceId: experience.id, sectionId: counter.id, partySize: 1, principal: { userId: other.id, email: other.email, name: other.name }, holderKey: `user:${other.id}`, source: "web" },
      { kv },
    );

    const mine = await listMyReservations(t.db, principal);
    expect(mine.map((r) => r.id)).toEqual([held.reservation.id, dinner.id]);
    const [seats, tableBooking] = mine;
    expect(seats).toMatchObject({
      status: "confirmed",
      partySize: 3,
      table: null,
      experience: { id: experience.id, name: "Sake pairing", section: { id: counter.id, name: "Counter" } },
      amountCents: 0,
      currency: "EUR",
    });
    expect(tableBooking).toMatchObject({ table: { id: table.id }, experience: null, amountCents: null });
  });
});
