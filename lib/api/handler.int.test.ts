import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { openDb, setDb } from "@/db/client";
import { createRestaurantHandler as createRestaurantRoute } from "@/lib/api/routes/restaurants";
import { getRestaurantHandler as getRestaurantRoute } from "@/lib/api/routes/restaurants";
import { route } from "@/lib/api/handler";
import { idParams } from "@/lib/api/schemas";
import { call, tokenFor } from "@/lib/api/testing";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { DomainError, INTERNAL_ERROR_MESSAGE } from "@/lib/errors";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertUser } from "@/lib/testing/fixtures";

let t: TestDb;
let owner: { id: string; email: string; name: string | null };
let ownerToken: string;

beforeAll(async () => {
  t = await openTestApp();
  owner = await insertUser(t.db);
  ownerToken = await tokenFor(owner);
});
afterAll(() => closeTestApp(t));

const countKeys = async (key: string) => {
  const rows = await t.db.execute(sql`select count(*)::int as n from idempotency_keys where key = ${key}`);
  return (rows as unknown as { n: number }[])[0]!.n;
};

describe("Idempotency-Key", () => {
  it("returns the first response for the same key and body, and stores one row", async () => {
    const key = `k-${Math.random()}`;
    const body = { name: "Idem Bistro", timezone: "Europe/Paris", policy: { hold_minutes: 5 } };
    const first = await call(createRestaurantRoute, { token: ownerToken, body, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    // Same body with keys in another order is the same request.
    const reordered = { policy: { hold_minutes: 5 }, timezone: "Europe/Paris", name: "Idem Bistro" };
    const second = await call(createRestaurantRoute, { token: ownerToken, body: reordered, headers: { "idempotency-key": key } });
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await countKeys(key)).toBe(1);
    const made = await t.db.execute(sql`select count(*)::int as n from restaurants where name = 'Idem Bistro'`);
    expect((made as unknown as { n: number }[])[0]!.n).toBe(1);
  });

  it("answers 409 conflict for the same key with another body", async () => {
    const key = `k-${Math.random()}`;
    await call(createRestaurantRoute, { token: ownerToken, body: { name: "One", timezone: "UTC" }, headers: { "idempotency-key": key } });
    const other = await call(createRestaurantRoute, {
      token: ownerToken,
      body: { name: "Two", timezone: "UTC" },
      headers: { "idempotency-key": key },
    });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe("conflict");
  });

  it("scopes keys by caller: the same key from another user is a new request", async () => {
    const key = `k-${Math.random()}`;
    const other = await insertUser(t.db);
    const a = await call(createRestaurantRoute, { token: ownerToken, body: { name: "Scoped", timezone: "UTC" }, headers: { "idempotency-key": key } });
    const b = await call(createRestaurantRoute, {
      token: await tokenFor(other),
      body: { name: "Scoped", timezone: "UTC" },
      headers: { "idempotency-key": key },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.json.id).not.toBe(a.json.id);
  });

  it("releases the key when the request fails, so a corrected retry can use it", async () => {
    const key = `k-${Math.random()}`;
    const bad = await call(createRestaurantRoute, {
      token: ownerToken,
      body: { name: "Taken", slug: "taken-slug-x", timezone: "UTC" },
      headers: { "idempotency-key": `${key}-pre` },
    });
    expect(bad.status).toBe(201);
    const clash = await call(createRestaurantRoute, {
      token: ownerToken,
      body: { name: "Clash", slug: "taken-slug-x", timezone: "UTC" },
      headers: { "idempotency-key": key },
    });
    expect(clash.status).toBe(409);
    expect(await countKeys(key)).toBe(0);
  });

  it("answers 409 while the first request with a key is still running, and runs the work once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    const slow = route({ body: z.object({ n: z.number() }), idempotent: true, status: 201 }, async ({ body }) => {
      runs++;
      await gate;
      return { n: body.n };
    });
    const key = `k-${Math.random()}`;
    const ip = "198.51.100.9";
    const first = call(slow, { ip, body: { n: 1 }, headers: { "idempotency-key": key } });
    await vi.waitFor(async () => expect(await countKeys(key)).toBe(1));
    const second = await call(slow, { ip, body: { n: 1 }, headers: { "idempotency-key": key } });
    expect(second.status).toBe(409);
    expect(second.headers.get("retry-after")).toBe("1");
    release();
    expect((await first).status).toBe(201);
    const third = await call(slow, { ip, body: { n: 1 }, headers: { "idempotency-key": key } });
    expect(third.status).toBe(201);
    expect(third.json).toEqual({ n: 1 });
    expect(runs).toBe(1);
  });

  it("lets a key older than 24 hours be used again", async () => {
    const key = `k-${Math.random()}`;
    const r = route({ body: z.object({ n: z.number() }), idempotent: true }, async ({ body }) => ({ n: body.n }));
    const ip = "198.51.100.10";
    await call(r, { ip, body: { n: 1 }, headers: { "idempotency-key": key } });
    await t.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = ${key}`);
    const again = await call(r, { ip, body: { n: 2 }, headers: { "idempotency-key": key } });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ n: 2 });
    expect(await countKeys(key)).toBe(1);
  });

  it("refuses a malformed key with 400", async () => {
    const res = await call(createRestaurantRoute, {
      token: ownerToken,
      body: { name: "K", timezone: "UTC" },
      headers: { "idempotency-key": "x".repeat(300) },
    });
    expect(res.status).toBe(400);
  });
});

describe("Server-Timing", () => {
  const phases = (header: string | null) =>
    Object.fromEntries(
      (header ?? "").split(", ").map((part) => {
        const [name, ...params] = part.split(";");
        const get = (k: string) => params.find((p) => p.startsWith(`${k}=`))?.slice(k.length + 1);
        return [name, { ms: Number(get("dur")), calls: get("desc") ? Number.parseInt(get("desc")!.replace(/"/g, ""), 10) : undefined }];
      }),
    ) as Record<string, { ms: number; calls?: number }>;

  it("times db, redis, compute and total, counting a query, and a transaction as BEGIN, its statements and COMMIT", async () => {
    const r = route({}, async ({ db }) => {
      await db.execute(sql`select 1`);
      await db.transaction(async (tx) => {
        await tx.execute(sql`select 2`);
        await tx.execute(sql`select 3`);
      });
      return { ok: true };
    });
    const res = await call(r);
    expect(res.status).toBe(200);
    const p = phases(res.headers.get("server-timing"));
    expect(Object.keys(p)).toEqual(["db", "redis", "compute", "total"]);
    expect(p.db!.calls).toBe(1 + 2 + 2);
    expect(p.redis!.calls).toBe(0);
    expect(p.db!.ms).toBeGreaterThan(0);
    expect(p.total!.ms).toBeGreaterThanOrEqual(p.db!.ms);
  });

  it("is on error answers too", async () => {
    const r = route({}, async () => {
      throw new DomainError("slot_locked", "Busy.");
    });
    const res = await call(r);
    expect(res.status).toBe(423);
    expect(phases(res.headers.get("server-timing")).total!.ms).toBeGreaterThanOrEqual(0);
  });
});

describe("security headers", () => {
  const expectApiHeaders = (res: { headers: Headers }) => {
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  };

  it("are on every answer, errors and a handler's own Response included (the proxy skips the API)", async () => {
    expectApiHeaders(await call(route({}, async () => ({ ok: true }))));
    expectApiHeaders(
      await call(
        route({}, async () => {
          throw new DomainError("slot_locked", "Busy.");
        }),
      ),
    );
    // A redirect's headers are immutable: the answer is copied, status and location kept.
    const redirect = await call(route({}, async () => Response.redirect("https://example.com/elsewhere", 303)));
    expectApiHeaders(redirect);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get("location")).toBe("https://example.com/elsewhere");
  });

  it("include HSTS when APP_URL is https", async () => {
    const saved = processEnvSnapshot().APP_URL;
    try {
      setProcessEnv({ APP_URL: "https://tablekeep.example" });
      expect((await call(route({}, async () => ({ ok: true })))).headers.get("strict-transport-security")).toMatch(/^max-age=/);
      setProcessEnv({ APP_URL: "http://localhost:3000" });
      expect((await call(route({}, async () => ({ ok: true })))).headers.get("strict-transport-security")).toBeNull();
    } finally {
      setProcessEnv({ APP_URL: saved });
    }
  });
});

describe("error map", () => {
  it("maps a DomainError to its status, code, fields and Retry-After", async () => {
    const r = route({}, async () => {
      throw new DomainError("slot_locked", "Busy.", { retryAfter: 2.2, fields: { x: ["y"] } });
    });
    const res = await call(r);
    expect(res.status).toBe(423);
    expect(res.json).toEqual({ error: { code: "slot_locked", message: "Busy.", fields: { x: ["y"] } } });
    expect(res.headers.get("retry-after")).toBe("3");
  });

  it("answers 500 with a generic message for a bug, and logs it", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = route({}, async () => {
      throw new TypeError("secret internals");
    });
    const res = await call(r);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: { code: "internal", message: INTERNAL_ERROR_MESSAGE } });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it("answers 404 for a malformed id in the path, and for an id Postgres cannot parse", async () => {
    const res = await call(getRestaurantRoute, { params: { id: "not a slug or id!" } });
    expect(res.status).toBe(404);
    const r = route({}, async ({ db }) => db.execute(sql`select ${"zzz"}::uuid`));
    expect((await call(r)).status).toBe(404);
  });

  it("answers 400 with snake_case field paths for a query that fails validation", async () => {
    const r = route({ query: z.object({ partySize: z.coerce.number().int() }) }, async () => ({}));
    const res = await call(r, { path: "/api/v1/test?partySize=abc" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields)).toEqual(["party_size"]);
  });

  it("answers 400 when the declared Content-Length is over the cap, before reading", async () => {
    const r = route({ body: z.object({}) }, async () => ({}));
    const req = new Request("http://localhost/x", {
      method: "POST",
      headers: { "content-length": String(10 * 1024 * 1024), "content-type": "application/json" },
      body: "{}",
    });
    const res = await r(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
  });

  it("answers 503 unavailable when Postgres cannot be reached", async () => {
    const down = openDb("postgres://postgres@127.0.0.1:1/nothing", { max: 1 });
    const spy = vi.spyOn(console, "warn").mockImplementation(() => {});
    setDb(down.db);
    try {
      const res = await call(getRestaurantRoute, { params: { id: "some-slug" } });
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe("unavailable");
    } finally {
      setDb(t.db);
      spy.mockRestore();
      await down.close();
    }
  });

  it("answers 401 on a required-auth route without credentials", async () => {
    const r = route({ auth: "signed_in", params: idParams }, async () => ({}));
    const res = await call(r, { params: { id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11" } });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthenticated");
  });
});
