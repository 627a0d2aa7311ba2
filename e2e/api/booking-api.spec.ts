import { spawn, type ChildProcess } from "node:child_process";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { DateTime } from "luxon";
import { E2E_AUTH_SECRET, E2E_DIST_DIR, e2eDatabaseUrl } from "../support/env";
import { closeE2eDb, e2eDb } from "../support/db";
import { freePort, startTestRedis, waitFor, type TestRedis } from "@/lib/testing/redis";
import { stopProcess } from "@/lib/testing/process";
import { serveArgs } from "@/lib/cli/serve";

/**
 * The HTTP contract against `next start`: the journeys an integration would make, their
 * error codes, and two app instances sharing one database and one Redis under racing holds.
 */
const TZ = "Australia/Sydney";
const day = DateTime.now().setZone(TZ).plus({ days: 9 });
const at = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
};
const unique = () => Math.random().toString(36).slice(2, 10);

async function ownerWithRestaurant(api: APIRequestContext, tables: number, label = "API") {
  const email = `api-${unique()}@example.test`;
  const reg = await api.post("/api/v1/auth/register", { data: { email, password: "correct horse battery", name: "Api Owner" }, headers: { "x-forwarded-for": `10.9.${unique().length}.1` } });
  expect(reg.status()).toBe(201);
  const tok = await api.post("/api/v1/auth/token", { data: { email, password: "correct horse battery" } });
  expect(tok.status()).toBe(200);
  const token = (await tok.json()).token as string;
  const auth = { authorization: `Bearer ${token}` };
  const created = await api.post("/api/v1/restaurants", {
    headers: auth,
    data: { name: `${label} Bistro ${unique()}`, timezone: TZ, cuisine: "Modern Australian", city: "Sydney", published: false, policy: { hold_minutes: 5 } },
  });
  expect(created.status()).toBe(201);
  const restaurant = await created.json();
  for (let i = 0; i < tables; i++) {
    const t = await api.post(`/api/v1/restaurants/${restaurant.id}/tables`, { headers: auth, data: { label: `T${i + 1}`, min_seats: 1, max_seats: 2 } });
    expect(t.status()).toBe(201);
  }
  const s = await api.post(`/api/v1/restaurants/${restaurant.id}/sessions`, {
    headers: auth,
    data: { name: "Dinner", days: [1, 2, 3, 4, 5, 6, 7], first_seating: "17:30", last_seating: "21:30", interval_minutes: 15, turn_minutes: 90 },
  });
  expect(s.status()).toBe(201);
  return { token, auth, restaurant };
}

