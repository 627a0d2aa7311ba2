import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { openDb, type DbHandle } from "@/db/client";
import { devMailbox, notifications } from "@/db/schema";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { cancelReservation } from "@/lib/reservations";
import { dispatchDueStep } from "@/lib/jobs/sweeper";
import { claimNotification, DEFAULT_RETRY_POLICY, idempotencyKeyFor, type RetryPolicy } from "./claim";
import { deliverClaimed, dispatchNotification, loadNotificationContext } from "./dispatch";
import { getMailboxMessage, listOutbox } from "./mailbox";
import { buildMessage } from "./render";
import { getNotificationStatuses } from "./status";
import { createMailboxTransport, createResendTransport, type EmailTransport } from "./transport";
import { startFakeResend, type FakeResend } from "./testing/fake-resend";
import { bookConfirmed, localSeating, makeDue, outboxRow, restaurantForBookings } from "./testing/bookings";

let t: TestDb;
let resend: FakeResend;
let transport: EmailTransport;
let restaurantId: string;
let day = 3;

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 20, appDb: false });
  resend = await startFakeResend();
  transport = createResendTransport({ apiKey: resend.apiKey, baseUrl: resend.url, timeoutMs: 5_000 });
  restaurantId = (await restaurantForBookings(t.db)).id;
});
afterAll(async () => {
  await resend?.close();
  await closeTestApp(t);
});
afterEach(() => {
  resend.failNext(0);
});

/** A fresh confirmed booking on its own day, so tests never compete for tables. */
async function confirmed() {
  return bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
}

function deliveriesFor(notificationId: string) {
  return resend.deliveries.filter((d) => d.idempotencyKey === idempotencyKeyFor(notificationId));
}
function requestsFor(notificationId: string) {
  return resend.requests.filter((r) => r.idempotencyKey === idempotencyKeyFor(notificationId));
}
async function current(id: string) {
  const [row] = await t.db.select().from(notifications).where(eq(notifications.id, id));
  return row!;
}

