import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { notifications, reservations } from "@/db/schema";
import { availabilityVersionKey } from "@/lib/availability/version";
import { setEventPublisher } from "@/lib/jobs/events";
import { idempotencyKeyFor } from "@/lib/notifications/claim";
import { createResendTransport } from "@/lib/notifications/transport";
import { startFakeResend, type FakeResend } from "@/lib/notifications/testing/fake-resend";
import {
  bookConfirmed,
  holdFor,
  lapseHold,
  localSeating,
  makeDue,
  outboxRow,
  restaurantForBookings,
} from "@/lib/notifications/testing/bookings";
import { createMemoryKv, setKv } from "@/lib/redis";
import { cancelReservation, confirmReservation } from "@/lib/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { createInngestClient } from "./client";
import { createFunctions } from "./functions";
import { createInngestPublisher } from "./publisher";

/**
 * The Inngest functions run by @inngest/test against a real database: every step is the real
 * service, only the sleeps are mocked (by step id), so each run goes straight to the wake-up.
 */
let t: TestDb;
let resend: FakeResend;
let fns: ReturnType<typeof createFunctions>;
let restaurantId: string;
let day = 3;
const kv = createMemoryKv();
/** A fresh array per run: the test engine records the run's real step results into the array it is given. */
const sleeps = () => [
  { id: "wait-for-hold-expiry", handler: () => undefined },
  { id: "wait-for-reminder-time", handler: () => undefined },
];

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 20, appDb: false });
  resend = await startFakeResend();
  setKv(kv);
  const transport = createResendTransport({ apiKey: resend.apiKey, baseUrl: resend.url, timeoutMs: 5_000 });
  fns = createFunctions(createInngestClient({ isDev: true }), { db: () => t.db, dispatch: { transport } });
  restaurantId = (await restaurantForBookings(t.db)).id;
});
afterAll(async () => {
  await resend?.close();
  await closeTestApp(t);
});
afterEach(() => setEventPublisher(null));

const deliveriesFor = (notificationId: string) => resend.deliveries.filter((d) => d.idempotencyKey === idempotencyKeyFor(notificationId));
const statusOf = async (id: string) => (await t.db.select({ s: reservations.status }).from(reservations).where(eq(reservations.id, id)))[0]!.s;

function heldEvent(r: { id: string; restaurantId: string; holdExpiresAt: Date | null }) {
  return { name: "reservation/held", data: { id: r.id, restaurant_id: r.restaurantId, hold_expires_at: r.holdExpiresAt!.toISOString() } };
}
function confirmedEvent(r: { id: string; restaurantId: string; startsAt: Date }) {
  return { name: "reservation/confirmed", data: { id: r.id, restaurant_id: r.restaurantId, starts_at: r.startsAt.toISOString() } };
}

