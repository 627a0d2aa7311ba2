import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { devMailbox, notifications, users } from "@/db/schema";
import { changePasswordHandler, listTokensHandler, registerHandler, tokenHandler } from "@/lib/api/routes/auth";
import { call } from "@/lib/api/testing";
import { GET } from "@/lib/auth/routes";
import { resetLocalLimits } from "@/lib/auth/throttle";
import { authenticate, registerUser, verifyEmail } from "@/lib/auth/users";
import { setProcessEnv } from "@/lib/env";
import { dispatchNotification } from "@/lib/notifications/dispatch";
import { startFakeResend, type FakeResend } from "@/lib/notifications/testing/fake-resend";
import { createMailboxTransport } from "@/lib/notifications/transport";
import { acceptInvite, inviteMember } from "@/lib/restaurants/staff";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import { csrf, postAuthForm, postCredentials, sessionCookieOf } from "@/lib/testing/auth";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertUser } from "@/lib/testing/fixtures";

/** Accounts as a squatter and a careless user would try them. */

const PASSWORD = "a perfectly fine passphrase";
let t: TestDb;

beforeAll(async () => {
  t = await openTestApp({ env: { RESEND_API_KEY: undefined, APP_URL: "http://localhost" } });
});
afterAll(async () => {
  setProcessEnv({ APP_URL: undefined });
  await closeTestApp(t);
});
beforeEach(() => resetLocalLimits());

const newEmail = () => `a-${randomBytes(4).toString("hex")}@example.test`;

async function passwordSignIn(email: string, password: string): Promise<string | undefined> {
  return sessionCookieOf(await postCredentials({ email, password }, { ip: `10.1.${randomBytes(1)[0]}.${randomBytes(1)[0]}` }));
}

async function verificationLinkFor(userId: string): Promise<string> {
  const [row] = await t.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, "verify_email")));
  expect(row, "a verification email was queued").toBeDefined();
  const outcome = await dispatchNotification(t.db, row!.id, { transport: createMailboxTransport(t.db) });
  expect(outcome.outcome).toBe("sent");
  const [mail] = await t.db.select().from(devMailbox).where(sql`${devMailbox.idempotencyKey} like ${`%${row!.id}%`}`);
  return /http:\/\/localhost\/verify-email\?token=\S+/.exec(mail!.text ?? "")![0];
}

describe("passwords", () => {
  it.each(["aaaaaaaaaa", "password123", "1234567890", "qwertyuiop", "iloveyou12", "Password1!", "letmein123"])(
    "refuses the guessable %s with 400 naming the password",
    async (password) => {
      const res = await call(registerHandler, { body: { email: newEmail(), password, name: "Weak" } });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.password[0]).toMatch(/common|guess/);
    },
  );

  it("refuses a password made of the account's own email address", async () => {
    const email = `harriet.lindqvist-${randomBytes(2).toString("hex")}@example.test`;
    const res = await call(registerHandler, { body: { email, password: `${email.split("@")[0]}1`, name: "Harriet Lindqvist" } });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.password).toBeDefined();
  });

  it("accepts a passphrase, and register then token works before the address is confirmed", async () => {
    const email = newEmail();
    expect((await call(registerHandler, { body: { email, password: PASSWORD, name: "Ok" } })).status).toBe(201);
    const token = await call(tokenHandler, { body: { email, password: PASSWORD } });
    expect(token.status).toBe(200);
    expect((await call(listTokensHandler, { token: token.json.token })).status).toBe(200);
  });
});

