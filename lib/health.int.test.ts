import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDb } from "@/db/client";
import { createMemoryKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { freePort } from "@/lib/testing/redis";
import { checkHealth } from "./health";

describe("checkHealth", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(inject("templateDb"), { max: 2 });
  });
  afterAll(async () => {
    await t.destroy();
  });

  const kvAnswering = (answer: "ok" | "down" | "off"): Kv => ({ ...createMemoryKv(), health: () => Promise.resolve(answer) });

  it("reports ok with the Redis state when Postgres answers", async () => {
    expect(await checkHealth({ sql: () => t.sql, kv: () => kvAnswering("ok") })).toEqual({
      status: "ok",
      db: "ok",
      redis: "ok",
    });
    expect(await checkHealth({ sql: () => t.sql, kv: () => kvAnswering("off") })).toEqual({
      status: "ok",
      db: "ok",
      redis: "off",
    });
  });

  it("reports unavailable when Postgres refuses connections", async () => {
    const dead = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/nothing`, { max: 1, connect_timeout: 2 });
    try {
      expect(await checkHealth({ sql: () => dead, kv: () => kvAnswering("off"), timeoutMs: 3000 })).toEqual({
        status: "unavailable",
        db: "down",
        redis: "off",
      });
    } finally {
      await dead.end({ timeout: 1 });
    }
  });

  it("reports unavailable when no database is configured at all", async () => {
    const report = await checkHealth({
      sql: () => {
        throw new Error("DATABASE_URL is not set");
      },
      kv: () => kvAnswering("off"),
    });
    expect(report).toEqual({ status: "unavailable", db: "down", redis: "off" });
  });

  it("counts a Redis check that hangs past the timeout as down, without failing the app", async () => {
    const hanging: Kv = { ...createMemoryKv(), health: () => new Promise<never>(() => {}) };
    const started = Date.now();
    const report = await checkHealth({ sql: () => t.sql, kv: () => hanging, timeoutMs: 200 });
    expect(report).toEqual({ status: "ok", db: "ok", redis: "down" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports a saturated pool as busy (200), from a connection of its own, while a query waits", async () => {
    const handle = openDb(t.url, { max: 2, acquireTimeoutMs: 10_000 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    try {
      // Both connections held by transactions, and a third queueing behind them.
      const holders = Array.from({ length: 3 }, () =>
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await gate;
        }),
      );
      await expect.poll(() => handle.stats()).toMatchObject({ active: 2, waiting: 1 });
      const started = Date.now();
      const report = await checkHealth({ sql: handle.healthSql, pool: handle.stats, kv: () => kvAnswering("ok") });
      expect(report).toEqual({ status: "ok", db: "busy", redis: "ok" });
      expect(Date.now() - started).toBeLessThan(1500);
      release();
      await Promise.all(holders);
      expect(await checkHealth({ sql: handle.healthSql, pool: handle.stats, kv: () => kvAnswering("ok") })).toEqual({
        status: "ok",
        db: "ok",
        redis: "ok",
      });
    } finally {
      release();
      await handle.close();
    }
  });

  it("reports a server with no connection slot left as busy, not down", async () => {
    const full = Object.assign(new Error("sorry, too many clients already"), { code: "53300" });
    const sqlFull = (() => {
      const fn = () => Promise.reject(full);
      return fn as unknown as postgres.Sql;
    })();
    expect(await checkHealth({ sql: () => sqlFull, kv: () => kvAnswering("off") })).toEqual({
      status: "ok",
      db: "busy",
      redis: "off",
    });
  });
});
