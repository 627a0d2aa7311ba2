import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchRestaurantsHandler as searchRoute, createRestaurantHandler as createRoute } from "@/lib/api/routes/restaurants";
import { getRestaurantHandler as getRoute, updateRestaurantHandler as patchRoute } from "@/lib/api/routes/restaurants";
import { POLICY_DEFAULTS } from "@/lib/api/schemas";
import { call, tokenFor } from "@/lib/api/testing";
import { fixedClock } from "@/lib/clock";
import { createMemoryKv, type Kv } from "@/lib/redis";
import { availabilityVersionKey } from "@/lib/availability/version";
import { searchRestaurants, SEARCH_PAGE_SIZE } from "@/lib/restaurants/search";
import { slugify } from "@/lib/contract/common";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertReservation, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";

let t: TestDb;
let kv: Kv;
let owner: { id: string; email: string; name: string | null };
let ownerToken: string;
let strangerToken: string;

beforeAll(async () => {
  t = await openTestApp({ kv: (kv = createMemoryKv()) });
  owner = await insertUser(t.db);
  ownerToken = await tokenFor(owner);
  strangerToken = await tokenFor(await insertUser(t.db));
});
afterAll(() => closeTestApp(t));

const uniq = () => Math.random().toString(36).slice(2, 8);
/** The owner creates a restaurant over the API. */
const createAsOwner = (body: Record<string, unknown>) => call(createRoute, { token: ownerToken, body });
/** The owner patches restaurant `id` over the API. */
const patchAsOwner = (id: string, body: Record<string, unknown>) => call(patchRoute, { method: "PATCH", params: { id }, token: ownerToken, body });

