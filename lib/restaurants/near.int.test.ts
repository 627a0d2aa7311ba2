import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setDb } from "@/db/client";
import { searchRestaurantsHandler } from "@/lib/api/routes/restaurants";
import { call, TEST_AUTH_SECRET } from "@/lib/api/testing";
import { fixedClock } from "@/lib/clock";
import { setProcessEnv } from "@/lib/env";
import { createMemoryKv, setKv } from "@/lib/redis";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { listSearchPlaces, searchRestaurants } from "./search";

/**
 * Near-me search against real Postgres: distances are computed by the database (haversine), results
 * are filtered by radius and sorted nearest first, a place is searched from the middle of its
 * restaurants, and every bad location, radius or combination is a 400 naming the field, never a 500.
 */
let t: TestDb;
// A word only this file's restaurants share, so rows of other files never leak into the results.
const word = `nm${Date.now().toString(36)}`;
const city = `Neartown ${word}`;
/** The origin; one degree of latitude is 111.195 km on the mean sphere. */
const O = { lat: 38.7223, lng: -9.1393 };
const KM_PER_DEG = 111.195;
const north = (km: number) => ({ latitude: O.lat + km / KM_PER_DEG, longitude: O.lng });

type Row = Awaited<ReturnType<typeof insertRestaurant>>;
let one: Row, five: Row, twenty: Row;

beforeAll(async () => {
  setProcessEnv({ AUTH_SECRET: TEST_AUTH_SECRET });
  setKv(createMemoryKv());
  t = await createTestDb(inject("templateDb"));
  setDb(t.db);
  // Inserted far-to-near so that an unsorted answer could not pass by accident.
  twenty = await insertRestaurant(t.db, { name: `Twenty ${word}`, city, ...north(20), priceBand: 4, ratingSum: 10, ratingCount: 2 });
  five = await insertRestaurant(t.db, { name: `Five ${word}`, city: city.toUpperCase(), ...north(5), priceBand: 2, ratingSum: 8, ratingCount: 2 });
  one = await insertRestaurant(t.db, { name: `One ${word}`, city, ...north(1), priceBand: 1, ratingSum: 3, ratingCount: 1 });
  // Never near anything: no location, or not published.
  await insertRestaurant(t.db, { name: `Nowhere ${word}`, city });
  await insertRestaurant(t.db, { name: `Draft ${word}`, city, ...north(0.5), published: false });
});

afterAll(async () => {
  setDb(null);
  setKv(null);
  await t?.destroy();
});

const search = (qs: string) => call(searchRestaurantsHandler, { path: `/api/v1/restaurants?q=${word}&${qs}` });
const names = (json: { items: { name: string }[] }) => json.items.map((i) => i.name.split(" ")[0]);

describe("near a point", () => {
  it("returns only restaurants with a location, nearest first, each with its distance from the database", async () => {
    const res = await search(`near=${O.lat},${O.lng}`);
    expect(res.status).toBe(200);
    expect(names(res.json)).toEqual(["One", "Five", "Twenty"]);
    const distances = res.json.items.map((i: { distance_km: number }) => i.distance_km);
    expect(distances[0]).toBeCloseTo(1, 1);
    expect(distances[1]).toBeCloseTo(5, 1);
    expect(distances[2]).toBeCloseTo(20, 1);
    expect(res.json.origin).toEqual({ lat: O.lat, lng: O.lng, place: null });
  });

  it("keeps only those within the radius", async () => {
    expect(names((await search(`near=${O.lat},${O.lng}&radius_km=5.5`)).json)).toEqual(["One", "Five"]);
    expect(names((await search(`near=${O.lat},${O.lng}&radius_km=2`)).json)).toEqual(["One"]);
    expect(names((await search(`near=${O.lat},${O.lng}&radius_km=0.5`)).json)).toEqual([]);
    // From the far side: the 20 km restaurant is the nearest.
    const from = `${O.lat + 25 / KM_PER_DEG},${O.lng}`;
    expect(names((await search(`near=${from}&radius_km=10`)).json)).toEqual(["Twenty"]);
  });

  it("sorts by another order when asked, still with distances, and combines with the price filter", async () => {
    const byRating = await search(`near=${O.lat},${O.lng}&sort=rating`);
    expect(names(byRating.json)).toEqual(["Twenty", "Five", "One"]);
    expect(byRating.json.items.every((i: { distance_km?: number }) => typeof i.distance_km === "number")).toBe(true);
    expect(names((await search(`near=${O.lat},${O.lng}&max_price_band=2`)).json)).toEqual(["One", "Five"]);
    expect(names((await search(`max_price_band=1`)).json)).toEqual(["One"]);
  });

  it("gives a finite distance for the far side of the Earth", async () => {
    const antipode = `${-O.lat},${O.lng + 180}`;
    const res = await search(`near=${antipode}`);
    expect(res.status).toBe(200);
    for (const item of res.json.items) expect(item.distance_km).toBeGreaterThan(19_900);
    expect(names(res.json)).toEqual(["Twenty", "Five", "One"]);
  });

  it("without a place, items carry no distance", async () => {
    const res = await search("");
    expect(res.json.origin).toBeNull();
    expect(res.json.items.some((i: object) => "distance_km" in i)).toBe(false);
  });
});