describe("email ownership is proven by a link", () => {
  it("sends one verification email that asks to confirm only if they created the account; confirming keeps the password", async () => {
    const email = newEmail();
    const user = await registerUser(t.db, { email, password: PASSWORD, name: "Vera" });
    const link = await verificationLinkFor(user.id);
    const [mail] = await t.db.select().from(devMailbox).where(sql`${email} = any(${devMailbox.toAddresses})`);
    expect(mail!.subject).toMatch(/Did you create/);
    expect(mail!.text).toMatch(/only if you created it/i);

    const token = new URL(link).searchParams.get("token")!;
    expect(await verifyEmail(t.db, token)).toEqual({ email, already: false });
    const [row] = await t.db.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, user.id));
    expect(row!.emailVerified).toBeInstanceOf(Date);
    expect(await authenticate(t.db, email, PASSWORD)).not.toBeNull();
    // Confirming twice is harmless; a tampered token is refused.
    expect(await verifyEmail(t.db, token)).toEqual({ email, already: true });
    // Flip the signature's first character: its last ones carry unused bits, so changing them may not
    // change the signature at all.
    const [payload, sig] = token.split(".") as [string, string];
    const tampered = `${payload}.${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
    await expect(verifyEmail(t.db, tampered)).rejects.toMatchObject({ code: "invalid_input" });
    // Once confirmed, a queued reminder of the same email is not sent.
    const again = await t.db.insert(notifications).values({ userId: user.id, kind: "verify_email", toEmail: email }).returning();
    expect((await dispatchNotification(t.db, again[0]!.id, { transport: createMailboxTransport(t.db) })).outcome).toBe("skipped");
  });

  it("does not verify an address the account no longer has, nor after the link expires", async () => {
    const email = newEmail();
    const user = await registerUser(t.db, { email, password: PASSWORD, name: "Moved" });
    const token = new URL(await verificationLinkFor(user.id)).searchParams.get("token")!;
    await expect(verifyEmail(t.db, token, new Date(Date.now() + 4 * 86_400_000))).rejects.toMatchObject({ code: "invalid_input" });
    await t.db.update(users).set({ email: newEmail() }).where(eq(users.id, user.id));
    await expect(verifyEmail(t.db, token)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("accepting a staff invite needs a confirmed address", async () => {
    const owner = await insertUser(t.db);
    const restaurant = await insertRestaurant(t.db);
    await insertMember(t.db, restaurant.id, owner.id, "owner");
    const email = newEmail();
    const { token } = await inviteMember(t.db, { userId: owner.id, email: owner.email, name: owner.name }, restaurant.id, { email, role: "manager" });
    const invitee = await registerUser(t.db, { email, password: PASSWORD, name: "Inv" });
    const principal = { userId: invitee.id, email, name: "Inv" };
    await expect(acceptInvite(t.db, principal, token)).rejects.toMatchObject({ code: "forbidden", details: { reason: "email_unverified" } });
    await verifyEmail(t.db, new URL(await verificationLinkFor(invitee.id)).searchParams.get("token")!);
    expect(await acceptInvite(t.db, principal, token)).toMatchObject({ restaurantId: restaurant.id, role: "manager" });
  });
});

describe("pre-hijacking: a squatter registers someone else's address", () => {
  let resend: FakeResend;
  beforeAll(async () => {
    resend = await startFakeResend({ apiKey: "re_test" });
    setProcessEnv({ RESEND_API_KEY: "re_test", RESEND_BASE_URL: resend.url });
  });
  afterAll(async () => {
    setProcessEnv({ RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined });
    await resend.close();
  });

  /** The owner of the address asks for a sign-in link and follows it; returns the new session cookie. */
  async function signInByLink(email: string): Promise<string> {
    const c = await csrf();
    const asked = await postAuthForm("signin/resend", { email, callbackUrl: "/me" }, { csrf: c });
    expect(asked.status).toBe(302);
    const mail = resend.deliveries.filter((d) => [d.body.to].flat().includes(email)).at(-1)!;
    const link = /http:\/\/localhost\/api\/auth\/callback\/resend\?\S+/.exec(mail.body.text ?? "")![0];
    const followed = await GET(new Request(link, { headers: { cookie: c.cookie } }));
    const session = sessionCookieOf(followed);
    expect(session, "the link signed in").toBeDefined();
    return session!;
  }

  it("the owner's sign-in link removes the squatter's password and ends the squatter's sessions and tokens", async () => {
    const victim = newEmail();
    const squatter = await registerUser(t.db, { email: victim, password: PASSWORD, name: "Squatter" });
    const squatterCookie = (await passwordSignIn(victim, PASSWORD))!;
    const squatterToken = (await call(tokenHandler, { body: { email: victim, password: PASSWORD } })).json.token as string;
    expect((await call(listTokensHandler, { headers: { cookie: squatterCookie } })).status).toBe(200);

    const ownerCookie = await signInByLink(victim);

    // The same account, now the owner's: confirmed, no password.
    const [row] = await t.db.select().from(users).where(eq(users.id, squatter.id));
    expect(row!.emailVerified).toBeInstanceOf(Date);
    expect(row!.passwordHash).toBeNull();
    expect(await passwordSignIn(victim, PASSWORD)).toBeUndefined();
    expect((await call(tokenHandler, { body: { email: victim, password: PASSWORD } })).status).toBe(401);
    expect((await call(listTokensHandler, { token: squatterToken })).status).toBe(401);
    expect((await call(listTokensHandler, { headers: { cookie: squatterCookie } })).status).toBe(401);
    expect((await call(listTokensHandler, { headers: { cookie: ownerCookie } })).status).toBe(200);
  });

  it("a sign-in link into an account whose owner confirmed it keeps the password and the other sessions", async () => {
    const email = newEmail();
    const user = await registerUser(t.db, { email, password: PASSWORD, name: "Real" });
    await verifyEmail(t.db, new URL(await verificationLinkFor(user.id)).searchParams.get("token")!);
    const laptop = (await passwordSignIn(email, PASSWORD))!;
    await signInByLink(email);
    expect(await passwordSignIn(email, PASSWORD)).toBeDefined();
    expect((await call(listTokensHandler, { headers: { cookie: laptop } })).status).toBe(200);
  });
});

describe("changing the password", () => {
  it("needs the current password, follows the rules, and ends every session and token", async () => {
    const email = newEmail();
    await registerUser(t.db, { email, password: PASSWORD, name: "C" });
    const token = (await call(tokenHandler, { body: { email, password: PASSWORD } })).json.token as string;
    const cookie = (await passwordSignIn(email, PASSWORD))!;

    const wrong = await call(changePasswordHandler, { token, body: { current_password: "not it at all", new_password: "another fine passphrase" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.fields.current_password).toBeDefined();
    const weak = await call(changePasswordHandler, { token, body: { current_password: PASSWORD, new_password: "password123" } });
    expect(weak.status).toBe(400);
    expect(weak.json.error.fields.new_password).toBeDefined();

    const ok = await call(changePasswordHandler, { token, body: { current_password: PASSWORD, new_password: "another fine passphrase" } });
    expect(ok.status).toBe(204);
    expect((await call(listTokensHandler, { token })).status).toBe(401);
    expect((await call(listTokensHandler, { headers: { cookie } })).status).toBe(401);
    expect(await authenticate(t.db, email, PASSWORD)).toBeNull();
    expect(await authenticate(t.db, email, "another fine passphrase")).not.toBeNull();
  });
});
