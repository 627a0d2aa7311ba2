import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, reservations, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordReset, requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { authenticate, registerUser, verifyEmail } from "@/lib/auth/users";
import { signVerification } from "@/lib/auth/verification";
import { setProcessEnv } from "@/lib/env";
import { prepareAccountEmail } from "@/lib/notifications/account";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertTable, insertUser } from "@/lib/testing/fixtures";

let t: TestDb;
const OLD = "the old passphrase, long enough";
const NEW = "a brand new passphrase for dinner";

beforeAll(async () => {
  t = await openTestApp({ env: { APP_URL: "http://localhost" }, kv: false, appDb: false });
});
afterAll(async () => {
  setProcessEnv({ APP_URL: undefined });
  await closeTestApp(t);
});

const newEmail = () => `r-${randomBytes(4).toString("hex")}@example.test`;

async function resetRows(userId: string) {
  return t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, "password_reset")));
}

/** The link the reset email for this row carries (as the dispatcher renders it), and its token. */
async function linkFrom(row: typeof notifications.$inferSelect, now?: Date) {
  const prepared = await prepareAccountEmail(t.db, row, now);
  if (!("send" in prepared)) throw new Error(`not sent: ${prepared.skip}`);
  const url = /https?:\/\/[^\s"]+\/reset-password\?token=[^\s"&]+/.exec(prepared.send.text)![0];
  return { email: prepared.send, token: decodeURIComponent(new URL(url).searchParams.get("token")!) };
}

async function guestBooking(email: string) {
  const r = await insertRestaurant(t.db);
  const table = await insertTable(t.db, r.id);
  const start = new Date(Date.now() + 5 * 86_400_000);
  const row = await insertReservation(t.db, { restaurantId: r.id, tableId: table.id, startsAt: start, endsAt: new Date(start.getTime() + 90 * 60_000) });
  await t.db.update(reservations).set({ guestEmail: email.toUpperCase(), guestName: "Guest" }).where(eq(reservations.id, row.id));
  return row;
}

describe("forgot password", () => {
  it("queues a reset email only for an address that has an account, and answers the same either way", async () => {
    const user = await insertUser(t.db, { email: newEmail(), passwordHash: await hashPassword(OLD) });
    await expect(requestPasswordReset(t.db, `  ${user.email.toUpperCase()} `)).resolves.toBeUndefined();
    await expect(requestPasswordReset(t.db, newEmail())).resolves.toBeUndefined();
    const rows = await resetRows(user.id);
    expect(rows).toHaveLength(1);
    const { email } = await linkFrom(rows[0]!);
    expect(email.subject).toBe("Set a new Tablekeep password");
    expect(email.to).toEqual([user.email]);
  });

  it("sets a new password once: the link then stops working, and so do older links and every session", async () => {
    const user = await insertUser(t.db, { email: newEmail(), passwordHash: await hashPassword(OLD) });
    await requestPasswordReset(t.db, user.email);
    await requestPasswordReset(t.db, user.email);
    const [first, second] = await resetRows(user.id);
    const a = await linkFrom(first!);
    const b = await linkFrom(second!);
    expect(await checkPasswordReset(t.db, a.token)).toEqual({ email: user.email });

    await expect(resetPassword(t.db, { token: a.token, password: "short" })).rejects.toMatchObject({ code: "invalid_input", fields: { password: expect.any(Array) } });
    await resetPassword(t.db, { token: a.token, password: NEW });
    expect(await authenticate(t.db, user.email, NEW)).toMatchObject({ id: user.id });
    expect(await authenticate(t.db, user.email, OLD)).toBeNull();
    const [after] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.sessionVersion).toBe(user.sessionVersion + 1);

    for (const token of [a.token, b.token]) {
      expect(await checkPasswordReset(t.db, token)).toBeNull();
      await expect(resetPassword(t.db, { token, password: "yet another fine passphrase" })).rejects.toMatchObject({ code: "invalid_input" });
    }
    expect(await authenticate(t.db, user.email, NEW)).toMatchObject({ id: user.id });
  });

  it("two tabs using one link at once: exactly one sets the password", async () => {
    const user = await insertUser(t.db, { email: newEmail(), passwordHash: await hashPassword(OLD) });
    await requestPasswordReset(t.db, user.email);
    const { token } = await linkFrom((await resetRows(user.id))[0]!);
    const results = await Promise.allSettled([
      resetPassword(t.db, { token, password: "first tab's new passphrase" }),
      resetPassword(t.db, { token, password: "second tab's new passphrase" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses a link after an hour, a tampered link, and does not send one that would arrive expired", async () => {
    const user = await insertUser(t.db, { email: newEmail(), passwordHash: await hashPassword(OLD) });
    await requestPasswordReset(t.db, user.email);
    const row = (await resetRows(user.id))[0]!;
    const { token } = await linkFrom(row);
    const later = new Date(row.createdAt.getTime() + 61 * 60_000);
    expect(await checkPasswordReset(t.db, token, later)).toBeNull();
    await expect(resetPassword(t.db, { token, password: NEW }, later)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await prepareAccountEmail(t.db, row, later)).toEqual({ skip: "The reset link would have expired." });
    const [payload, sig] = token.split(".");
    const other = await insertUser(t.db, { email: newEmail(), passwordHash: await hashPassword(OLD) });
    const forged = `${Buffer.from(JSON.stringify({ u: other.id, x: Math.floor(Date.now() / 1000) + 600 })).toString("base64url")}.${sig}`;
    expect(await checkPasswordReset(t.db, forged)).toBeNull();
    expect(await checkPasswordReset(t.db, `${payload}.${sig}x`)).toBeNull();
    expect(await checkPasswordReset(t.db, "nonsense")).toBeNull();
  });

  it("the link proves the address: an unconfirmed one is confirmed and its guest bookings join the account", async () => {
    const email = newEmail();
    const booking = await guestBooking(email);
    const user = await insertUser(t.db, { email, emailVerified: null, passwordHash: await hashPassword(OLD) });
    await requestPasswordReset(t.db, email);
    const { token } = await linkFrom((await resetRows(user.id))[0]!);
    await resetPassword(t.db, { token, password: NEW });
    const [after] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.emailVerified).not.toBeNull();
    const [joined] = await t.db.select().from(reservations).where(eq(reservations.id, booking.id));
    expect(joined!.userId).toBe(user.id);
  });
});

describe("guest bookings join the account when its address is confirmed", () => {
  it("not at sign-up (an address typed proves nothing), then on confirming it", async () => {
    const email = newEmail();
    const mine = await guestBooking(email);
    const someoneElses = await guestBooking(newEmail());
    const user = await registerUser(t.db, { email, password: "a perfectly fine passphrase", name: "Dee" });
    expect((await t.db.select().from(reservations).where(eq(reservations.id, mine.id)))[0]!.userId).toBeNull();

    await verifyEmail(t.db, signVerification({ userId: user.id, email, expiresAt: new Date(Date.now() + 3600_000) }));
    expect((await t.db.select().from(reservations).where(eq(reservations.id, mine.id)))[0]!.userId).toBe(user.id);
    expect((await t.db.select().from(reservations).where(eq(reservations.id, someoneElses.id)))[0]!.userId).toBeNull();
  });
});
