import { and, asc, eq, gte, lte } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import { closures, diningTables, restaurants, type ReservationStatus } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { loadDayContext } from "@/lib/availability/load";
import { generateSeatings, isValidLocalDate, localDateOf, type SessionRule } from "@/lib/availability/slots";
import { systemClock, type Clock } from "@/lib/clock";
import { invalidInput, notFound } from "@/lib/errors";
import { getNotificationStatuses, type NotificationState } from "@/lib/notifications/status";
import { listBookPayments } from "@/lib/payments/book";
import { can, requirePermission } from "@/lib/restaurants/access";
import type { BookCounts, BookDelivery, BookExperience, BookPayment, BookReservation, BookSlotCovers, BookSpan, DayBook } from "./day-book-types";
import { listRestaurantReservations } from "./member-booking";
import type { TableReservationView } from "./view";
import { listWaitlistForBook } from "@/lib/waitlist/waitlist";
import { listExperiences } from "@/lib/experiences/experiences";
import { listPartyRequestsForBook } from "@/lib/party-requests/party-requests";

export type { DayBook } from "./day-book-types";

/** Statuses the kitchen plans for: on the timeline and in the covers. */
const ON_BOOK: ReservationStatus[] = ["confirmed", "seated", "completed"];

/**
 * The restaurant's book for one local date: tables, the day's seatings, every reservation (live holds
 * included, lapsed holds left out), whether each confirmation and reminder went out, counts, covers
 * per seating and the timeline's span. Members with `book.view` (every role).
 */
export async function getDayBook(
  db: Db,
  input: { restaurantId: string; principal: Principal | null; date?: string | null },
  deps: { clock?: Clock } = {},
): Promise<DayBook> {
  const now = (deps.clock ?? systemClock).now();
  const role = await requirePermission(db, input.principal, input.restaurantId, "book.view");
  const [restaurant] = await db
    .select({ id: restaurants.id, slug: restaurants.slug, name: restaurants.name, timezone: restaurants.timezone, published: restaurants.published })
    .from(restaurants)
    .where(eq(restaurants.id, input.restaurantId))
    .limit(1);
  if (!restaurant) throw notFound("Restaurant");
  const tz = restaurant.timezone;
  const today = localDateOf(now, tz);
  const date = input.date ?? today;
  if (!isValidLocalDate(date)) throw invalidInput("The date must be YYYY-MM-DD.", { date: ["Must be a date as YYYY-MM-DD."] });

  const dayStart = DateTime.fromISO(date, { zone: tz }).startOf("day");
  const [ctx, tables, closure, views, waitlist, dayExperiences, partyRequests] = await Promise.all([
    loadDayContext(db, restaurant.id, date),
    db.select().from(diningTables).where(eq(diningTables.restaurantId, restaurant.id)).orderBy(asc(diningTables.label)),
    db
      .select({ reason: closures.reason })
      .from(closures)
      .where(and(eq(closures.restaurantId, restaurant.id), lte(closures.startDate, date), gte(closures.endDate, date)))
      .limit(1),
    listRestaurantReservations(db, { restaurantId: restaurant.id, date, principal: input.principal }),
    listWaitlistForBook(db, { restaurantId: restaurant.id, date, timeZone: tz }),
    listExperiences(db, restaurant.id, input.principal, { from: dayStart.toJSDate(), to: dayStart.plus({ days: 1 }).toJSDate() }),
    listPartyRequestsForBook(db, { restaurantId: restaurant.id, date, timeZone: tz }),
  ]);
  const experiences: BookExperience[] = dayExperiences.map((e) => ({
    id: e.id,
    name: e.name,
    ...bookSpan(e.startsAt, e.endsAt, tz),
    published: e.published,
    closesRegularService: e.closesRegularService,
    seatsTaken: e.sections.reduce((n, s) => n + s.capacity - s.seatsLeft, 0),
    capacity: e.sections.reduce((n, s) => n + s.capacity, 0),
  }));
  const sessions = ctx?.sessions ?? [];
  const seatings = generateSeatings(tz, date, sessions, ctx?.closures ?? []);

  // A lapsed hold is gone for everyone (invariant 2), whether or not a job has marked it yet.
  const visible = views.filter((v) => v.status !== "expired" && !(v.status === "held" && (!v.holdExpiresAt || v.holdExpiresAt <= now)));
  const [statuses, bookPayments] = await Promise.all([
    getNotificationStatuses(db, visible.map((v) => v.id)),
    listBookPayments(db, visible.filter((v) => v.payment.status !== "none").map((v) => v.id)),
  ]);
  const reservations = visible.map((v) =>
    toBookReservation(v, tz, statuses[v.id]?.confirmation, statuses[v.id]?.reminder, bookPayments.get(v.id) ?? null),
  );

  // Inactive tables appear only when they still carry a reservation that day.
  const used = new Set(reservations.map((r) => r.tableId));
  const bookTables = labelSort(tables.filter((t) => t.active || used.has(t.id))).map((t) => ({
    id: t.id,
    label: t.label,
    area: t.area,
    minSeats: t.minSeats,
    maxSeats: t.maxSeats,
    online: t.online,
    active: t.active,
  }));

  return {
    restaurant,
    role,
    mayRefund: can(role, "restaurant.update"),
    date,
    now: now.toISOString(),
    today,
    closed: closure[0] ? { reason: closure[0].reason } : null,
    tables: bookTables,
    seatings: seatings.map((s) => ({ startsAt: s.startsAt.toISOString(), localTime: s.localTime, sessionName: s.sessionName })),
    reservations,
    counts: countBook(reservations),
    coversBySlot: coversBySeating(seatings.map((s) => ({ startsAt: s.startsAt, localTime: s.localTime })), reservations),
    // The span covers the day's experiences too, so their band is on the timeline.
    timeline: timelineSpan(tz, date, seatings.map((s) => s.startsAt), sessions, [...reservations, ...experiences.map((e) => ({ ...e, status: "confirmed" as const }))]),
    waitlist,
    experiences,
    partyRequests,
  };
}

