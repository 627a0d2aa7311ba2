import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { createMemoryKv, getKv, setKv } from "@/lib/redis";

const KEYS = ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "REDIS_URL"] as const;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  const env = processEnvSnapshot();
  saved = Object.fromEntries(KEYS.map((k) => [k, env[k]]));
  setKv(null);
});

afterEach(() => {
  setProcessEnv(saved);
  setKv(null);
  vi.restoreAllMocks();
});

describe("getKv", () => {
  it("uses the in-process kv when no Redis is configured, and says so once", async () => {
    setProcessEnv({ UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined, REDIS_URL: undefined });
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    (globalThis as { __tablekeepKvNoticeShown?: boolean }).__tablekeepKvNoticeShown = false;
    const kv = getKv();
    expect(kv.kind).toBe("memory");
    expect(await kv.health()).toBe("off");
    setKv(null);
    getKv();
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]![0]).toMatch(/No Redis configured: using in-process locks and cache \(single instance only\)/);
  });

  it("uses Upstash REST when its URL and token are set", () => {
    setProcessEnv({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1", UPSTASH_REDIS_REST_TOKEN: "tok" });
    expect(getKv().kind).toBe("upstash");
  });

  it("talks to REDIS_URL over TCP when the Upstash URL and token are not set, without waiting while it is away", async () => {
    setProcessEnv({ UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined, REDIS_URL: "redis://127.0.0.1:1" });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const slot = globalThis as { __tablekeepRedisTcp?: { url: string; redis: { close(): void } } };
    try {
      const kv = getKv();
      expect(kv.kind).toBe("upstash");
      expect(slot.__tablekeepRedisTcp?.url).toBe("redis://127.0.0.1:1");
      const start = performance.now();
      expect(await kv.health()).toBe("down");
      expect(performance.now() - start).toBeLessThan(1_000);
    } finally {
      slot.__tablekeepRedisTcp?.redis.close();
      delete slot.__tablekeepRedisTcp;
    }
  });

  it("returns the same instance on every call", () => {
    setProcessEnv({ UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined });
    vi.spyOn(console, "info").mockImplementation(() => {});
    expect(getKv()).toBe(getKv());
  });

  it("returns the kv a test installed with setKv", () => {
    const mine = createMemoryKv();
    setKv(mine);
    expect(getKv()).toBe(mine);
  });
});