describe("exactly one email per outbox row", () => {
  it("sends once when two workers dispatch the same row at the same moment", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    // Two separate pools, as two app instances would have.
    const workers: DbHandle[] = [openDb(t.url, { max: 2 }), openDb(t.url, { max: 2 })];
    try {
      // The provider is slow, so the second worker arrives while the first is mid-send.
      resend.delayNext(300);
      const outcomes = await Promise.all(workers.map((w) => dispatchNotification(w.db, row.id, { transport })));
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["not_claimed", "sent"]);
      expect(deliveriesFor(row.id)).toHaveLength(1);
      expect(requestsFor(row.id)).toHaveLength(1);
      const after = await current(row.id);
      expect(after.status).toBe("sent");
      expect(after.attempts).toBe(1);
      expect(after.providerId).toBe(deliveriesFor(row.id)[0]!.id);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("sends once when many single dispatches and batch sweeps race for the same rows", async () => {
    const bookings = await Promise.all([confirmed(), confirmed(), confirmed()]);
    const rows = await Promise.all(bookings.map((b) => outboxRow(t.db, b.reservation.id, "confirmation")));
    const workers: DbHandle[] = Array.from({ length: 4 }, () => openDb(t.url, { max: 3 }));
    try {
      await Promise.all(
        workers.flatMap((w) => [
          ...rows.map((r) => dispatchNotification(w.db, r.id, { transport })),
          dispatchDueStep(w.db, { batchSize: 10 }, { transport }),
        ]),
      );
      for (const r of rows) {
        // One request, not merely one delivery: the claim, not the provider's dedupe, kept it single.
        expect(requestsFor(r.id)).toHaveLength(1);
        expect(deliveriesFor(r.id)).toHaveLength(1);
        expect((await current(r.id)).status).toBe("sent");
      }
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("retries after a provider 500 with backoff and delivers exactly once", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    resend.failNext(1);

    const first = await dispatchNotification(t.db, row.id, { transport });
    expect(first).toMatchObject({ outcome: "failed", attempts: 1, willRetry: true });
    const failed = await current(row.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatch(/500/);
    // The first retry waits a minute (by the database clock).
    const [{ wait }] = (await t.db.execute(
      sql`select extract(epoch from (${notifications.sendAfter} - now()))::float as wait from ${notifications} where id = ${row.id}`,
    )) as unknown as [{ wait: number }];
    expect(wait).toBeGreaterThan(DEFAULT_RETRY_POLICY.backoffSeconds[0]! - 10);
    expect(wait).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.backoffSeconds[0]!);

    // Not before its time...
    expect(await dispatchNotification(t.db, row.id, { transport })).toMatchObject({ outcome: "not_claimed", reason: expect.stringMatching(/^Not due until/) });
    expect(requestsFor(row.id)).toHaveLength(1);

    // ...and once it is due, the sweeper's retry delivers it.
    await makeDue(t.db, row.id);
    const swept = await dispatchDueStep(t.db, {}, { transport });
    expect(swept.notifications.sent).toBeGreaterThanOrEqual(1);
    const sent = await current(row.id);
    expect(sent.status).toBe("sent");
    expect(sent.attempts).toBe(2);
    expect(sent.lastError).toBeNull();
    expect(requestsFor(row.id).map((r) => r.status)).toEqual([500, 200]);
    expect(deliveriesFor(row.id)).toHaveLength(1);
  });

  it("does not send twice when a worker dies after the send and before marking the row", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");

    // The dispatcher's own steps, stopped where a crash would stop them: claimed and sent, never marked.
    const claimed = await claimNotification(t.db, row.id);
    expect(claimed).not.toBeNull();
    const ctx = await loadNotificationContext(t.db, claimed!);
    const email = await buildMessage(ctx!);
    const firstSend = await transport.send(email, idempotencyKeyFor(row.id));
    expect(deliveriesFor(row.id)).toHaveLength(1);
    expect((await current(row.id)).status).toBe("sending");

    // While the claim is fresh nobody else touches the row.
    expect(await dispatchNotification(t.db, row.id, { transport })).toMatchObject({
      outcome: "not_claimed",
      reason: "Another worker is sending it.",
    });

    // Once the claim is stale, the sweeper takes it over and sends again under the same key.
    await t.db
      .update(notifications)
      .set({ claimedAt: sql`now() - make_interval(secs => ${DEFAULT_RETRY_POLICY.staleClaimSeconds + 1})` })
      .where(eq(notifications.id, row.id));
    await dispatchDueStep(t.db, {}, { transport });

    expect(requestsFor(row.id)).toHaveLength(2);
    expect(deliveriesFor(row.id)).toHaveLength(1);
    const after = await current(row.id);
    expect(after.status).toBe("sent");
    expect(after.attempts).toBe(2);
    expect(after.providerId).toBe(firstSend.providerId);
  });

  it("gives up after the last attempt, and the owner sees the failure", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    const policy: RetryPolicy = { maxAttempts: 2, backoffSeconds: [0], staleClaimSeconds: 300 };
    resend.failNext(10);

    expect(await dispatchNotification(t.db, row.id, { transport, policy })).toMatchObject({ outcome: "failed", willRetry: true });
    expect(await dispatchNotification(t.db, row.id, { transport, policy })).toMatchObject({ outcome: "failed", willRetry: false });
    expect(await dispatchNotification(t.db, row.id, { transport, policy })).toMatchObject({
      outcome: "not_claimed",
      reason: "Gave up after 2 attempts.",
    });
    expect(requestsFor(row.id)).toHaveLength(2);
    expect(deliveriesFor(row.id)).toHaveLength(0);

    const statuses = await getNotificationStatuses(t.db, [reservation.id]);
    expect(statuses[reservation.id]?.confirmation).toMatchObject({ status: "failed", sentAt: null });
  });

  it("closes a row whose worker died during its last allowed attempt as failed", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    await t.db
      .update(notifications)
      .set({ status: "sending", attempts: DEFAULT_RETRY_POLICY.maxAttempts, claimedAt: sql`now() - interval '1 hour'` })
      .where(eq(notifications.id, row.id));
    const result = await dispatchDueStep(t.db, {}, { transport });
    expect(result.abandoned).toBeGreaterThanOrEqual(1);
    const after = await current(row.id);
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/Gave up/);
    expect(deliveriesFor(row.id)).toHaveLength(0);
  });
});

describe("checks the reservation before sending", () => {
  it("skips the reminder and a not-yet-sent confirmation of a cancelled reservation, and sends the cancellation", async () => {
    const { reservation, manageToken } = await confirmed();
    await cancelReservation(t.db, { reservationId: reservation.id, access: { principal: null, manageToken } });
    const confirmation = await outboxRow(t.db, reservation.id, "confirmation");
    const reminder = await outboxRow(t.db, reservation.id, "reminder");
    const cancellation = await outboxRow(t.db, reservation.id, "cancellation");
    await makeDue(t.db, reminder.id);

    expect(await dispatchNotification(t.db, reminder.id, { transport })).toEqual({
      outcome: "skipped",
      notificationId: reminder.id,
      reason: "The reservation is cancelled.",
    });
    expect(await dispatchNotification(t.db, confirmation.id, { transport })).toMatchObject({ outcome: "skipped" });
    expect(await dispatchNotification(t.db, cancellation.id, { transport })).toMatchObject({ outcome: "sent" });

    expect(deliveriesFor(reminder.id)).toHaveLength(0);
    expect(deliveriesFor(confirmation.id)).toHaveLength(0);
    const [mail] = deliveriesFor(cancellation.id);
    expect(mail!.body.subject).toMatch(/^Cancelled: /);
    expect((await current(reminder.id)).status).toBe("skipped");
    const statuses = await getNotificationStatuses(t.db, [reservation.id]);
    expect(statuses[reservation.id]?.reminder?.status).toBe("skipped");
  });

  it("does not send a reminder whose reservation has already started", async () => {
    const { reservation } = await confirmed();
    const reminder = await outboxRow(t.db, reservation.id, "reminder");
    await makeDue(t.db, reminder.id);
    const row = await claimNotification(t.db, reminder.id);
    // As if the worker ran after the start (an outage delayed it): the clock is the service's.
    const late = { now: () => new Date(reservation.startsAt.getTime() + 60_000) };
    expect(await deliverClaimed(t.db, row!, { transport, clock: late })).toMatchObject({
      outcome: "skipped",
      reason: "The reservation has already started.",
    });
    expect(deliveriesFor(reminder.id)).toHaveLength(0);
  });
});

