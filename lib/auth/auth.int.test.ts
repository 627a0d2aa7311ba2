import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { SignJWT } from "jose";
import { sql } from "drizzle-orm";
import { registerHandler as register } from "@/lib/api/routes/auth";
import { tokenHandler as token } from "@/lib/api/routes/auth";
import { createRestaurantHandler as createRestaurantRoute } from "@/lib/api/routes/restaurants";
import { call, TEST_AUTH_SECRET } from "@/lib/api/testing";
import { resolvePrincipal } from "@/lib/auth/resolve";
import { createApiToken, issueApiToken, verifyApiToken } from "@/lib/auth/tokens";
import { authenticate, registerUser } from "@/lib/auth/users";
import { DomainError } from "@/lib/errors";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";

let t: TestDb;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => closeTestApp(t));

const email = () => `u-${Math.random().toString(36).slice(2)}@Example.test`;

describe("POST /api/v1/auth/register", () => {
  it("creates an account with a lower-cased email and answers 201 {user}", async () => {
    const e = email();
    const res = await call(register, { body: { email: e, password: "correct horse", name: "Ada" } });
    expect(res.status).toBe(201);
    expect(res.json.user).toEqual({ id: expect.any(String), email: e.toLowerCase(), name: "Ada" });
    const rows = await t.db.execute(sql`select password_hash from users where id = ${res.json.user.id}`);
    expect(String((rows as unknown as { password_hash: string }[])[0]!.password_hash)).toMatch(/^\$argon2id\$/);
  });

  it("refuses a password shorter than 10 characters with 400 and a field message", async () => {
    const res = await call(register, { body: { email: email(), password: "short", name: "Ada" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
    expect(res.json.error.fields.password[0]).toMatch(/10/);
  });

  it("answers 409 conflict for an email already taken, in any letter case", async () => {
    const e = email();
    expect((await call(register, { body: { email: e, password: "correct horse", name: "A" } })).status).toBe(201);
    const again = await call(register, { body: { email: e.toUpperCase(), password: "another password", name: "B" } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
  });

  it("lets exactly one of several concurrent registrations of one email win (unique index race → 409)", async () => {
    const e = email();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => registerUser(t.db, { email: e, password: "correct horse", name: "R" }).catch((x: unknown) => x)),
    );
    const ok = results.filter((r) => !(r instanceof Error));
    const conflicts = results.filter((r) => r instanceof DomainError && r.code === "conflict");
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(4);
  });

  it("answers 400 for malformed JSON, wrong types, a missing body and a huge body, never 500", async () => {
    const malformed = await call(register, { body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toMatch(/JSON/);

    const wrongTypes = await call(register, { body: { email: 42, password: ["x"], name: null } });
    expect(wrongTypes.status).toBe(400);
    expect(Object.keys(wrongTypes.json.error.fields).sort()).toEqual(["email", "name", "password"]);

    const empty = await call(register, { method: "POST" });
    expect(empty.status).toBe(400);

    const huge = await call(register, { body: { email: email(), password: "x".repeat(200_000), name: "A" } });
    expect(huge.status).toBe(400);
    expect(huge.json.error.message).toMatch(/too large/);

    const array = await call(register, { body: [1, 2, 3] });
    expect(array.status).toBe(400);
  });

  it("rate-limits one address to 10 registrations a minute with 429 and Retry-After", async () => {
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call(register, { ip, body: { email: email(), password: "short", name: "A" } })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    const limited = await call(register, { ip, body: { email: email(), password: "correct horse", name: "A" } });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("POST /api/v1/auth/token", () => {
  it("issues a token for the right password, and the token resolves to the user", async () => {
    const e = email();
    const user = await registerUser(t.db, { email: e, password: "correct horse", name: "Tok" });
    const res = await call(token, { body: { email: e, password: "correct horse" } });
    expect(res.status).toBe(200);
    expect(res.json.token).toEqual(expect.any(String));
    const expires = new Date(res.json.expires_at).getTime();
    expect(expires - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const principal = await resolvePrincipal(
      new Request("http://localhost/x", { headers: { authorization: `Bearer ${res.json.token}` } }),
    );
    expect(principal).toEqual({ userId: user.id, email: e.toLowerCase(), name: "Tok" });
  });

  it("answers 401 for a wrong password and for an unknown email, with one message for both", async () => {
    const e = email();
    await registerUser(t.db, { email: e, password: "correct horse", name: "Tok" });
    const wrong = await call(token, { body: { email: e, password: "wrong password" } });
    const unknown = await call(token, { body: { email: email(), password: "correct horse" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.error).toEqual(unknown.json.error);
    expect(wrong.json.error.code).toBe("unauthenticated");
  });

  it("authenticate() returns null for a user without a password (e.g. an OAuth-only account)", async () => {
    const e = email().toLowerCase();
    await t.db.execute(sql`insert into users (email, name) values (${e}, 'NoPw')`);
    expect(await authenticate(t.db, e, "anything at all")).toBeNull();
  });

  it("answers 400 for a body without a password", async () => {
    const res = await call(token, { body: { email: email() } });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.password).toBeDefined();
  });
});

describe("bearer and session principals", () => {
  const user = { id: "", email: "p@example.test", name: "P" };
  const req = (authorization: string) => new Request("http://localhost/x", { headers: { authorization } });
  beforeAll(async () => {
    user.id = (await registerUser(t.db, { email: user.email, password: "correct horse", name: "P" })).id;
  });

  it("resolves a valid bearer token", async () => {
    const { token: tk } = await createApiToken(t.db, user);
    expect(await resolvePrincipal(req(`Bearer ${tk}`))).toEqual({ userId: user.id, email: user.email, name: "P" });
  });

  it("rejects an expired token with 401 rather than treating the caller as anonymous", async () => {
    const { token: tk } = await issueApiToken(user, { now: new Date(Date.now() - 8 * 86_400_000) });
    expect(await verifyApiToken(tk)).toBeNull();
    await expect(resolvePrincipal(req(`Bearer ${tk}`))).rejects.toMatchObject({ code: "unauthenticated" });
    const res = await call(createRestaurantRoute, { token: tk, body: { name: "X", timezone: "UTC" } });
    expect(res.status).toBe(401);
  });

  it("rejects a tampered token, a token signed with another key, a wrong audience and a malformed header", async () => {
    const { token: tk } = await issueApiToken(user);
    const [h, p, s] = tk.split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: "00000000-0000-0000-0000-000000000001" })).toString("base64url")}.${s}`;
    await expect(resolvePrincipal(req(`Bearer ${forged}`))).rejects.toMatchObject({ code: "unauthenticated" });

    const otherKey = await new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: "HS256", typ: "tablekeep-api+jwt" })
      .setSubject(user.id)
      .setIssuer("tablekeep")
      .setAudience("tablekeep-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another secret that is long enough 1234567890"));
    await expect(resolvePrincipal(req(`Bearer ${otherKey}`))).rejects.toMatchObject({ code: "unauthenticated" });

    await expect(resolvePrincipal(req("Bearer not-a-jwt"))).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(resolvePrincipal(req("Basic dXNlcjpwYXNz"))).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("does not accept an Auth.js session JWT as a bearer token, nor an API token as a cookie", async () => {
    const salt = "authjs.session-token";
    const session = await encode({ token: { sub: user.id, id: user.id, email: user.email, name: "P" }, secret: TEST_AUTH_SECRET, salt });
    await expect(resolvePrincipal(req(`Bearer ${session}`))).rejects.toMatchObject({ code: "unauthenticated" });
    const { token: tk } = await issueApiToken(user);
    const viaCookie = new Request("http://localhost/x", { headers: { cookie: `authjs.session-token=${tk}` } });
    expect(await resolvePrincipal(viaCookie)).toBeNull();
  });

  it("resolves the Auth.js session cookie (plain and __Secure-) when there is no bearer", async () => {
    for (const name of ["authjs.session-token", "__Secure-authjs.session-token"]) {
      const session = await encode({ token: { sub: user.id, id: user.id, email: user.email, name: "P" }, secret: TEST_AUTH_SECRET, salt: name });
      const r = new Request("http://localhost/x", { headers: { cookie: `other=1; ${name}=${session}` } });
      expect(await resolvePrincipal(r)).toEqual({ userId: user.id, email: user.email, name: "P" });
    }
  });

  it("resolves nobody without credentials, and refuses a cookie-authenticated write from another origin", async () => {
    expect(await resolvePrincipal(new Request("http://localhost/x"))).toBeNull();
    const owner = await registerUser(t.db, { email: email(), password: "correct horse", name: "O" });
    const name = "authjs.session-token";
    const session = await encode({ token: { sub: owner.id, id: owner.id, email: owner.email, name: "O" }, secret: TEST_AUTH_SECRET, salt: name });
    const cross = await call(createRestaurantRoute, {
      body: { name: "Cookie Place", timezone: "UTC" },
      headers: { cookie: `${name}=${session}`, origin: "https://evil.example", host: "localhost" },
    });
    expect(cross.status).toBe(403);
    const same = await call(createRestaurantRoute, {
      body: { name: "Cookie Place", timezone: "UTC" },
      headers: { cookie: `${name}=${session}`, origin: "http://localhost", host: "localhost" },
    });
    expect(same.status).toBe(201);
  });
});
