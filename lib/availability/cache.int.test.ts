import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { getAvailability, getAvailabilityText } from "@/lib/availability";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import { createUpstashKv } from "@/lib/redis/upstash-kv";
import type { Kv } from "@/lib/redis/types";
import { holdTable } from "@/lib/reservations";
import { withRequestTiming } from "@/lib/server-timing";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { startTestRedis, type TestRedis } from "@/lib/testing/redis";

let t: TestDb;
let redis: TestRedis;

beforeAll(async () => {
  t = await openTestApp({ kv: false, appDb: false });
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
  await closeTestApp(t);
});

const date = DateTime.now().setZone("Europe/London").plus({ days: 10 }).toISODate()!;
const at = DateTime.fromISO(`${date}T19:00`, { zone: "Europe/London" }).toJSDate();

async function restaurant() {
  const r = await insertRestaurant(t.db, { timezone: "Europe/London" });
  await insertTable(t.db, r.id, { label: "T1", minSeats: 1, maxSeats: 2 });
  await insertTable(t.db, r.id, { label: "T2", minSeats: 1, maxSeats: 2 });
  await insertSession(t.db, r.id);
  return r;
}

const measured = (kv: Kv, restaurantId: string) =>
  withRequestTiming(async (timing) => {
    const day = await getAvailability(t.db, { restaurant: restaurantId, date, partySize: 2 }, { kv });
    return { day, db: timing.db.calls, redis: timing.redis.calls };
  });

const at19 = (day: Awaited<ReturnType<typeof getAvailability>>) => day.slots.find((s) => s.startsAt.getTime() === at.getTime())!;

describe.each([
  ["Redis (through the REST bridge)", () => createUpstashKv({ url: redis.restUrl, token: redis.token, prefix: `c${Date.now()}${Math.random()}:`, timeoutMs: 3_000 })],
  ["in-process", () => createMemoryKv()],
])("cached availability, %s", (name, makeKv) => {
  it("answers a repeated day from one cache read, without the database", async () => {
    const kv = makeKv();
    const r = await restaurant();
    const first = await measured(kv, r.id);
    expect(first.db).toBe(1);
    const second = await measured(kv, r.id);
    expect(second.db).toBe(0);
    if (name.startsWith("Redis")) expect(second.redis).toBe(1);
    expect(second.day).toEqual(first.day);
  });

  it("never answers from before a hold: the hold's version bump makes the next read recompute", async () => {
    const kv = makeKv();
    const r = await restaurant();
    expect(at19((await measured(kv, r.id)).day).tablesLeft).toBe(2);
    await holdTable(t.db, { restaurantId: r.id, startsAt: at, partySize: 2, principal: null, holderKey: "ip:cache-test", source: "api" }, { kv });
    const after = await measured(kv, r.id);
    expect(after.db).toBe(1);
    expect(at19(after.day).tablesLeft).toBe(1);
    await holdTable(t.db, { restaurantId: r.id, startsAt: at, partySize: 2, principal: null, holderKey: "ip:cache-test-2", source: "api" }, { kv });
    const full = at19((await measured(kv, r.id)).day);
    expect(full.available).toBe(false);
  });

  it("serves a repeated day's rendered text from one cache read, and never from before a hold", async () => {
    const kv = makeKv();
    const r = await restaurant();
    let renders = 0;
    const form = {
      name: "test",
      render: (day: Awaited<ReturnType<typeof getAvailability>>) => {
        renders++;
        return JSON.stringify({ left: at19(day).tablesLeft });
      },
    };
    const text = () =>
      withRequestTiming(async (timing) => {
        const body = await getAvailabilityText(t.db, { restaurant: r.id, date, partySize: 2 }, form, { kv });
        return { body, db: timing.db.calls, redis: timing.redis.calls };
      });
    expect((await text()).body).toBe('{"left":2}');
    const again = await text();
    expect(again).toMatchObject({ body: '{"left":2}', db: 0 });
    if (name.startsWith("Redis")) expect(again.redis).toBe(1);
    expect(renders).toBe(1);
    await holdTable(t.db, { restaurantId: r.id, startsAt: at, partySize: 2, principal: null, holderKey: "ip:text-test", source: "api" }, { kv });
    expect(await text()).toMatchObject({ body: '{"left":1}', db: 1 });
  });
});