function bookSpan(startsAt: Date, endsAt: Date, tz: string): BookSpan {
  return {
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    localStart: DateTime.fromJSDate(startsAt, { zone: tz }).toFormat("HH:mm"),
    localEnd: DateTime.fromJSDate(endsAt, { zone: tz }).toFormat("HH:mm"),
  };
}

function toBookReservation(
  v: TableReservationView,
  tz: string,
  confirmation: NotificationState | undefined,
  reminder: NotificationState | undefined,
  payment: BookPayment | null,
): BookReservation {
  return {
    id: v.id,
    code: v.code,
    status: v.status,
    source: v.source,
    ...bookSpan(v.startsAt, v.endsAt, tz),
    partySize: v.partySize,
    tableId: v.table.id,
    tableLabel: v.table.label,
    name: v.name,
    phone: v.phone,
    email: v.email,
    notes: v.notes,
    specialRequests: v.specialRequests,
    occasion: v.occasion,
    holdExpiresAt: v.holdExpiresAt?.toISOString() ?? null,
    version: v.version,
    confirmation: delivery(confirmation),
    reminder: delivery(reminder),
    payment,
  };
}

function delivery(n?: NotificationState): BookDelivery | null {
  if (!n) return null;
  return { status: n.status, sentAt: n.sentAt?.toISOString() ?? null, sendAfter: n.sendAfter.toISOString() };
}

const collator = new Intl.Collator("en", { numeric: true });
function labelSort<T extends { label: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => collator.compare(a.label, b.label));
}

export function countBook(reservations: Pick<BookReservation, "status" | "partySize">[]): BookCounts {
  const c: BookCounts = { bookings: 0, covers: 0, confirmed: 0, seated: 0, completed: 0, noShow: 0, cancelled: 0, held: 0 };
  for (const r of reservations) {
    if (ON_BOOK.includes(r.status)) {
      c.bookings++;
      c.covers += r.partySize;
    }
    if (r.status === "confirmed") c.confirmed++;
    else if (r.status === "seated") c.seated++;
    else if (r.status === "completed") c.completed++;
    else if (r.status === "no_show") c.noShow++;
    else if (r.status === "cancelled") c.cancelled++;
    else if (r.status === "held") c.held++;
  }
  return c;
}

/**
 * Covers starting in each seating: a booking counts towards the latest seating at or before its start
 * (staff may book between seatings). One before the day's first seating belongs to no seating: it is
 * in the day's counts only.
 */
export function coversBySeating(
  seatings: { startsAt: Date; localTime: string }[],
  reservations: Pick<BookReservation, "status" | "partySize" | "startsAt">[],
): BookSlotCovers[] {
  const out = seatings.map((s) => ({ startsAt: s.startsAt.toISOString(), localTime: s.localTime, covers: 0, reservations: 0 }));
  if (out.length === 0) return out;
  for (const r of reservations) {
    if (!ON_BOOK.includes(r.status)) continue;
    const at = new Date(r.startsAt).getTime();
    let index = -1;
    for (let i = 0; i < seatings.length; i++) if (seatings[i]!.startsAt.getTime() <= at) index = i;
    if (index < 0) continue;
    out[index]!.covers += r.partySize;
    out[index]!.reservations++;
  }
  return out;
}

function longestTurn(session: SessionRule): number {
  const t = session.turnMinutes;
  return typeof t === "number" ? t : Math.max(...t.map((r) => r.minutes));
}

/**
 * From the hour before the first seating or booking to the hour after the last one ends; a day with
 * neither shows noon to midnight. Hour marks are wall-clock hours in the restaurant's zone.
 */
export function timelineSpan(
  tz: string,
  date: string,
  seatings: Date[],
  sessions: SessionRule[],
  reservations: Pick<BookReservation, "startsAt" | "endsAt" | "status">[],
): DayBook["timeline"] {
  const turn = sessions.length > 0 ? Math.max(...sessions.map(longestTurn)) : 90;
  const starts: number[] = seatings.map((s) => s.getTime());
  const ends: number[] = seatings.map((s) => s.getTime() + turn * 60_000);
  for (const r of reservations) {
    if (r.status === "cancelled") continue;
    starts.push(new Date(r.startsAt).getTime());
    ends.push(new Date(r.endsAt).getTime());
  }
  const midnight = DateTime.fromISO(date, { zone: tz }).startOf("day");
  let start = starts.length ? DateTime.fromMillis(Math.min(...starts), { zone: tz }) : midnight.set({ hour: 12 });
  let end = ends.length ? DateTime.fromMillis(Math.max(...ends), { zone: tz }) : midnight.plus({ days: 1 });
  start = start.startOf("hour");
  end = end.minute === 0 && end.second === 0 && end.millisecond === 0 ? end : end.startOf("hour").plus({ hours: 1 });
  if (end.diff(start, "hours").hours < 4) end = start.plus({ hours: 4 });
  const ticks: { at: string; label: string }[] = [];
  for (let t = start; t <= end; t = t.plus({ hours: 1 })) ticks.push({ at: t.toUTC().toISO()!, label: t.toFormat("HH:mm") });
  return { start: start.toUTC().toISO()!, end: end.toUTC().toISO()!, ticks };
}
