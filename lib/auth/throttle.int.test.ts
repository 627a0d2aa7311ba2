import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerHandler } from "@/lib/api/routes/auth";
import { tokenHandler } from "@/lib/api/routes/auth";
import { call } from "@/lib/api/testing";
import { GET, POST } from "@/lib/auth/routes";
import { resetLocalLimits } from "@/lib/auth/throttle";
import { registerUser } from "@/lib/auth/users";
import { setProcessEnv } from "@/lib/env";
import { createMemoryKv, createUpstashKv, setKv } from "@/lib/redis";
import { closedPortUrl, startTestRedis, type TestRedis } from "@/lib/testing/redis";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import { postAuthForm, postCredentials as signInForm, sessionCookieOf } from "@/lib/testing/auth";
import type { TestDb } from "@/lib/testing/db";

/**
 * The throttles as an attacker meets them: through Auth.js's own endpoints (not only the app's
 * forms and API), from rotating addresses, and with Redis stopped or hung.
 */

const PASSWORD = "a perfectly fine passphrase";
let t: TestDb;

beforeAll(async () => {
  t = await openTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: undefined, RESEND_API_KEY: undefined }, kv: false });
});
afterAll(() => closeTestApp(t));
beforeEach(() => {
  setKv(createMemoryKv());
  resetLocalLimits();
});

const rnd = () => randomBytes(3).toString("hex");
const newIp = () => `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const newEmail = () => `victim-${rnd()}@example.test`;

/** What a script does against POST /api/auth/callback/credentials: fetch a CSRF token, post the form. */
async function postCredentials(email: string, password: string, ip: string) {
  const res = await signInForm({ email, password, callbackUrl: "http://localhost/me" }, { ip });
  const location = res.headers.get("location") ?? "";
  const signedIn = sessionCookieOf(res) !== undefined;
  return { status: res.status, location, signedIn, throttled: /[?&]code=rate_limited/.test(location) };
}

describe("password guessing through Auth.js's callback endpoint", () => {
  it("signs in with the right password (the endpoint works at all)", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    const ok = await postCredentials(email, PASSWORD, newIp());
    expect(ok.signedIn).toBe(true);
    expect(ok.throttled).toBe(false);
  });

  it("refuses the 11th wrong password inside a minute, and then the right one does not sign in", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    const ip = newIp();
    for (let i = 0; i < 10; i++) {
      const wrong = await postCredentials(email, `wrong guess ${i}`, ip);
      expect(wrong.signedIn).toBe(false);
      expect(wrong.throttled).toBe(false);
    }
    const eleventh = await postCredentials(email, "wrong guess 11", ip);
    expect(eleventh).toMatchObject({ signedIn: false, throttled: true });
    expect(eleventh.location).toMatch(/^http:\/\/localhost\/signin\?/);

    const right = await postCredentials(email, PASSWORD, ip);
    expect(right).toMatchObject({ signedIn: false, throttled: true });
  });

  it("holds the per-account limit against guesses from a new address each time", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    for (let i = 0; i < 10; i++) expect((await postCredentials(email, `wrong ${i}`, newIp())).throttled).toBe(false);
    expect(await postCredentials(email, PASSWORD, newIp())).toMatchObject({ signedIn: false, throttled: true });
  });

  it("holds the per-address limit against one address trying many accounts", async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i++) expect((await postCredentials(newEmail(), "wrong password", ip)).throttled).toBe(false);
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    expect(await postCredentials(email, PASSWORD, ip)).toMatchObject({ signedIn: false, throttled: true });
  });

  it("counts the Auth.js endpoint and POST /api/v1/auth/token against the same limit", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    for (let i = 0; i < 10; i++) await postCredentials(email, `wrong ${i}`, newIp());
    const viaApi = await call(tokenHandler, { body: { email, password: PASSWORD } });
    expect(viaApi.status).toBe(429);
  });
});

describe("Auth.js routes the app does not use", () => {
  it("answer 404: its HTML pages, the provider list, session updates and unknown providers", async () => {
    const get = (path: string) => GET(new Request(`http://localhost/api/auth/${path}`));
    const post = (path: string) => POST(new Request(`http://localhost/api/auth/${path}`, { method: "POST", body: "" }));
    for (const res of await Promise.all([
      get("signin"),
      get("signin/credentials"),
      get("signout"),
      get("error"),
      get("verify-request"),
      get("providers"),
      get("webauthn-options"),
      get("callback/credentials"),
      get("callback/resend?token=x&email=a%40b.c"), // links are off in this test
      post("session"),
      post("signin/credentials"),
      post("signin/resend"),
      post("callback/github"),
      get("../v1/restaurants"),
    ])) {
      expect(res.status).toBe(404);
    }
    expect((await get("csrf")).status).toBe(200);
    expect((await get("session")).status).toBe(200);
  });
});

