import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import { notifications, reservations, type Notification } from "@/db/schema";
import { createMemoryKv } from "@/lib/redis";
import { confirmReservation, holdTable } from "@/lib/reservations";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";

/**
 * Test bookings made through the real services (holdTable, confirmReservation), so the outbox rows
 * are exactly what production writes.
 */
export async function restaurantForBookings(db: Db, values: { timezone?: string; reminderLeadMinutes?: number } = {}) {
  const restaurant = await insertRestaurant(db, {
    timezone: values.timezone ?? "Europe/London",
    // Far enough ahead for the next daylight-saving change, whenever the tests run.
    bookingWindowDays: 400,
    address: "1 High Street",
    city: "London",
    ...(values.reminderLeadMinutes !== undefined ? { reminderLeadMinutes: values.reminderLeadMinutes } : {}),
  });
  for (let i = 0; i < 6; i++) await insertTable(db, restaurant.id, { label: `T${i + 1}`, minSeats: 1, maxSeats: 4 });
  await insertSession(db, restaurant.id, { firstSeating: "17:00", lastSeating: "22:00" });
  return restaurant;
}

/** `time` on the local date `daysAhead` days from now in the zone, as an instant. */
export function localSeating(timeZone: string, daysAhead: number, time = "19:00"): Date {
  const [hour, minute] = time.split(":").map(Number);
  return DateTime.now().setZone(timeZone).plus({ days: daysAhead }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

const kv = createMemoryKv();

export async function holdFor(db: Db, restaurantId: string, startsAt: Date) {
  return holdTable(
    db,
    { restaurantId, startsAt, partySize: 2, principal: null, holderKey: `test-${randomBytes(6).toString("hex")}`, source: "web" },
    { kv },
  );
}

export async function bookConfirmed(
  db: Db,
  restaurantId: string,
  startsAt: Date,
  email = "ana@example.test",
  more: { phone?: string; smsOptIn?: boolean } = {},
) {
  const hold = await holdFor(db, restaurantId, startsAt);
  const reservation = await confirmReservation(db, {
    reservationId: hold.reservation.id,
    access: { principal: null, manageToken: hold.manageToken },
    details: { name: "Ana Diner", email, ...more },
  });
  return { reservation, manageToken: hold.manageToken };
}

export async function outboxRow(
  db: Db,
  reservationId: string,
  kind: Notification["kind"],
  channel: Notification["channel"] = "email",
): Promise<Notification> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.reservationId, reservationId), eq(notifications.kind, kind), eq(notifications.channel, channel)));
  if (!row) throw new Error(`no ${channel} ${kind} row for reservation ${reservationId}`);
  return row;
}

/** Time travel through data: the row becomes due now (the database clock cannot be moved). */
export async function makeDue(db: Db, notificationId: string): Promise<void> {
  await db.update(notifications).set({ sendAfter: sql`now() - interval '1 second'` }).where(eq(notifications.id, notificationId));
}

/** Time travel: the hold's expiry has just passed. */
export async function lapseHold(db: Db, reservationId: string): Promise<void> {
  await db.update(reservations).set({ holdExpiresAt: sql`now() - interval '1 second'` }).where(eq(reservations.id, reservationId));
}

/** Resolves when `check` passes, polling; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
