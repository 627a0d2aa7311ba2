import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { sql } from "drizzle-orm";
import { createRestaurantHandler as createRestaurantRoute } from "@/lib/api/routes/restaurants";
import { call, TEST_AUTH_SECRET, tokenFor } from "@/lib/api/testing";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertUser } from "@/lib/testing/fixtures";

let t: TestDb;
let user: { id: string; email: string; name: string | null };
let cookie: string;
beforeAll(async () => {
  t = await openTestApp();
  user = await insertUser(t.db);
  const name = "authjs.session-token";
  const session = await encode({ token: { sub: user.id, id: user.id, email: user.email, name: "O" }, secret: TEST_AUTH_SECRET, salt: name });
  cookie = `${name}=${session}`;
});
afterAll(() => closeTestApp(t));

const body = { name: "Origin Place", timezone: "UTC" };

describe("cookie-authenticated writes and the Origin header", () => {
  it("refuses `Origin: null` (a sandboxed frame or data: page riding the cookie) with 403 and creates nothing", async () => {
    const res = await call(createRestaurantRoute, { body, headers: { cookie, origin: "null", host: "localhost" } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    const rows = await t.db.execute(sql`select count(*)::int as n from restaurants where name = 'Origin Place'`);
    expect((rows as unknown as { n: number }[])[0]!.n).toBe(0);
  });

  it("still accepts the same write from our own origin, and from a client that sends no Origin", async () => {
    expect((await call(createRestaurantRoute, { body, headers: { cookie, origin: "http://localhost", host: "localhost" } })).status).toBe(201);
    expect((await call(createRestaurantRoute, { body, headers: { cookie, host: "localhost" } })).status).toBe(201);
  });

  it("does not apply to bearer tokens, which a page from another origin cannot send by itself", async () => {
    const token = await tokenFor(user);
    expect((await call(createRestaurantRoute, { token, body, headers: { origin: "null" } })).status).toBe(201);
  });
});
