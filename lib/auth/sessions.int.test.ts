import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDb, setDb } from "@/db/client";
import { listTokensHandler, revokeTokenHandler, tokenHandler } from "@/lib/api/routes/auth";
import { call } from "@/lib/api/testing";
import { GET } from "@/lib/auth/routes";
import { resetLocalLimits } from "@/lib/auth/throttle";
import { registerUser } from "@/lib/auth/users";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import { postAuthForm, postCredentials, sessionCookieOf } from "@/lib/testing/auth";
import type { TestDb } from "@/lib/testing/db";
import { closedPortUrl } from "@/lib/testing/redis";

/** Sign-out and revocation as someone holding a copied cookie or token would try them. */

const PASSWORD = "a perfectly fine passphrase";
let t: TestDb;

beforeAll(async () => {
  t = await openTestApp({ env: { RESEND_API_KEY: undefined } });
});
afterAll(() => closeTestApp(t));
beforeEach(() => resetLocalLimits());

const newEmail = () => `s-${randomBytes(4).toString("hex")}@example.test`;

/** Signs in through Auth.js's credentials endpoint; returns the session cookie. */
async function signIn(email: string, password = PASSWORD): Promise<string> {
  const session = sessionCookieOf(await postCredentials({ email, password }));
  expect(session, "signed in").toBeDefined();
  return session!;
}

async function signOut(sessionCookie: string): Promise<void> {
  const res = await postAuthForm("signout", {}, { cookie: sessionCookie });
  expect(res.status).toBe(302);
}

const listWithCookie = (cookie: string) => call(listTokensHandler, { headers: { cookie } });

async function sessionJson(cookie: string): Promise<unknown> {
  const res = await GET(new Request("http://localhost/api/auth/session", { headers: { cookie } }));
  return res.json();
}

describe("signing out revokes", () => {
  it("an old session cookie replayed after sign-out is 401 on the API and no session to Auth.js", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "S" });
    const stolen = await signIn(email);
    expect((await listWithCookie(stolen)).status).toBe(200);
    expect(await sessionJson(stolen)).toMatchObject({ user: { email } });

    await signOut(stolen);

    expect((await listWithCookie(stolen)).status).toBe(401);
    expect(await sessionJson(stolen)).toBeNull();
  });

  it("signing out on one device ends the sessions on the others and the API tokens", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "S" });
    const laptop = await signIn(email);
    const phone = await signIn(email);
    const token = (await call(tokenHandler, { body: { email, password: PASSWORD } })).json.token as string;
    expect((await call(listTokensHandler, { token })).status).toBe(200);

    await signOut(laptop);

    expect((await listWithCookie(phone)).status).toBe(401);
    const viaToken = await call(listTokensHandler, { token });
    expect(viaToken.status).toBe(401);
    expect(viaToken.json.error.message).toMatch(/revoked/);
    // Signing in again works and gets a session that does work.
    expect((await listWithCookie(await signIn(email))).status).toBe(200);
  });
});

describe("with Postgres unreachable", () => {
  it("a session read keeps the session instead of signing the user out", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "S" });
    const cookie = await signIn(email);
    const port = Number(new URL(await closedPortUrl()).port);
    const dead = openDb(`postgres://postgres@127.0.0.1:${port}/none`, { max: 1 });
    setDb(dead.db);
    try {
      const res = await GET(new Request("http://localhost/api/auth/session", { headers: { cookie } }));
      expect(await res.json()).toMatchObject({ user: { email } });
      expect(res.headers.getSetCookie().some((c) => /^authjs\.session-token=;/.test(c) || /session-token=[^;]*;.*Max-Age=0/i.test(c))).toBe(false);
    } finally {
      setDb(t.db);
      await dead.close().catch(() => {});
    }
  });
});

describe("bearer tokens are listable and revocable by their owner", () => {
  it("lists the owner's live tokens, marks the current one, and a revoked token is 401 at once", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "T" });
    const first = (await call(tokenHandler, { body: { email, password: PASSWORD } })).json as { token: string; id: string };
    const second = (await call(tokenHandler, { body: { email, password: PASSWORD } })).json as { token: string; id: string };

    const list = await call(listTokensHandler, { token: first.token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { id: string }) => i.id).sort()).toEqual([first.id, second.id].sort());
    expect(list.json.items.find((i: { id: string }) => i.id === first.id).current).toBe(true);
    expect(list.json.items.find((i: { id: string }) => i.id === second.id).current).toBe(false);

    const revoked = await call(revokeTokenHandler, { method: "DELETE", token: first.token, params: { id: second.id } });
    expect(revoked.status).toBe(204);
    expect((await call(listTokensHandler, { token: second.token })).status).toBe(401);
    const after = await call(listTokensHandler, { token: first.token });
    expect(after.json.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    // Revoking it again, or an id that does not exist, is 404.
    expect((await call(revokeTokenHandler, { method: "DELETE", token: first.token, params: { id: second.id } })).status).toBe(404);
  });

  it("cannot see or revoke another user's token (404, and the token keeps working)", async () => {
    const a = newEmail();
    const b = newEmail();
    await registerUser(t.db, { email: a, password: PASSWORD, name: "A" });
    await registerUser(t.db, { email: b, password: PASSWORD, name: "B" });
    const ta = (await call(tokenHandler, { body: { email: a, password: PASSWORD } })).json as { token: string; id: string };
    const tb = (await call(tokenHandler, { body: { email: b, password: PASSWORD } })).json as { token: string; id: string };
    expect((await call(listTokensHandler, { token: ta.token })).json.items.map((i: { id: string }) => i.id)).toEqual([ta.id]);
    expect((await call(revokeTokenHandler, { method: "DELETE", token: ta.token, params: { id: tb.id } })).status).toBe(404);
    expect((await call(listTokensHandler, { token: tb.token })).status).toBe(200);
    expect((await call(revokeTokenHandler, { method: "DELETE", token: ta.token, params: { id: "not-a-uuid" } })).status).toBe(404);
    expect((await call(listTokensHandler)).status).toBe(401);
  });
});

describe("Auth.js callbackUrl stays on the origin", () => {
  it.each(["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "http://localhost@evil.example/", "/%0a", "/%2F%2Fevil.example"])(
    "signing in with callbackUrl %j lands on this site",
    async (callbackUrl) => {
      const email = newEmail();
      await registerUser(t.db, { email, password: PASSWORD, name: "R" });
      const res = await postCredentials({ email, password: PASSWORD, callbackUrl }, { cookie: `authjs.callback-url=${encodeURIComponent(callbackUrl)}` });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get("location")!, "http://localhost");
      expect(location.origin).toBe("http://localhost");
      expect(location.pathname).toBe("/");
    },
  );

  it("keeps a same-origin callbackUrl", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "R" });
    const res = await postCredentials({ email, password: PASSWORD, callbackUrl: "http://localhost/r/some-place?x=1" });
    expect(new URL(res.headers.get("location")!, "http://localhost").href).toBe("http://localhost/r/some-place?x=1");
  });
});
