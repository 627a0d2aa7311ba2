import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
});