describe("the message on the wire", () => {
  it("carries the Idempotency-Key, both parts, local time and zone, and an .ics for a confirmation", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    await dispatchNotification(t.db, row.id, { transport });
    const [mail] = deliveriesFor(row.id);
    expect(mail!.idempotencyKey).toBe(`notification-${row.id}`);
    expect(mail!.body.to).toEqual(["ana@example.test"]);
    expect(mail!.body.subject).toContain("19:00");
    for (const part of [mail!.body.html!, mail!.body.text!]) {
      expect(part).toContain(reservation.code);
      expect(part).toContain("Europe/London");
      expect(part).toContain("2 people");
      expect(part).toContain(`/reservations/${reservation.code}`);
    }
    const ics = Buffer.from(mail!.body.attachments![0]!.content!, "base64").toString("utf8");
    expect(mail!.body.attachments![0]!.filename).toBe("reservation.ics");
    expect(ics).toContain(`UID:${reservation.id}@tablekeep`);
    expect(ics).toContain(`DTSTART:${reservation.startsAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z")}`);
    expect(mail!.body.tags).toContainEqual({ name: "kind", value: "confirmation" });
  });
});

describe("without Resend: the development mailbox", () => {
  it("stores one message per key, however often it is sent, and lists it with its status", async () => {
    const { reservation } = await confirmed();
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    const mailbox = createMailboxTransport(t.db);
    const outcome = await dispatchNotification(t.db, row.id, { transport: mailbox });
    expect(outcome.outcome).toBe("sent");

    // A second send under the same key (a re-send after a crash) returns the same message.
    const again = await mailbox.send(await buildMessage((await loadNotificationContext(t.db, await current(row.id)))!), idempotencyKeyFor(row.id));
    expect(again.providerId).toBe((outcome as { providerId: string }).providerId);
    const stored = await t.db.select().from(devMailbox).where(eq(devMailbox.idempotencyKey, idempotencyKeyFor(row.id)));
    expect(stored).toHaveLength(1);

    const listed = (await listOutbox(t.db)).find((e) => e.notificationId === row.id);
    expect(listed).toMatchObject({ status: "sent", kind: "confirmation", messageId: stored[0]!.id, reservationCode: reservation.code });
    const message = await getMailboxMessage(t.db, stored[0]!.id);
    expect(message?.notification).toMatchObject({ id: row.id, status: "sent" });
    expect(message?.text).toContain(reservation.code);
    expect(message?.attachments[0]?.content).toContain("BEGIN:VCALENDAR");
  });
});

describe("getNotificationStatuses", () => {
  it("reports, per reservation, whether the confirmation and reminder went out", async () => {
    const a = await confirmed();
    const b = await confirmed();
    const aConfirmation = await outboxRow(t.db, a.reservation.id, "confirmation");
    const aReminder = await outboxRow(t.db, a.reservation.id, "reminder");
    await dispatchNotification(t.db, aConfirmation.id, { transport });

    const statuses = await getNotificationStatuses(t.db, [a.reservation.id, b.reservation.id, "00000000-0000-4000-8000-000000000000"]);
    expect(statuses[a.reservation.id]?.confirmation).toMatchObject({ status: "sent", sentAt: expect.any(Date), sendAfter: expect.any(Date) });
    expect(statuses[a.reservation.id]?.reminder).toEqual({ status: "pending", sentAt: null, sendAfter: aReminder.sendAfter });
    expect(statuses[b.reservation.id]?.confirmation?.status).toBe("pending");
    expect(statuses["00000000-0000-4000-8000-000000000000"]).toBeUndefined();
    expect(await getNotificationStatuses(t.db, [])).toEqual({});
  });
});
