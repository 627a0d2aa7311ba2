import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { openDb, setDb, type DbHandle } from "@/db/client";
import { devMailbox, notifications, smsOptOuts } from "@/db/schema";
import { joinWaitlistHandler } from "@/lib/api/routes/waitlist";
import { confirmHandler } from "@/lib/api/routes/reservations";
import { twilioWebhookHandler } from "@/lib/api/routes/webhooks";
import { call, TEST_AUTH_SECRET } from "@/lib/api/testing";
import { abandonExhaustedClaims, claimNotification, DEFAULT_RETRY_POLICY, idempotencyKeyFor } from "@/lib/notifications/claim";
import { listOutbox } from "@/lib/notifications/mailbox";
import { dispatchNotification } from "@/lib/notifications/dispatch";
import { bookConfirmed, holdFor, localSeating, makeDue, outboxRow, restaurantForBookings } from "@/lib/notifications/testing/bookings";
import { startFakeTwilio, type FakeTwilio } from "@/lib/notifications/testing/fake-twilio";
import { appUrl, setProcessEnv } from "@/lib/env";
import { createMemoryKv, setKv } from "@/lib/redis";
import { cancelReservation } from "@/lib/reservations";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { offerFreedSeatings } from "@/lib/waitlist/waitlist";
import { createTwilioTransport, type SmsTransport } from "./transport";

/**
 * Text messages through the real `twilio` package against a local server speaking Twilio's API:
 * one text per outbox row however many workers race for it, retries only when Twilio proved nothing
 * was sent, and STOP (signed inbound webhook) suppressing every later text to the number.
 */
let t: TestDb;
let fake: FakeTwilio;
let restaurantId: string;
let day = 5;
const MOBILE = "+44 7911 123456";
const E164 = "+447911123456";

function twilioEnv(on: boolean) {
  setProcessEnv({
    TWILIO_ACCOUNT_SID: on ? fake.accountSid : undefined,
    TWILIO_AUTH_TOKEN: on ? fake.authToken : undefined,
    TWILIO_FROM: on ? fake.from : undefined,
    TWILIO_API_BASE: on ? fake.url : undefined,
  });
}

beforeAll(async () => {
  fake = await startFakeTwilio();
  setProcessEnv({ AUTH_SECRET: TEST_AUTH_SECRET });
  twilioEnv(true);
  setKv(createMemoryKv());
  t = await createTestDb(inject("templateDb"), { max: 20 });
  setDb(t.db);
  restaurantId = (await restaurantForBookings(t.db)).id;
});
afterAll(async () => {
  setDb(null);
  setKv(null);
  twilioEnv(false);
  await t?.destroy();
  await fake?.close();
});
afterEach(() => {
  fake.failNext(0);
  fake.unsubscribed.clear();
  twilioEnv(true);
});

const texted = () => bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone: MOBILE, smsOptIn: true });
const sentTo = (phone: string) => fake.messages.filter((m) => m.to === phone);
async function current(id: string) {
  const [row] = await t.db.select().from(notifications).where(eq(notifications.id, id));
  return row!;
}
/** Texts in the development mailbox to this number (for this outbox row, when given). */
async function mailboxTexts(phone: string, notificationId?: string) {
  const rows = await t.db.select().from(devMailbox).where(and(eq(devMailbox.channel, "sms"), sql`${phone} = any(${devMailbox.toAddresses})`));
  return notificationId ? rows.filter((r) => r.idempotencyKey === idempotencyKeyFor(notificationId)) : rows;
}

/** A fresh number per test, so counts of texts to it are this test's alone. */
let nextNumber = 100000;
const freshMobile = () => `+447911${nextNumber++}`;

