import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurant } from "@/lib/testing/fixtures";
import { listHomeRestaurants } from "./home";

describe("listHomeRestaurants", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestApp({ appDb: false, kv: false });
  });
  afterAll(() => closeTestApp(t));

  it("returns an empty list when nothing is published", async () => {
    await insertRestaurant(t.db, { name: "Draft Diner", published: false });
    expect(await listHomeRestaurants(t.db)).toEqual([]);
  });

  it("lists only published restaurants, by name, with what the home page shows", async () => {
    await insertRestaurant(t.db, {
      name: "Zest",
      slug: "zest",
      cuisine: "Thai",
      city: "Bangkok",
      priceBand: 2,
      timezone: "Asia/Bangkok",
    });
    await insertRestaurant(t.db, { name: "Anchor", slug: "anchor", timezone: "Europe/Dublin" });
    const list = await listHomeRestaurants(t.db);
    expect(list.map((r) => r.name)).toEqual(["Anchor", "Zest"]);
    expect(list[1]).toMatchObject({
      slug: "zest",
      cuisine: "Thai",
      city: "Bangkok",
      priceBand: 2,
      timezone: "Asia/Bangkok",
    });
  });
});