test.describe("API v1 over HTTP", () => {
  test.afterAll(async () => {
    await closeE2eDb();
  });

  test("a guest holds, extends, confirms, reads and cancels; errors use the documented codes", async ({ request: api }) => {
    const { auth, restaurant } = await ownerWithRestaurant(api, 1);
    // A draft is invisible to guests, visible to its owner.
    expect((await api.get(`/api/v1/restaurants/${restaurant.slug}`)).status()).toBe(404);
    expect((await api.get(`/api/v1/restaurants/${restaurant.slug}`, { headers: auth })).status()).toBe(200);
    expect((await api.patch(`/api/v1/restaurants/${restaurant.id}`, { headers: auth, data: { published: true } })).status()).toBe(200);

    const avail = await api.get(`/api/v1/restaurants/${restaurant.id}/availability?date=${day.toISODate()}&party_size=2`);
    expect(avail.status()).toBe(200);
    const slots = (await avail.json()).slots as { starts_at: string; local_time: string; available: boolean }[];
    expect(slots[0]).toMatchObject({ local_time: "17:30", starts_at: at("17:30"), available: true });

    const held = await api.post("/api/v1/reservations", { data: { restaurant_id: restaurant.id, starts_at: at("19:00"), party_size: 2 } });
    expect(held.status()).toBe(201);
    const hold = await held.json();
    expect(hold).toMatchObject({ status: "held", party_size: 2, table: { label: "T1" } });
    const manage = { "x-manage-token": hold.manage_token as string };

    // The only table is now held: the same time is refused, with alternatives.
    const taken = await api.post("/api/v1/reservations", { data: { restaurant_id: restaurant.id, starts_at: at("19:00"), party_size: 2 } });
    expect(taken.status()).toBe(409);
    const takenBody = await taken.json();
    expect(takenBody.error.code).toBe("slot_unavailable");
    expect(takenBody.error.details.alternatives.length).toBeGreaterThan(0);
    const after = await api.get(`/api/v1/restaurants/${restaurant.id}/availability?date=${day.toISODate()}&party_size=2`);
    expect(((await after.json()).slots as { local_time: string; available: boolean }[]).find((s) => s.local_time === "19:00")?.available).toBe(false);

    expect((await api.post(`/api/v1/reservations/${hold.id}/extend`, { headers: manage })).status()).toBe(200);
    expect((await api.get(`/api/v1/reservations/${hold.id}`)).status()).toBe(401);
    expect((await api.get(`/api/v1/reservations/${hold.id}`, { headers: { "x-manage-token": "nope" } })).status()).toBe(404);

    const badConfirm = await api.post(`/api/v1/reservations/${hold.id}/confirm`, { headers: manage, data: { name: "", email: "not-an-email" } });
    expect(badConfirm.status()).toBe(400);
    expect(Object.keys((await badConfirm.json()).error.fields)).toEqual(expect.arrayContaining(["name", "email"]));

    const confirmed = await api.post(`/api/v1/reservations/${hold.id}/confirm`, { headers: manage, data: { name: "Ada Lovelace", email: "ada@example.test" } });
    expect(confirmed.status()).toBe(200);
    expect(await confirmed.json()).toMatchObject({ status: "confirmed", name: "Ada Lovelace" });
    const read = await api.get(`/api/v1/reservations/${hold.id}`, { headers: manage });
    expect(await read.json()).toMatchObject({ id: hold.id, status: "confirmed", code: hold.code });

    const book = await api.get(`/api/v1/restaurants/${restaurant.id}/reservations?date=${day.toISODate()}`, { headers: auth });
    expect(((await book.json()).items as { id: string }[]).map((r) => r.id)).toContain(hold.id);

    const cancelled = await api.post(`/api/v1/reservations/${hold.id}/cancel`, { headers: manage });
    expect((await cancelled.json()).status).toBe("cancelled");

    // Input a client can send never yields a 500.
    const malformed = await api.post("/api/v1/reservations", { headers: { "content-type": "application/json" }, data: "{oops" });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_input");
    expect((await api.get("/api/v1/reservations/not-a-uuid", { headers: manage })).status()).toBe(404);
    const offGrid = await api.post("/api/v1/reservations", { data: { restaurant_id: restaurant.id, starts_at: at("19:07"), party_size: 2 } });
    expect([offGrid.status(), (await offGrid.json()).error.code]).toEqual([422, "outside_policy"]);
    expect((await api.post(`/api/v1/restaurants/${restaurant.id}/tables`, { data: { label: "X", min_seats: 1, max_seats: 2 } })).status()).toBe(401);
  });

  test("two app instances on one database and one Redis: 200 racing holds never overlap", async () => {
    test.setTimeout(120_000);
    const redis: TestRedis = await startTestRedis();
    const servers: ChildProcess[] = [];
    const bases: string[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const child = spawn(process.execPath, serveArgs(port, "127.0.0.1"), {
          stdio: ["ignore", "ignore", "inherit"],
          env: {
            ...process.env,
            NODE_ENV: "production",
        TRUSTED_PROXY_HOPS: "1",
            NEXT_DIST_DIR: E2E_DIST_DIR,
            NEXT_TELEMETRY_DISABLED: "1",
            DATABASE_URL: e2eDatabaseUrl(),
            AUTH_SECRET: E2E_AUTH_SECRET,
            REDIS_URL: redis.redisUrl,
            UPSTASH_REDIS_REST_URL: undefined,
            UPSTASH_REDIS_REST_TOKEN: undefined,
            REDIS_KEY_PREFIX: `pair-${unique()}:`,
            HOLD_LIMIT_PER_HOLDER: "1000",
            HOLD_RATE_LIMIT_PER_MINUTE: "1000",
            AUTH_RATE_LIMIT_PER_MINUTE: "1000",
          },
        });
        servers.push(child);
        bases.push(`http://127.0.0.1:${port}`);
      }
      for (const base of bases) {
        await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, 60_000, `${base} to be healthy`);
      }
      const one = await request.newContext({ baseURL: bases[0] });
      const { auth, restaurant } = await ownerWithRestaurant(one, 8, "Pair");
      expect((await one.patch(`/api/v1/restaurants/${restaurant.id}`, { headers: auth, data: { published: true } })).status()).toBe(200);
      await one.dispose();
      // Two hundred anonymous diners race here: lift the anonymous share (its own tests cap it), so
      // every table is up for grabs and the race is about overlaps alone.
      await e2eDb().sql`update restaurants set anonymous_hold_share_pct = 100 where id = ${restaurant.id}`;

      const body = JSON.stringify({ restaurant_id: restaurant.id, starts_at: at("19:30"), party_size: 2 });
      const statuses = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          // Each racer is a different diner, alternating between the two instances.
          const res = await fetch(`${bases[i % 2]}/api/v1/reservations`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": `10.77.${i >> 8}.${i & 255}` },
            body,
          });
          return res.status;
        }),
      );
      const won = statuses.filter((s) => s === 201).length;
      expect(statuses.every((s) => s === 201 || s === 409 || s === 423)).toBe(true);
      expect(won).toBeGreaterThan(0);
      expect(won).toBeLessThanOrEqual(8);
      const { sql } = e2eDb();
      const [overlaps] = await sql<{ n: number }[]>`
        select count(*)::int as n from reservations a join reservations b
          on a.table_id = b.table_id and a.id < b.id and a.period && b.period
        where a.restaurant_id = ${restaurant.id}
          and a.status in ('held','confirmed','seated') and b.status in ('held','confirmed','seated')`;
      expect(overlaps!.n).toBe(0);
      const [held] = await sql<{ n: number }[]>`select count(*)::int as n from reservations where restaurant_id = ${restaurant.id} and status = 'held'`;
      expect(held!.n).toBe(won);

      // Retrying on 423 as the API asks, the remaining diners fill every table and no more.
      let extra = 0;
      for (let i = 0; i < 40 && won + extra < 8; i++) {
        const res = await fetch(`${bases[i % 2]}/api/v1/reservations`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `10.78.0.${i}` }, body });
        if (res.status === 201) extra++;
      }
      expect(won + extra).toBe(8);
      const full = await fetch(`${bases[1]}/api/v1/reservations`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "10.79.0.1" }, body });
      expect(full.status).toBe(409);
    } finally {
      await Promise.all(servers.map((s) => stopProcess(s)));
      await redis.stop();
    }
  });
});
