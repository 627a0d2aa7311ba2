import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_DINER, DEMO_OWNER, DEMO_RESTAURANTS, seedDemo, seatingTimes, turnFor } from "./seed";

describe("seedDemo", () => {
  let t: TestDb;
  const now = new Date("2026-11-22T10:00:00Z");
  beforeAll(async () => {
    t = await createTestDb(inject("templateDb"));
    await seedDemo(t.db, { now });
  });
  afterAll(async () => {
    await t.destroy();
  });

  const count = async (query: string) => {
    const [row] = (await t.sql.unsafe(query)) as unknown as [{ n: number }];
    return row.n;
  };

  it("publishes at least six restaurants in at least three time zones, one south of the equator", async () => {
    const rows = await t.sql<{ timezone: string; latitude: number }[]>`
      select timezone, latitude from restaurants where published`;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.timezone)).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.latitude < 0)).toBe(true);
  });

  it("gives each restaurant two photos drawn for the project, JPEGs with descriptions, the room first", async () => {
    const rows = await t.sql<{ slug: string; alt: string; content_type: string; width: number; head: Buffer }[]>`
      select r.slug, p.alt, p.content_type, p.width, substring(p.bytes from 1 for 3) as head
      from restaurants r join restaurant_photos p on p.restaurant_id = r.id order by r.slug, p.position`;
    expect(rows).toHaveLength(DEMO_RESTAURANTS.length * 2);
    for (const r of rows) {
      expect(r.content_type).toBe("image/jpeg");
      expect([...r.head]).toEqual([0xff, 0xd8, 0xff]);
      expect(r.alt.length).toBeGreaterThan(10);
      expect(r.width).toBe(1200);
    }
    expect(rows[0]!.alt).toMatch(/dining room/);
  });

  it("gives each restaurant 5 to 10 tables, one held back, with 2 to 8 seats", async () => {
    const rows = await t.sql<{ slug: string; n: number; offline: number; sizes: number[] }[]>`
      select r.slug, count(*)::int as n, count(*) filter (where not t.online)::int as offline,
             array_agg(distinct t.max_seats) as sizes
      from restaurants r join dining_tables t on t.restaurant_id = r.id group by r.slug`;
    expect(rows).toHaveLength(DEMO_RESTAURANTS.length);
    for (const r of rows) {
      expect(r.n, r.slug).toBeGreaterThanOrEqual(5);
      expect(r.n, r.slug).toBeLessThanOrEqual(10);
      expect(r.offline, r.slug).toBe(1);
    }
    const allSizes = new Set(rows.flatMap((r) => r.sizes));
    for (const size of [2, 4, 6, 8]) expect(allSizes.has(size)).toBe(true);
  });

  it("gives each restaurant a Dinner and a Lunch session and a closure, and one session runs past midnight", async () => {
    const rows = await t.sql<{ slug: string; names: string[]; closures: number }[]>`
      select r.slug, array_agg(distinct s.name) as names,
             (select count(*)::int from closures c where c.restaurant_id = r.id) as closures
      from restaurants r join service_sessions s on s.restaurant_id = r.id group by r.id, r.slug`;
    for (const r of rows) {
      expect(r.names, r.slug).toEqual(expect.arrayContaining(["Dinner", "Lunch"]));
      expect(r.closures, r.slug).toBeGreaterThanOrEqual(1);
    }
    expect(await count("select count(*)::int as n from service_sessions where last_seating < first_seating")).toBeGreaterThan(0);
  });

  it("books confirmed reservations over the coming days with unique codes, one for the demo diner", async () => {
    const total = await count("select count(*)::int as n from reservations where status = 'confirmed'");
    expect(total).toBeGreaterThan(20);
    expect(await count("select count(distinct code)::int as n from reservations")).toBe(total);
    expect(await count(`select count(*)::int as n from reservations where starts_at <= '${now.toISOString()}'`)).toBe(0);
    const [diner] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from reservations r join users u on u.id = r.user_id where u.email = ${DEMO_DINER.email}`;
    expect(diner!.n).toBeGreaterThan(0);
  });

  it("has one restaurant that takes deposits and one that holds a card for a no-show fee", async () => {
    const rows = await t.sql<{ slug: string; currency: string; deposit_cents: number; no_show_fee_cents: number }[]>`
      select slug, currency, deposit_cents, no_show_fee_cents from restaurants where deposit_cents > 0 or no_show_fee_cents > 0 order by slug`;
    expect(rows.filter((r) => r.deposit_cents > 0)).toHaveLength(1);
    expect(rows.filter((r) => r.deposit_cents === 0 && r.no_show_fee_cents > 0)).toHaveLength(1);
  });

  it("makes the owner the owner of every demo restaurant, with working demo passwords", async () => {
    const [owner] = await t.sql<{ id: string; password_hash: string }[]>`
      select id, password_hash from users where email = ${DEMO_OWNER.email}`;
    expect(await verifyPassword(owner!.password_hash, DEMO_OWNER.password)).toBe(true);
    const [diner] = await t.sql<{ password_hash: string }[]>`select password_hash from users where email = ${DEMO_DINER.email}`;
    expect(await verifyPassword(diner!.password_hash, DEMO_DINER.password)).toBe(true);
    const owned = await count(
      `select count(*)::int as n from restaurant_members where user_id = '${owner!.id}' and role = 'owner'`,
    );
    expect(owned).toBe(DEMO_RESTAURANTS.length);
  });

  it("changes nothing when run a second time", async () => {
    const snapshot = () =>
      Promise.all(
        ["users", "restaurants", "dining_tables", "service_sessions", "closures", "reservations"].map((table) =>
          count(`select count(*)::int as n from ${table}`),
        ),
      );
    const before = await snapshot();
    const logins = await seedDemo(t.db, { now });
    expect(await snapshot()).toEqual(before);
    expect(logins).toEqual({
      ownerEmail: DEMO_OWNER.email,
      ownerPassword: DEMO_OWNER.password,
      dinerEmail: DEMO_DINER.email,
      dinerPassword: DEMO_DINER.password,
    });
  });
});

describe("seed helpers", () => {
  it("lists seatings past midnight in order", () => {
    expect(seatingTimes({ firstSeating: "22:00", lastSeating: "00:30", intervalMinutes: 30 })).toEqual([
      "22:00",
      "22:30",
      "23:00",
      "23:30",
      "00:00",
      "00:30",
    ]);
  });

  it("picks the turn time of the first rule that fits the party", () => {
    const rules = [
      { max_party_size: 2, minutes: 90 },
      { max_party_size: 4, minutes: 120 },
    ];
    expect(turnFor(rules, 2)).toBe(90);
    expect(turnFor(rules, 3)).toBe(120);
    expect(turnFor(rules, 9)).toBe(120);
    expect(turnFor(75, 6)).toBe(75);
  });
});
