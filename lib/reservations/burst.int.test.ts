import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ERROR_STATUS, toDomainError } from "@/lib/errors";
import { confirmReservation, holdTable } from "@/lib/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { startTestRedis, type TestRedis } from "@/lib/testing/redis";

/**
 * A burst on one slot with Redis frozen (every lock call times out, so Postgres alone decides), and
 * each winner confirming at once while losers are still trying: Postgres's advisory lock per table
 * and day makes racers fail fast, so there are no deadlocks, no 503s, and only 201/409/423.
 */
let t: TestDb;
let redis: TestRedis;

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 10, appDb: false });
  redis = await startTestRedis();
});
afterAll(async () => {
  redis?.resumeRedis();
  await redis?.stop();
  await closeTestApp(t);
});

const statusOf = (e: unknown) => {
  const d = toDomainError(e);
  return d ? ERROR_STATUS[d.code] : 500;
};

describe("a 32-way burst with Redis paused", () => {
  it("answers only 201, 409 or 423, without deadlocks or 503s, and every winner confirms", async () => {
    const r = await insertRestaurant(t.db);
    for (let i = 0; i < 4; i++) await insertTable(t.db, r.id, { label: `T${i + 1}`, minSeats: 1, maxSeats: 2 });
    await insertSession(t.db, r.id);
    const startsAt = DateTime.now().setZone("Europe/London").plus({ days: 10 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    const kv = redis.createKv({ timeoutMs: 250 });

    const deadlocks: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (/deadlock/i.test(String(args[0]))) deadlocks.push(String(args[0]));
    });
    redis.pauseRedis();
    const started = performance.now();
    const holds: number[] = [];
    const confirms: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 32 }, async (_, i) => {
          let held;
          try {
            held = await holdTable(
              t.db,
              { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: `burst-${i}`, source: "api" },
              { kv },
            );
            holds.push(201);
          } catch (e) {
            holds.push(statusOf(e));
            return;
          }
          try {
            await confirmReservation(t.db, {
              reservationId: held.reservation.id,
              access: { principal: null, manageToken: held.manageToken },
              details: { name: `Guest ${i}`, email: `guest${i}@example.test` },
            });
            confirms.push(200);
          } catch (e) {
            confirms.push(statusOf(e));
          }
        }),
      );
    } finally {
      redis.resumeRedis();
      warn.mockRestore();
    }
    const ms = performance.now() - started;
    const tally = (xs: number[]) => Object.fromEntries([...new Set(xs)].map((s) => [s, xs.filter((x) => x === s).length]));
    console.info(`[burst] 32 holds in ${ms.toFixed(0)} ms: holds ${JSON.stringify(tally(holds))}, confirms ${JSON.stringify(tally(confirms))}, deadlocks ${deadlocks.length}`);

    expect(holds).toHaveLength(32);
    expect(holds.filter((s) => ![201, 409, 423].includes(s))).toEqual([]);
    expect(holds.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(confirms.every((s) => s === 200)).toBe(true);
    expect(deadlocks).toEqual([]);
    const [overlaps] = (await t.db.execute(sql`
      select count(*)::int as n from reservations a join reservations b
        on a.table_id = b.table_id and a.id < b.id and a.period && b.period
      where a.restaurant_id = ${r.id}
        and a.status in ('held','confirmed','seated') and b.status in ('held','confirmed','seated')`)) as unknown as { n: number }[];
    expect(overlaps!.n).toBe(0);
  });
});