describe("SMS rows in the outbox", () => {
  it("writes a text beside each email when the diner agreed, to the number in E.164", async () => {
    const hold = await holdFor(t.db, restaurantId, localSeating("Europe/London", day++));
    const res = await call(confirmHandler, {
      params: { id: hold.reservation.id },
      headers: { "x-manage-token": hold.manageToken },
      body: { name: "Ana Diner", email: "ana@example.test", phone: "+44 (0)7911 123456", sms_opt_in: true },
    });
    expect(res.status).toBe(200);
    expect(res.json.phone).toBe(E164);
    const rows = await t.db.select().from(notifications).where(eq(notifications.reservationId, hold.reservation.id));
    const summary = rows.map((r) => `${r.kind}/${r.channel}/${r.toEmail ?? r.toPhone}`).sort();
    expect(summary).toEqual([
      "confirmation/email/ana@example.test",
      `confirmation/sms/${E164}`,
      "reminder/email/ana@example.test",
      `reminder/sms/${E164}`,
    ]);
  });

  it("writes no text without consent", async () => {
    const { reservation: noConsent } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone: MOBILE });
    const channels = await t.db.select({ channel: notifications.channel }).from(notifications).where(eq(notifications.reservationId, noConsent.id));
    expect(channels.map((c) => c.channel)).toEqual(["email", "email"]);
  });

  it("refuses texts to a number without its country code, and changes nothing", async () => {
    const hold = await holdFor(t.db, restaurantId, localSeating("Europe/London", day++));
    const res = await call(confirmHandler, {
      params: { id: hold.reservation.id },
      headers: { "x-manage-token": hold.manageToken },
      body: { name: "Ana Diner", email: "ana@example.test", phone: "07911 123456", sms_opt_in: true },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.phone[0]).toMatch(/country code/);
    const rows = await t.db.select().from(notifications).where(eq(notifications.reservationId, hold.reservation.id));
    expect(rows).toHaveLength(0);
  });
});

describe("exactly one text per row", () => {
  it("sends once when two workers dispatch the same row at the same moment, with the real message", async () => {
    const { reservation } = await texted();
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const before = fake.messages.length;
    const workers: DbHandle[] = [openDb(t.url, { max: 2 }), openDb(t.url, { max: 2 })];
    try {
      const outcomes = await Promise.all(workers.map((w) => dispatchNotification(w.db, row.id)));
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["not_claimed", "sent"]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const sent = fake.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(E164);
    expect(sent[0]!.from).toBe(fake.from);
    expect(sent[0]!.body).toContain(reservation.code);
    expect(sent[0]!.body).toContain("/reservations/");
    expect(sent[0]!.body).toContain("Reply STOP to opt out.");
    const after = await current(row.id);
    expect(after.status).toBe("sent");
    expect(after.providerId).toBe(sent[0]!.sid);
    // Sending the same row again is a no-op.
    expect((await dispatchNotification(t.db, row.id)).outcome).toBe("not_claimed");
    expect(fake.messages.length).toBe(before + 1);
  });

  it("retries with backoff when Twilio refused the request (nothing was sent), then sends once", async () => {
    const { reservation } = await texted();
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const before = fake.messages.length;
    fake.failNext(1, 503);
    const first = await dispatchNotification(t.db, row.id);
    expect(first).toMatchObject({ outcome: "failed", willRetry: true });
    expect((await current(row.id)).status).toBe("failed");
    // Not due again until its backoff has passed.
    expect((await dispatchNotification(t.db, row.id)).outcome).toBe("not_claimed");
    await makeDue(t.db, row.id);
    expect((await dispatchNotification(t.db, row.id)).outcome).toBe("sent");
    expect(fake.messages.length).toBe(before + 1);
    expect((await current(row.id)).attempts).toBe(2);
  });

  it("never sends again when the outcome is unknown (the answer was lost after Twilio took the text)", async () => {
    const { reservation } = await texted();
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const before = fake.messages.length;
    fake.dropNextAnswer();
    const first = await dispatchNotification(t.db, row.id);
    expect(first).toMatchObject({ outcome: "failed", willRetry: false });
    const after = await current(row.id);
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/may already have gone out/);
    await makeDue(t.db, row.id);
    expect((await dispatchNotification(t.db, row.id)).outcome).toBe("not_claimed");
    expect(fake.messages.length).toBe(before + 1);
  });

  it("does not take over a text whose worker died mid-send; the sweeper closes it instead", async () => {
    const { reservation } = await texted();
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const claimed = await claimNotification(t.db, row.id);
    expect(claimed?.status).toBe("sending");
    // The worker died: its claim is now older than the stale-claim limit.
    await t.db.update(notifications).set({ claimedAt: sql`now() - interval '10 minutes'` }).where(eq(notifications.id, row.id));
    const requests = fake.requests.length;
    expect(await claimNotification(t.db, row.id)).toBeNull();
    expect(await abandonExhaustedClaims(t.db, DEFAULT_RETRY_POLICY)).toBeGreaterThanOrEqual(1);
    const after = await current(row.id);
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/may already have gone out/);
    expect(await claimNotification(t.db, row.id)).toBeNull();
    expect(fake.requests.length).toBe(requests);
  });

  it("delivers a row to the development mailbox once Twilio is switched off, and Twilio hears nothing", async () => {
    const { reservation } = await texted();
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    twilioEnv(false);
    const requests = fake.requests.length;
    expect(await dispatchNotification(t.db, row.id)).toMatchObject({ outcome: "sent" });
    expect(fake.requests.length).toBe(requests);
    expect(await mailboxTexts(E164, row.id)).toHaveLength(1);
  });

  it("uses the official package's wire format: a wrong auth token is Twilio's 401, retried later", async () => {
    const transport: SmsTransport = createTwilioTransport({ accountSid: fake.accountSid, authToken: "wrong", from: fake.from, apiBase: fake.url });
    const { reservation } = await texted();
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const outcome = await dispatchNotification(t.db, row.id, { smsTransport: transport });
    expect(outcome).toMatchObject({ outcome: "failed", willRetry: true, error: expect.stringMatching(/401.*20003/) });
  });
});