describe("POST /api/v1/restaurants", () => {
  it("creates a draft with the documented policy defaults, a slug from the name, and the caller as owner", async () => {
    const name = `Café Déjà Vu ${uniq()}`;
    const res = await createAsOwner({ name, timezone: "europe/london", cuisine: "French" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name,
      slug: slugify(name),
      timezone: "Europe/London",
      cuisine: "French",
      city: null,
      published: false,
      policy: POLICY_DEFAULTS,
    });
    expect(res.json.slug).toMatch(/^cafe-deja-vu-/);
    const members = await t.sql`select role from restaurant_members where restaurant_id = ${res.json.id} and user_id = ${owner.id}`;
    expect(members.map((m) => m.role)).toEqual(["owner"]);
  });

  it("numbers a derived slug that is taken, but answers 409 for an explicit slug that is taken", async () => {
    const name = `Twin ${uniq()}`;
    const a = await createAsOwner({ name, timezone: "UTC" });
    const b = await createAsOwner({ name, timezone: "UTC" });
    expect(b.json.slug).toBe(`${a.json.slug}-2`);
    const clash = await createAsOwner({ name: "Other", slug: a.json.slug, timezone: "UTC" });
    expect(clash.status).toBe(409);
    expect(clash.json.error.code).toBe("conflict");
    expect(clash.json.error.fields.slug).toBeDefined();
  });

  it("refuses a bad time zone, a bad policy and a uuid-shaped slug with 400 and field paths", async () => {
    const tz = await createAsOwner({ name: "Z", timezone: "Mars/Olympus" });
    expect(tz.status).toBe(400);
    expect(tz.json.error.fields.timezone).toBeDefined();
    const offset = await createAsOwner({ name: "Z", timezone: "+05:00" });
    expect(offset.status).toBe(400);
    const policy = await call(createRoute, {
      token: ownerToken,
      body: { name: "Z", timezone: "UTC", policy: { hold_minutes: 61, min_party_size: 4, max_party_size: 2 } },
    });
    expect(policy.status).toBe(400);
    expect(Object.keys(policy.json.error.fields).sort()).toEqual(["policy.hold_minutes", "policy.max_party_size"]);
    const uuidSlug = await call(createRoute, {
      token: ownerToken,
      body: { name: "Z", slug: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11", timezone: "UTC" },
    });
    expect(uuidSlug.status).toBe(400);
  });

  it("answers 401 without credentials", async () => {
    const res = await call(createRoute, { body: { name: "Anon", timezone: "UTC" } });
    expect(res.status).toBe(401);
  });
});

describe("GET and PATCH /api/v1/restaurants/{id}", () => {
  it("shows a draft to its members only: 404 for anyone else, by id or slug", async () => {
    const made = await createAsOwner({ name: `Draft ${uniq()}`, timezone: "UTC" });
    const { id, slug } = made.json;
    for (const key of [id, slug]) {
      expect((await call(getRoute, { params: { id: key }, token: ownerToken })).status).toBe(200);
      expect((await call(getRoute, { params: { id: key }, token: strangerToken })).status).toBe(404);
      expect((await call(getRoute, { params: { id: key } })).status).toBe(404);
    }
  });

  it("shows a published restaurant to anyone, by id or slug", async () => {
    const r = await insertRestaurant(t.db, { published: true });
    const byId = await call(getRoute, { params: { id: r.id } });
    const bySlug = await call(getRoute, { params: { id: r.slug.toUpperCase() } });
    expect(byId.status).toBe(200);
    expect(bySlug.json).toEqual(byId.json);
    expect(Object.keys(byId.json).sort()).toEqual(
      ["address", "city", "cuisine", "description", "id", "location", "name", "phone", "photos", "policy", "price_band", "published", "rating", "slug", "timezone", "website"].sort(),
    );
  });

  it("answers 404 for an unknown id and an unknown slug", async () => {
    expect((await call(getRoute, { params: { id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11" } })).status).toBe(404);
    expect((await call(getRoute, { params: { id: "no-such-place" } })).status).toBe(404);
  });

  it("lets the owner change details and policy, merging with the current policy, and bumps the availability version", async () => {
    const made = await createAsOwner({ name: `Patch ${uniq()}`, timezone: "UTC" });
    // Not publishable until it has a table and a session, so diners never find a restaurant with no times.
    const early = await patchAsOwner(made.json.id, { published: true });
    expect([early.status, early.json.error.code]).toEqual([409, "invalid_transition"]);
    expect(early.json.error.details.missing).toHaveLength(2);
    const born = await createAsOwner({ name: `Born ${uniq()}`, timezone: "UTC", published: true });
    expect(born.status).toBe(409);
    await insertTable(t.db, made.json.id);
    await insertSession(t.db, made.json.id);
    const before = (await kv.getVersion(availabilityVersionKey(made.json.id))) ?? 0;
    const res = await patchAsOwner(made.json.id, { published: true, city: "Leeds", cuisine: "", policy: { max_party_size: 12, hold_minutes: 15 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ published: true, city: "Leeds", cuisine: null });
    expect(res.json.policy).toMatchObject({ max_party_size: 12, hold_minutes: 15, min_party_size: 1, min_notice_minutes: 60 });
    expect(await kv.getVersion(availabilityVersionKey(made.json.id))).toBeGreaterThan(before);
  });

  it("refuses a patch that empties the party range against the stored policy (400), and an empty patch (400)", async () => {
    const made = await createAsOwner({ name: `Range ${uniq()}`, timezone: "UTC" });
    const res = await patchAsOwner(made.json.id, { policy: { min_party_size: 10 } });
    expect(res.status).toBe(400);
    expect(res.json.error.fields["policy.max_party_size"]).toBeDefined();
    const empty = await patchAsOwner(made.json.id, {});
    expect(empty.status).toBe(400);
  });

  it("answers 409 for a slug change to a taken slug", async () => {
    const a = await createAsOwner({ name: `A ${uniq()}`, timezone: "UTC" });
    const b = await createAsOwner({ name: `B ${uniq()}`, timezone: "UTC" });
    const res = await patchAsOwner(b.json.id, { slug: a.json.slug });
    expect(res.status).toBe(409);
  });

  it("lets a manager patch, forbids a host (403), and hides the restaurant from a stranger (404)", async () => {
    const r = await insertRestaurant(t.db);
    const manager = await insertUser(t.db);
    const host = await insertUser(t.db);
    await insertMember(t.db, r.id, manager.id, "manager");
    await insertMember(t.db, r.id, host.id, "host");
    const patch = (token: string) => call(patchRoute, { method: "PATCH", params: { id: r.id }, token, body: { description: "New" } });
    expect((await patch(await tokenFor(manager))).status).toBe(200);
    const asHost = await patch(await tokenFor(host));
    expect(asHost.status).toBe(403);
    expect(asHost.json.error.code).toBe("forbidden");
    expect((await patch(strangerToken)).status).toBe(404);
    expect((await call(patchRoute, { method: "PATCH", params: { id: r.id }, body: { description: "x" } })).status).toBe(401);
  });
});

describe("GET /api/v1/restaurants (search)", () => {
  const tag = uniq();
  let ids: Record<string, string>;

  beforeAll(async () => {
    const mk = (v: Parameters<typeof insertRestaurant>[1]) => insertRestaurant(t.db, v).then((r) => r.id);
    ids = {
      pizza: await mk({ name: `Pizzeria Napoli ${tag}`, cuisine: "Italian", city: "Bristol", description: `wood fired ${tag}` }),
      sushi: await mk({ name: `Sushi Bar ${tag}`, cuisine: "Japanese", city: "Bristol", description: `omakase ${tag}` }),
      curry: await mk({ name: `Curry House ${tag}`, cuisine: "Indian", city: "Leeds", description: `spicy ${tag}` }),
      draft: await mk({ name: `Pizza Draft ${tag}`, cuisine: "Italian", city: "Bristol", description: `hidden ${tag}`, published: false }),
    };
  });

  const search = (qs: string) => call(searchRoute, { path: `/api/v1/restaurants?${qs}` });

  it("finds by full text across name, cuisine and description, published only", async () => {
    const res = await search(`q=${encodeURIComponent(`wood ${tag}`)}`);
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { id: string }) => i.id)).toEqual([ids.pizza]);
    const italian = await search(`q=italian+${tag}`);
    expect(italian.json.items.map((i: { id: string }) => i.id)).toEqual([ids.pizza]);
    expect(italian.json.next_page).toBeNull();
  });

  it("matches word prefixes and misspelt names (trigram)", async () => {
    const prefix = await search(`q=${encodeURIComponent(`napo ${tag}`)}`);
    expect(prefix.json.items.map((i: { id: string }) => i.id)).toContain(ids.pizza);
    const typo = await search(`q=${encodeURIComponent(`Pizeria Napoli ${tag}`)}`);
    expect(typo.json.items.map((i: { id: string }) => i.id)).toContain(ids.pizza);
    expect(typo.json.items.map((i: { id: string }) => i.id)).not.toContain(ids.draft);
  });

  it("filters by cuisine and city, case-insensitively", async () => {
    const res = await search(`q=${tag}&city=bristol`);
    expect(res.json.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.pizza, ids.sushi].sort());
    const jp = await search(`q=${tag}&cuisine=JAPANESE&city=Bristol`);
    expect(jp.json.items.map((i: { id: string }) => i.id)).toEqual([ids.sushi]);
  });

  it("pages by 20 with next_page", async () => {
    const city = `Pagetown${uniq()}`;
    for (let i = 0; i < SEARCH_PAGE_SIZE + 3; i++) await insertRestaurant(t.db, { city, name: `P${String(i).padStart(2, "0")} ${city}` });
    const p1 = await search(`city=${city}`);
    expect(p1.json.items).toHaveLength(20);
    expect(p1.json.next_page).toBe(2);
    const p2 = await search(`city=${city}&page=2`);
    expect(p2.json.items).toHaveLength(3);
    expect(p2.json.next_page).toBeNull();
    const all = [...p1.json.items, ...p2.json.items].map((i: { id: string }) => i.id);
    expect(new Set(all).size).toBe(23);
  });

  it("answers 400 for a bad page, and for a date without time and party size", async () => {
    expect((await search("page=0")).status).toBe(400);
    expect((await search("page=abc")).status).toBe(400);
    const partial = await search("date=2030-01-01");
    expect(partial.status).toBe(400);
    expect(Object.keys(partial.json.error.fields).sort()).toEqual(["party_size", "time"]);
  });

  it("with date, time and party size, lists only restaurants with a table then, with the slots near that time", async () => {
    const city = `Slotville${uniq()}`;
    const open = await insertRestaurant(t.db, { city, name: `Open ${city}`, timezone: "Europe/London" });
    const full = await insertRestaurant(t.db, { city, name: `Full ${city}`, timezone: "Europe/London" });
    const small = await insertRestaurant(t.db, { city, name: `Small ${city}`, timezone: "Europe/London" });
    for (const r of [open, full, small]) await insertSession(t.db, r.id, { firstSeating: "18:00", lastSeating: "21:00", intervalMinutes: 30, turnMinutes: 90 });
    await insertTable(t.db, open.id, { minSeats: 1, maxSeats: 4 });
    const fullTable = await insertTable(t.db, full.id, { minSeats: 1, maxSeats: 4 });
    await insertTable(t.db, small.id, { minSeats: 1, maxSeats: 2 });
    // London is UTC+0 in January: the evening is taken from 17:00 to 23:00.
    await insertReservation(t.db, {
      restaurantId: full.id,
      tableId: fullTable.id,
      startsAt: new Date("2030-01-15T17:00:00Z"),
      endsAt: new Date("2030-01-15T23:00:00Z"),
      serviceDate: "2030-01-15",
    });
    const result = await searchRestaurants(
      t.db,
      { city, date: "2030-01-15", time: "19:00", partySize: 3 },
      { clock: fixedClock("2030-01-01T12:00:00Z") },
    );
    expect(result.items.map((i) => i.restaurant.id)).toEqual([open.id]);
    expect(result.items[0]!.slots!.map((s) => s.localTime)).toEqual(["18:00", "18:30", "19:00", "19:30", "20:00"]);

    const viaHttp = await search(`city=${city}&date=2030-01-15&time=19:00&party_size=3`);
    expect(viaHttp.status).toBe(200);
    // The real clock: 2030 is inside no booking window of 60 days, so nothing is available now.
    expect(viaHttp.json.items).toEqual([]);
  });
});

describe("restaurants with faces", () => {
  it("the owner sets phone, website, menu and location; the restaurant shows them, and clears them with null or \"\"", async () => {
    const made = await createAsOwner({ name: `Faces ${uniq()}`, timezone: "Europe/London" });
    expect(made.json).toMatchObject({ phone: null, website: null, location: null, photos: [] });
    const res = await patchAsOwner(made.json.id, {
      phone: "+44 20 7946 0000",
      website: "https://faces.example",
      menu_url: "https://faces.example/menu.pdf",
      location: { lat: 51.5072, lng: -0.1276 },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      phone: "+44 20 7946 0000",
      website: "https://faces.example",
      location: { lat: 51.5072, lng: -0.1276 },
      photos: [],
    });
    const cleared = await patchAsOwner(made.json.id, { phone: "", location: null });
    expect(cleared.json).toMatchObject({ phone: null, website: "https://faces.example", location: null, photos: [] });
  });

  it("refuses links that are not web addresses and a pin off the globe, changing nothing (photos by address are not taken: they are uploaded)", async () => {
    const made = await createAsOwner({ name: `Faces ${uniq()}`, timezone: "UTC" });
    const bad = await patchAsOwner(made.json.id, {
      website: "javascript:alert(1)",
      phone: "call us",
      location: { lat: 91, lng: 0 },
      photos: [{ url: "https://img.example/a.jpg", alt: "" }],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["location.lat", "phone", "website"]);
    expect((await call(getRoute, { params: { id: made.json.id }, token: ownerToken })).json).toMatchObject({ website: null, phone: null, location: null, photos: [] });
  });
});