describe("publishing to Inngest", () => {
  it("sends each outbox row's event with the row id as the event id, and the lifecycle events", async () => {
    const received: { url: string; events: { name: string; id?: string; data: Record<string, string> }[] }[] = [];
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const events = JSON.parse(body) as { name: string; id?: string; data: Record<string, string> }[];
        received.push({ url: req.url ?? "", events });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ids: events.map((_, i) => `evt-${received.length}-${i}`), status: 200 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      setEventPublisher(createInngestPublisher(createInngestClient({ isDev: false, eventKey: "k1", baseUrl })));
      const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
      const events = received.flatMap((r) => r.events);
      expect(received.every((r) => r.url === "/e/k1")).toBe(true);

      expect(events.find((e) => e.name === "reservation/held")).toMatchObject({ id: `held-${reservation.id}`, data: { id: reservation.id } });
      expect(events.find((e) => e.name === "reservation/confirmed")).toMatchObject({
        id: `confirmed-${reservation.id}`,
        data: { id: reservation.id, starts_at: reservation.startsAt.toISOString() },
      });
      const rows = await t.db.select().from(notifications).where(eq(notifications.reservationId, reservation.id));
      const created = events.filter((e) => e.name === "notification/created");
      expect(created.map((e) => e.id).sort()).toEqual(rows.map((r) => r.id).sort());
      for (const e of created) expect(e.data).toEqual({ id: e.id, reservation_id: reservation.id });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("hold-expiry", () => {
  it("expires the hold when it wakes after the expiry, and bumps the availability version", async () => {
    const hold = await holdFor(t.db, restaurantId, localSeating("Europe/London", day++));
    await lapseHold(t.db, hold.reservation.id);
    const [row] = await t.db.select().from(reservations).where(eq(reservations.id, hold.reservation.id));
    const before = (await kv.getVersion(availabilityVersionKey(restaurantId))) ?? 0;

    const engine = new InngestTestEngine({ function: fns.holdExpiry, events: [heldEvent(row!)], steps: sleeps() });
    const { result } = await engine.execute();
    expect(result).toEqual({ expired: true, status: "expired" });
    expect(await statusOf(hold.reservation.id)).toBe("expired");
    expect((await kv.getVersion(availabilityVersionKey(restaurantId))) ?? 0).toBeGreaterThan(before);
  });

  it("leaves a hold that was confirmed meanwhile alone (should the cancellation not have reached the run)", async () => {
    const hold = await holdFor(t.db, restaurantId, localSeating("Europe/London", day++));
    await confirmReservation(t.db, {
      reservationId: hold.reservation.id,
      access: { principal: null, manageToken: hold.manageToken },
      details: { name: "Ana", email: "ana@example.test" },
    });
    const engine = new InngestTestEngine({ function: fns.holdExpiry, events: [heldEvent({ ...hold.reservation })], steps: sleeps() });
    const { result } = await engine.execute();
    expect(result).toEqual({ expired: false, status: "confirmed" });
    expect(await statusOf(hold.reservation.id)).toBe("confirmed");
  });

  it("leaves an extended hold alone when the first run wakes at the old expiry", async () => {
    const hold = await holdFor(t.db, restaurantId, localSeating("Europe/London", day++));
    // The hold now runs to later than the event's expiry, as extendHold does.
    await t.db.update(reservations).set({ holdExpiresAt: sql`now() + interval '10 minutes'` }).where(eq(reservations.id, hold.reservation.id));
    const engine = new InngestTestEngine({ function: fns.holdExpiry, events: [heldEvent(hold.reservation)], steps: sleeps() });
    const { result } = await engine.execute();
    expect(result).toEqual({ expired: false, status: "held" });
  });
});

describe("send-notification", () => {
  it("sends the row once, even when the event is delivered twice", async () => {
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    const event = { name: "notification/created", id: row.id, data: { id: row.id, reservation_id: reservation.id } };
    const first = await new InngestTestEngine({ function: fns.sendNotification, events: [event] }).execute();
    const second = await new InngestTestEngine({ function: fns.sendNotification, events: [event] }).execute();
    expect(first.result).toMatchObject({ outcome: "sent", notificationId: row.id });
    expect(second.result).toMatchObject({ outcome: "not_claimed", reason: "Already sent." });
    expect(deliveriesFor(row.id)).toHaveLength(1);
  });

  it("does not send a reminder row early: it is not due yet", async () => {
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    const row = await outboxRow(t.db, reservation.id, "reminder");
    const event = { name: "notification/created", id: row.id, data: { id: row.id, reservation_id: reservation.id } };
    const { result } = await new InngestTestEngine({ function: fns.sendNotification, events: [event] }).execute();
    expect(result).toMatchObject({ outcome: "not_claimed", reason: expect.stringMatching(/^Not due until/) });
    expect(deliveriesFor(row.id)).toHaveLength(0);
  });
});

describe("reservation-reminder", () => {
  it("sleeps until the reminder row's time and sends it", async () => {
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    const row = await outboxRow(t.db, reservation.id, "reminder");
    const sleep = {
      id: "wait-for-reminder-time",
      // Waking up: by now the reminder is due.
      handler: () => makeDue(t.db, row.id).then(() => undefined),
    };
    const { result, ctx } = await new InngestTestEngine({ function: fns.reminder, events: [confirmedEvent(reservation)], steps: [sleep] }).execute();
    expect((ctx.step.sleepUntil.mock.calls[0]![1] as Date).toISOString()).toBe(row.sendAfter.toISOString());
    expect(result).toMatchObject({ outcome: "sent", notificationId: row.id });
    const [mail] = deliveriesFor(row.id);
    expect(mail?.body.subject).toMatch(/^Reminder: /);
  });

  it("sends nothing when the reservation is cancelled during the sleep", async () => {
    const { reservation, manageToken } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    const row = await outboxRow(t.db, reservation.id, "reminder");
    const sleep = {
      id: "wait-for-reminder-time",
      // The diner cancels while the run sleeps (and the cancel event did not reach Inngest).
      handler: async () => {
        await cancelReservation(t.db, { reservationId: reservation.id, access: { principal: null, manageToken } });
        await makeDue(t.db, row.id);
      },
    };
    const { result } = await new InngestTestEngine({ function: fns.reminder, events: [confirmedEvent(reservation)], steps: [sleep] }).execute();
    expect(result).toMatchObject({ outcome: "skipped", reason: "The reservation is cancelled." });
    expect(deliveriesFor(row.id)).toHaveLength(0);
    expect((await outboxRow(t.db, reservation.id, "reminder")).status).toBe("skipped");
  });

  it("does not even sleep for a reservation cancelled before the run started", async () => {
    const { reservation, manageToken } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    await cancelReservation(t.db, { reservationId: reservation.id, access: { principal: null, manageToken } });
    const { result, ctx } = await new InngestTestEngine({ function: fns.reminder, events: [confirmedEvent(reservation)], steps: sleeps() }).execute();
    expect(result).toEqual({ outcome: "not_confirmed", status: "cancelled" });
    expect(ctx.step.sleepUntil).not.toHaveBeenCalled();
  });

  it("is due at once when the lead time is longer than the time left", async () => {
    const eager = await restaurantForBookings(t.db, { reminderLeadMinutes: 30 * 24 * 60 });
    const before = new Date();
    const { reservation } = await bookConfirmed(t.db, eager.id, localSeating("Europe/London", 5));
    const row = await outboxRow(t.db, reservation.id, "reminder");
    expect(row.sendAfter.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    expect(row.sendAfter.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    const { result } = await new InngestTestEngine({ function: fns.reminder, events: [confirmedEvent(reservation)], steps: sleeps() }).execute();
    expect(result).toMatchObject({ outcome: "sent" });
  });
});

/** 19:00 on the first local days, from `fromDays` ahead, whose UTC offset differs from the day before's 19:00. */
function seatingsAfterNextChanges(zone: string, count: number, fromDays = 3) {
  const found: { startsAt: Date; springForward: boolean }[] = [];
  const today = DateTime.now().setZone(zone).set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
  for (let d = fromDays; d < 380 && found.length < count; d++) {
    const prev = today.plus({ days: d - 1 });
    const cur = today.plus({ days: d });
    if (prev.offset !== cur.offset) found.push({ startsAt: cur.toJSDate(), springForward: cur.offset > prev.offset });
  }
  return found;
}

describe("reminder times across a daylight-saving change", () => {
  // Semantics (see lib/jobs/reminders.ts): the lead time is elapsed time before the start instant.
  for (const zone of ["Europe/London", "America/New_York"]) {
    it(`${zone}: a 19:00 table the day after the clocks change is reminded exactly 24 hours earlier`, async () => {
      const restaurant = await restaurantForBookings(t.db, { timezone: zone });
      const changes = seatingsAfterNextChanges(zone, 2);
      expect(changes).toHaveLength(2);
      expect(changes.map((c) => c.springForward).sort()).toEqual([false, true]);
      for (const change of changes) {
        const startsAt = change.startsAt;
        const { reservation } = await bookConfirmed(t.db, restaurant.id, startsAt);
        const row = await outboxRow(t.db, reservation.id, "reminder");

        expect(reservation.startsAt.toISOString()).toBe(startsAt.toISOString());
        expect(reservation.startsAt.getTime() - row.sendAfter.getTime()).toBe(24 * 60 * 60 * 1000);
        // Which, on the wall clock the evening before, is an hour off 19:00.
        const wall = DateTime.fromJSDate(row.sendAfter, { zone }).toFormat("HH:mm");
        expect(wall).toBe(change.springForward ? "18:00" : "20:00");

        // The function sleeps until exactly that instant, and the email shows the table's local time.
        const sleep = { id: "wait-for-reminder-time", handler: () => makeDue(t.db, row.id).then(() => undefined) };
        const { result, ctx } = await new InngestTestEngine({ function: fns.reminder, events: [confirmedEvent(reservation)], steps: [sleep] }).execute();
        expect((ctx.step.sleepUntil.mock.calls[0]![1] as Date).toISOString()).toBe(row.sendAfter.toISOString());
        expect(result).toMatchObject({ outcome: "sent" });
        const [mail] = deliveriesFor(row.id);
        const local = DateTime.fromJSDate(startsAt, { zone });
        expect(mail?.body.text).toContain(`19:00 (${local.setLocale("en-GB").offsetNameShort}, ${zone})`);
        expect(mail?.body.text).toContain(local.setLocale("en-GB").toFormat("cccc d LLLL yyyy"));
      }
    });
  }
});

describe("sweeper", () => {
  it("expires a lapsed hold and sends a due message in one run", async () => {
    const hold = await holdFor(t.db, restaurantId, localSeating("Europe/London", day++));
    await lapseHold(t.db, hold.reservation.id);
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    const confirmation = await outboxRow(t.db, reservation.id, "confirmation");

    const { result, ctx } = await new InngestTestEngine({ function: fns.sweeper }).execute();
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["expire-stale-holds", "offer-waitlist", "dispatch-due-notifications", "settle-pending-payments"]);
    expect(result).toMatchObject({ expiredHolds: expect.any(Number), notifications: { sent: expect.any(Number) } });
    expect((result as { expiredHolds: number }).expiredHolds).toBeGreaterThanOrEqual(1);
    expect(await statusOf(hold.reservation.id)).toBe("expired");
    expect(deliveriesFor(confirmation.id)).toHaveLength(1);
  });
});