describe("STOP", () => {
  const webhookUrl = () => `${appUrl().replace(/\/+$/, "")}/api/webhooks/twilio`;
  async function inbound(params: Record<string, string>, signature?: string) {
    const signed = fake.signedWebhook(webhookUrl(), params);
    return call(twilioWebhookHandler, {
      method: "POST",
      path: "/api/webhooks/twilio",
      body: signed.body,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature ?? signed.signature },
    });
  }
  const inboundText = (from: string, body: string) => ({ MessageSid: `SM${"0".repeat(32)}`, AccountSid: fake.accountSid, From: from, To: fake.from, Body: body, SmsStatus: "received", NumMedia: "0" });

  it("refuses a webhook with a forged signature and changes nothing", async () => {
    const phone = freshMobile();
    const res = await inbound(inboundText(phone, "STOP"), "forged-signature");
    expect(res.status).toBe(403);
    const rows = await t.db.select().from(smsOptOuts).where(eq(smsOptOuts.phone, phone));
    expect(rows).toHaveLength(0);
  });

  it("a signed STOP suppresses every later text to the number; START lets them through again", async () => {
    const phone = freshMobile();
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    const confirmation = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    expect((await dispatchNotification(t.db, confirmation.id)).outcome).toBe("sent");

    const stop = await inbound(inboundText(phone, " stop "));
    expect(stop.status).toBe(200);
    expect(stop.text).toContain("<Response>");
    const reminder = await outboxRow(t.db, reservation.id, "reminder", "sms");
    await makeDue(t.db, reminder.id);
    expect(await dispatchNotification(t.db, reminder.id)).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(/opted out/) });
    // The email still goes: STOP is about texts.
    const emailReminder = await outboxRow(t.db, reservation.id, "reminder", "email");
    await makeDue(t.db, emailReminder.id);
    expect((await dispatchNotification(t.db, emailReminder.id)).outcome).toBe("sent");
    expect(sentTo(phone)).toHaveLength(1);

    expect((await inbound(inboundText(phone, "START"))).status).toBe(200);
    const { reservation: later } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    expect((await dispatchNotification(t.db, (await outboxRow(t.db, later.id, "confirmation", "sms")).id)).outcome).toBe("sent");
    expect(sentTo(phone)).toHaveLength(2);
  });

  it("Twilio's own refusal (21610, unsubscribed) is skipped for good and remembered", async () => {
    const phone = freshMobile();
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    fake.unsubscribed.add(phone);
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    expect(await dispatchNotification(t.db, row.id)).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(/21610/) });
    const [opted] = await t.db.select().from(smsOptOuts).where(eq(smsOptOuts.phone, phone));
    expect(opted?.reason).toBe("provider:21610");
  });

  it("a cancellation by text goes out too, and a changed number is not texted", async () => {
    const phone = freshMobile();
    const { reservation, manageToken } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    await cancelReservation(t.db, { reservationId: reservation.id, access: { principal: null, manageToken } });
    const row = await outboxRow(t.db, reservation.id, "cancellation", "sms");
    expect((await dispatchNotification(t.db, row.id)).outcome).toBe("sent");
    expect(sentTo(phone).at(-1)!.body).toMatch(/is cancelled/);
    const reminder = await outboxRow(t.db, reservation.id, "reminder", "sms");
    await makeDue(t.db, reminder.id);
    expect((await dispatchNotification(t.db, reminder.id)).outcome).toBe("skipped");
  });
});

