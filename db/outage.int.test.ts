import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle, setDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { getRestaurantHandler } from "@/lib/api/routes/restaurants";
import { call } from "@/lib/api/testing";
import { createMemoryKv, setKv } from "@/lib/redis";
import { startPrivatePostgres, type PrivatePostgres } from "@/lib/testing/embedded-pg";
import { insertRestaurant } from "@/lib/testing/fixtures";

/**
 * The database stops under the app and comes back: requests meanwhile answer 503 with Retry-After
 * within about a second (no hanging on reconnect backoff), and service returns by itself within
 * seconds of the server being back, without reopening the pool.
 */
describe("Postgres outage", () => {
  let pg: PrivatePostgres;
  let handle: DbHandle;
  let slug: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    await migrateDatabase(pg.url);
    handle = openDb(pg.url, { max: 4, log: () => {} });
    setDb(handle.db);
    setKv(createMemoryKv());
    slug = (await insertRestaurant(handle.db)).slug;
  }, 120_000);

  afterAll(async () => {
    setDb(null);
    await handle?.close();
    await pg?.destroy();
  });

  const get = async () => {
    const started = performance.now();
    const res = await call(getRestaurantHandler, { params: { id: slug } });
    return { res, ms: performance.now() - started };
  };

  it("answers 503 fast while the database is down and recovers by itself when it returns", async () => {
    expect((await get()).res.status).toBe(200);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await pg.stop();

      // Requests during the outage, several at once and one after another, for three seconds.
      const during: number[] = [];
      const until = performance.now() + 3000;
      while (performance.now() < until) {
        const burst = await Promise.all([get(), get(), get()]);
        for (const { res, ms } of burst) {
          expect(res.status).toBe(503);
          expect(res.json.error.code).toBe("unavailable");
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
          during.push(ms);
        }
        // A transaction fails as fast.
        const started = performance.now();
        await expect(handle.db.transaction(async (tx) => tx.execute(sql`select 1`))).rejects.toThrow();
        during.push(performance.now() - started);
      }
      const longest = Math.max(...during);
      console.info(`[outage] ${during.length} requests while down, longest answer ${longest.toFixed(0)} ms`);
      expect(longest).toBeLessThan(1000);

      await pg.start();
      const back = performance.now();
      let status = 0;
      while (status !== 200 && performance.now() - back < 10_000) {
        status = (await get()).res.status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      const recovery = performance.now() - back;
      console.info(`[outage] full service ${recovery.toFixed(0)} ms after the server was back`);
      expect(status).toBe(200);
      expect(recovery).toBeLessThan(5000);
      // Every connection of the pool works again, transactions included.
      const results = await Promise.all(
        Array.from({ length: 8 }, () => handle.db.transaction(async (tx) => tx.execute(sql`select 1 as one`))),
      );
      expect(results).toHaveLength(8);
      expect((await get()).res.status).toBe(200);
    } finally {
      warn.mockRestore();
    }
  });
});