describe("with Redis stopped or hung, the sign-in and sign-up limits still refuse", () => {
  let redis: TestRedis | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it("refuses the 11th guess and the right password when the Redis endpoint is a dead port", async () => {
    setKv(createUpstashKv({ url: await closedPortUrl(), token: "x", timeoutMs: 100, warn: () => {} }));
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    const ip = newIp();
    for (let i = 0; i < 10; i++) expect((await postCredentials(email, `wrong ${i}`, ip)).throttled).toBe(false);
    expect(await postCredentials(email, "wrong again", ip)).toMatchObject({ signedIn: false, throttled: true });
    expect(await postCredentials(email, PASSWORD, ip)).toMatchObject({ signedIn: false, throttled: true });
  });

  it("lets exactly 10 of 40 concurrent guesses through while a private Redis is stopped", async () => {
    redis = await startTestRedis();
    setKv(redis.createKv({ timeoutMs: 150 }));
    await redis.stopRedis();
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => postCredentials(email, `wrong ${i}`, newIp())));
    expect(results.filter((r) => !r.throttled)).toHaveLength(10);
    expect(results.every((r) => !r.signedIn)).toBe(true);
  });

  it("lets exactly 10 of 40 concurrent guesses through while Redis is hung (answers nothing)", async () => {
    redis = await startTestRedis();
    setKv(redis.createKv({ timeoutMs: 150 }));
    redis.pauseRedis();
    try {
      const email = newEmail();
      await registerUser(t.db, { email, password: PASSWORD, name: "V" });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => postCredentials(email, `wrong ${i}`, newIp())));
      expect(results.filter((r) => !r.throttled)).toHaveLength(10);
    } finally {
      redis.resumeRedis();
    }
  });

  it("holds the limit across Redis and the fallback when Redis is up (no double allowance)", async () => {
    redis = await startTestRedis();
    setKv(redis.createKv());
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => postCredentials(email, `wrong ${i}`, newIp())));
    expect(results.filter((r) => !r.throttled)).toHaveLength(10);
  });

  it("refuses the 11th registration from one address with Redis down", async () => {
    setKv(createUpstashKv({ url: await closedPortUrl(), token: "x", timeoutMs: 100, warn: () => {} }));
    const ip = newIp();
    for (let i = 0; i < 10; i++) {
      const res = await call(registerHandler, { ip, body: { email: newEmail(), password: PASSWORD, name: "S" } });
      expect(res.status).toBe(201);
    }
    const eleventh = await call(registerHandler, { ip, body: { email: newEmail(), password: PASSWORD, name: "S" } });
    expect(eleventh.status).toBe(429);
  });

  it("refuses the 11th token request for one account with Redis down", async () => {
    setKv(createUpstashKv({ url: await closedPortUrl(), token: "x", timeoutMs: 100, warn: () => {} }));
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "V" });
    for (let i = 0; i < 10; i++) expect((await call(tokenHandler, { body: { email, password: "wrong password" } })).status).toBe(401);
    expect((await call(tokenHandler, { body: { email, password: PASSWORD } })).status).toBe(429);
  });
});

describe("sign-in link emails through POST /api/auth/signin/resend", () => {
  let server: Server;
  let sent: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        sent.push((JSON.parse(body) as { to: string[] }).to[0]!);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `m-${sent.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    setProcessEnv({ RESEND_API_KEY: "re_test", RESEND_BASE_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    setProcessEnv({ RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined });
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    sent = [];
  });

  async function askForLink(email: string, ip: string): Promise<{ status: number; location: string }> {
    const res = await postAuthForm("signin/resend", { email, callbackUrl: "http://localhost/me" }, { ip });
    return { status: res.status, location: res.headers.get("location") ?? "" };
  }

  it("sends at most 5 links an hour to one inbox, whatever address asks", async () => {
    const email = newEmail();
    for (let i = 0; i < 8; i++) expect((await askForLink(email, newIp())).status).toBe(i < 5 ? 302 : 429);
    expect(sent).toHaveLength(5);
    expect(sent.every((to) => to === email)).toBe(true);
    expect((await askForLink(email.toUpperCase(), newIp())).status).toBe(429);
    expect((await askForLink(` ${email.replace("v", "\uFF56")}`, newIp())).status).toBe(429);
    expect(sent).toHaveLength(5);
  });

  it("lets one address ask for at most 10 links a minute across inboxes", async () => {
    const ip = newIp();
    for (let i = 0; i < 14; i++) await askForLink(newEmail(), ip);
    expect(sent).toHaveLength(10);
  });
});