describe("near a place", () => {
  it("lists each city once, whatever its case, with the middle of its located, published restaurants", async () => {
    const places = await listSearchPlaces(t.db);
    const ours = places.filter((p) => p.name.toLowerCase() === city.toLowerCase());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.restaurants).toBe(3);
    expect(ours[0]!.lat).toBeCloseTo(O.lat + 26 / 3 / KM_PER_DEG, 6);
    expect(ours[0]!.lng).toBeCloseTo(O.lng, 6);
  });

  it("searches from that middle, names the place it found, and takes a radius", async () => {
    const res = await search(`place=${encodeURIComponent(city.toLowerCase())}&radius_km=5`);
    expect(res.status).toBe(200);
    expect(res.json.origin.place.toLowerCase()).toBe(city.toLowerCase());
    // The middle is 8.7 km north: Five is 3.7 km from it, One 7.7 km and Twenty 11.3 km.
    expect(names(res.json)).toEqual(["Five"]);
  });
});

describe("bad location input", () => {
  it.each([
    ["near=91,0", "near"],
    ["near=0,181", "near"],
    ["near=abc", "near"],
    ["near=1,2,3", "near"],
    ["near=NaN,NaN", "near"],
    ["near=1e3,2", "near"],
    [`near=${O.lat},${O.lng}&radius_km=0`, "radius_km"],
    [`near=${O.lat},${O.lng}&radius_km=500`, "radius_km"],
    [`near=${O.lat},${O.lng}&radius_km=far`, "radius_km"],
    ["radius_km=5", "radius_km"],
    ["sort=distance", "sort"],
    [`near=${O.lat},${O.lng}&place=${encodeURIComponent(city)}`, "place"],
    ["place=Atlantis", "place"],
    ["max_price_band=5", "max_price_band"],
  ])("%s is a 400 naming %s", async (qs, field) => {
    const res = await search(qs);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
    expect(Object.keys(res.json.error.fields ?? {})).toContain(field);
  });

  it("the service refuses the same things when called directly", async () => {
    await expect(searchRestaurants(t.db, { near: { lat: 95, lng: 0 } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(searchRestaurants(t.db, { near: O, radiusKm: -1 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(searchRestaurants(t.db, { sort: "distance" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("near a point with a date, time and party", () => {
  it("keeps the nearest-first order among the restaurants with a table", async () => {
    for (const r of [one, five, twenty]) {
      await insertTable(t.db, r.id, { minSeats: 1, maxSeats: 4 });
      await insertSession(t.db, r.id, { firstSeating: "17:00", lastSeating: "22:00", intervalMinutes: 30, turnMinutes: 90 });
    }
    const result = await searchRestaurants(
      t.db,
      { q: word, near: O, radiusKm: 25, date: "2030-03-06", time: "19:00", partySize: 2 },
      { clock: fixedClock("2030-03-05T09:00:00Z") },
    );
    expect(result.items.map((i) => i.restaurant.id)).toEqual([one.id, five.id, twenty.id]);
    expect(result.items.every((i) => i.slots!.length > 0 && i.distanceKm! > 0)).toBe(true);
  });
});