describe("waitlist offers by text", () => {
  it("texts the offer when the entry gave a mobile and agreed", async () => {
    const r = await insertRestaurant(t.db, { timezone: "UTC", bookingWindowDays: 60 });
    await insertTable(t.db, r.id, { label: "W1", minSeats: 1, maxSeats: 2 });
    await insertSession(t.db, r.id, { firstSeating: "19:00", lastSeating: "19:00" });
    const date = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const phone = freshMobile();
    const joined = await call(joinWaitlistHandler, {
      params: { id: r.id },
      body: { date, party_size: 2, from_time: "18:00", to_time: "21:00", email: "wait@example.test", phone, sms_opt_in: true },
    });
    expect(joined.status).toBe(201);
    const offered = await offerFreedSeatings(t.db, { restaurantId: r.id, date });
    expect(offered).toEqual([joined.json.id]);
    const [row] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, "waitlist_offer"), eq(notifications.channel, "sms"), eq(notifications.toPhone, phone)));
    expect(row).toBeDefined();
    expect((await dispatchNotification(t.db, row!.id)).outcome).toBe("sent");
    expect(sentTo(phone)[0]!.body).toMatch(/held for you until \d\d:\d\d/);
  });
});

describe("without Twilio: texts land in the development mailbox", () => {
  it("writes the text rows and delivers each to the mailbox with its number and body, marked as a text", async () => {
    twilioEnv(false);
    const phone = freshMobile();
    const requests = fake.requests.length;
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const outcome = await dispatchNotification(t.db, row.id);
    expect(outcome.outcome).toBe("sent");
    const [text] = await mailboxTexts(phone, row.id);
    expect(text).toMatchObject({ channel: "sms", toAddresses: [phone], subject: "", html: "" });
    expect(text!.text).toMatch(new RegExp(`you're booked for .*Code ${reservation.code}.*Reply STOP`));
    expect(outcome).toMatchObject({ providerId: text!.id });
    // The email of the same booking is an email in the same mailbox.
    const email = await outboxRow(t.db, reservation.id, "confirmation", "email");
    expect((await dispatchNotification(t.db, email.id)).outcome).toBe("sent");
    const [mail] = await t.db.select().from(devMailbox).where(eq(devMailbox.idempotencyKey, idempotencyKeyFor(email.id)));
    expect(mail).toMatchObject({ channel: "email", toAddresses: ["ana@example.test"] });
    // The mailbox page's listing tells them apart and shows the text.
    const listed = await listOutbox(t.db, { limit: 500 });
    expect(listed.find((m) => m.notificationId === row.id)).toMatchObject({ channel: "sms", to: phone, smsBody: text!.text });
    expect(listed.find((m) => m.notificationId === email.id)).toMatchObject({ channel: "email", smsBody: null });
    expect(fake.requests.length).toBe(requests);
  });

  it("a row delivered again (a retry after its outcome was not recorded) lands once", async () => {
    twilioEnv(false);
    const phone = freshMobile();
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    const first = await dispatchNotification(t.db, row.id);
    expect(first.outcome).toBe("sent");
    // The worker's mark was lost after the send: the row is back in the queue and due.
    await t.db.update(notifications).set({ status: "failed", sentAt: null, sendAfter: sql`now()` }).where(eq(notifications.id, row.id));
    const second = await dispatchNotification(t.db, row.id);
    expect(second.outcome).toBe("sent");
    expect(second).toMatchObject({ providerId: (first as { providerId: string }).providerId });
    expect(await mailboxTexts(phone)).toHaveLength(1);
    expect((await current(row.id)).attempts).toBe(2);
  });

  it("a number that sent STOP gets no text in the mailbox", async () => {
    const phone = freshMobile();
    const signed = fake.signedWebhook(`${appUrl().replace(/\/+$/, "")}/api/webhooks/twilio`, {
      MessageSid: `SM${"1".repeat(32)}`,
      AccountSid: fake.accountSid,
      From: phone,
      To: fake.from,
      Body: "STOP",
      SmsStatus: "received",
      NumMedia: "0",
    });
    const stop = await call(twilioWebhookHandler, {
      method: "POST",
      path: "/api/webhooks/twilio",
      body: signed.body,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signed.signature },
    });
    expect(stop.status).toBe(200);
    twilioEnv(false);
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++), "ana@example.test", { phone, smsOptIn: true });
    const row = await outboxRow(t.db, reservation.id, "confirmation", "sms");
    expect(await dispatchNotification(t.db, row.id)).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(/opted out/) });
    expect(await mailboxTexts(phone)).toHaveLength(0);
  });
});
