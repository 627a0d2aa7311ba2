import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import { closures, diningTables, paymentRefunds, payments, reservations, restaurants, reviews } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { generateSeatings, isValidLocalDate, turnMinutesFor, type SessionRule } from "@/lib/availability/slots";
import { invalidInput, notFound } from "@/lib/errors";
import { LATE_PAYMENT_REFUND_REASON } from "@/lib/payments/refunds";
import { requirePermission } from "@/lib/restaurants/access";
import { loadSessionRules } from "@/lib/restaurants/sessions";

/** A report covers at most this many days (one year and a leap day). */
export const MAX_REPORT_DAYS = 366;
/** The party size the open hours assume when a session's turn time depends on it. */
const TYPICAL_PARTY = 2;

export interface ReportDay {
  /** Local service date, YYYY-MM-DD. */
  date: string;
  /** Bookings that stood: confirmed, seated, completed or no-show (not cancelled, expired or held). */
  reservations: number;
  /** Guests expected or served: party sizes of confirmed, seated and completed bookings. */
  covers: number;
  completed: number;
  noShows: number;
  cancelled: number;
  walkIns: number;
  /** Reservations whose outcome is known and which could have been a no-show (walk-ins cannot). */
  outcomes: number;
  /** Table-minutes booked (confirmed, seated, completed). */
  bookedMinutes: number;
  /** Table-minutes open: active tables × each session's span from first seating to last seating's end. */
  openMinutes: number;
  /** Deposits and prepayments taken (before refunds), in minor units of the report's currency, by the booking's service date. */
  depositsTakenCents: number;
  /** Everything given back: deposits, prepayments and fees. */
  refundedCents: number;
  /** Deposits and prepayments kept from no-shows and late cancels, less what was refunded of them. */
  depositsKeptCents: number;
  /** No-show and late-cancel fees charged to saved cards (before refunds). */
  noShowFeesCents: number;
  /** Reviews written on this local date (not the date of the visit they are about). */
  reviews: number;
  /** Their stars added up, so an average over any set of days is exact. */
  reviewStars: number;
  /** Of them, those still without the restaurant's reply. */
  reviewsUnreplied: number;
}

export interface ReportTable {
  tableId: string;
  label: string;
  active: boolean;
  bookedMinutes: number;
  reservations: number;
  /** booked ÷ open for this table over the range; null when nothing was open. */
  utilisation: number | null;
}

export interface Report {
  restaurant: { id: string; name: string; slug: string; timezone: string };
  /** The currency of the money columns: the restaurant's. */
  currency: string;
  /** Payments in any other currency (taken before the restaurant changed it), left out of the sums. */
  otherCurrencies: string[];
  from: string;
  to: string;
  days: ReportDay[];
  tables: ReportTable[];
  totals: Omit<ReportDay, "date"> & { noShowRate: number | null; utilisation: number | null; activeTables: number };
  /** Reviews written in the range (by the local date they were written), and the newest of them. */
  reviews: ReportReviews;
  /**
   * Payments refunded without anyone asking, by the booking's date: the diner paid after the hold had
   * lapsed and its table had gone to someone else, so the whole payment went back (webhook or
   * reconciliation job alike). Oldest booking first.
   */
  autoRefunds: ReportAutoRefund[];
}

export interface ReportAutoRefund {
  reservationId: string;
  code: string;
  guestName: string | null;
  startsAt: Date;
  amountCents: number;
  currency: string;
  /** Whether Stripe has taken it yet: pending, succeeded, or failed (then a person must look). */
  status: "pending" | "succeeded" | "failed";
  refundedAt: Date;
}

export interface ReportReviews {
  count: number;
  /** Mean rating, one decimal; null without reviews. */
  average: number | null;
  /** Still without the restaurant's reply. */
  unanswered: number;
  byStars: { stars: 5 | 4 | 3 | 2 | 1; count: number }[];
  latest: { id: string; rating: number; author: string; text: string | null; visitedOn: string; replied: boolean }[];
}

/** How many of the newest reviews in the range the report lists. */
const LATEST_REVIEWS = 5;

function checkRange(from: string, to: string): void {
  const fields: Record<string, string[]> = {};
  if (!isValidLocalDate(from)) fields.from = ["Must be a date as YYYY-MM-DD."];
  if (!isValidLocalDate(to)) fields.to = ["Must be a date as YYYY-MM-DD."];
  else if (!fields.from && to < from) fields.to = ["Must be on or after the start date."];
  else if (!fields.from && daysBetween(from, to) + 1 > MAX_REPORT_DAYS) fields.to = [`At most ${MAX_REPORT_DAYS} days.`];
  if (Object.keys(fields).length > 0) throw invalidInput("The date range is invalid.", fields);
}

function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: "utc" }).diff(DateTime.fromISO(from, { zone: "utc" }), "days").days);
}

export function datesInRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: "utc" }), end = DateTime.fromISO(to, { zone: "utc" }); d <= end; d = d.plus({ days: 1 })) {
    out.push(d.toISODate()!);
  }
  return out;
}

/**
 * Covers and reservations per day, the no-show rate and table utilisation for a range of local
 * service dates. The counting is one SQL aggregation by service date (already the restaurant's local
 * date) and one by table; open hours come from the sessions and closures in the restaurant's zone.
 * Owners and managers.
 */
export async function getReport(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  range: { from: string; to: string },
): Promise<Report> {
  await requirePermission(db, principal, restaurantId, "reports.view");
  checkRange(range.from, range.to);
  const { from, to } = range;

  const [restaurant] = await db
    .select({ id: restaurants.id, name: restaurants.name, slug: restaurants.slug, timezone: restaurants.timezone, currency: restaurants.currency })
    .from(restaurants)
    .where(eq(restaurants.id, restaurantId))
    .limit(1);
  if (!restaurant) throw notFound("Restaurant");
  const { currency, ...restaurantRef } = restaurant;

  const inRange = and(eq(reservations.restaurantId, restaurantId), gte(reservations.serviceDate, from), lte(reservations.serviceDate, to));
  const minutes = sql<number>`extract(epoch from (${reservations.endsAt} - ${reservations.startsAt})) / 60`;
  const booked = sql`${reservations.status} in ('confirmed', 'seated', 'completed')`;

  const upfront = sql`${payments.kind} in ('deposit', 'prepayment')`;
  const writtenInRange = and(
    eq(reviews.restaurantId, restaurantId),
    sql`(${reviews.createdAt} at time zone ${restaurant.timezone})::date between ${from}::date and ${to}::date`,
  );
  const writtenOn = sql<string>`to_char((${reviews.createdAt} at time zone ${restaurant.timezone})::date, 'YYYY-MM-DD')`;
  const [daily, perTable, tables, sessions, closureRows, money, reviewCounts, latestReviews, reviewDays, autoRefunds] = await Promise.all([
    db
      .select({
        date: reservations.serviceDate,
        reservations: sql<number>`count(*) filter (where ${reservations.status} in ('confirmed', 'seated', 'completed', 'no_show'))`.mapWith(Number),
        covers: sql<number>`coalesce(sum(${reservations.partySize}) filter (where ${booked}), 0)`.mapWith(Number),
        completed: sql<number>`count(*) filter (where ${reservations.status} = 'completed')`.mapWith(Number),
        noShows: sql<number>`count(*) filter (where ${reservations.status} = 'no_show')`.mapWith(Number),
        cancelled: sql<number>`count(*) filter (where ${reservations.status} = 'cancelled')`.mapWith(Number),
        walkIns: sql<number>`count(*) filter (where ${reservations.source} = 'walk_in' and ${reservations.status} in ('seated', 'completed'))`.mapWith(Number),
        outcomes: sql<number>`count(*) filter (where ${reservations.source} <> 'walk_in' and ${reservations.status} in ('seated', 'completed', 'no_show'))`.mapWith(Number),
        bookedMinutes: sql<number>`coalesce(sum(${minutes}) filter (where ${booked}), 0)`.mapWith(Number),
      })
      .from(reservations)
      .where(inRange)
      .groupBy(reservations.serviceDate)
      .orderBy(asc(reservations.serviceDate)),
    db
      .select({
        tableId: reservations.tableId,
        reservations: sql<number>`count(*) filter (where ${booked})`.mapWith(Number),
        bookedMinutes: sql<number>`coalesce(sum(${minutes}) filter (where ${booked}), 0)`.mapWith(Number),
      })
      .from(reservations)
      .where(inRange)
      .groupBy(reservations.tableId),
    db
      .select({ id: diningTables.id, label: diningTables.label, active: diningTables.active })
      .from(diningTables)
      .where(eq(diningTables.restaurantId, restaurantId)),
    loadSessionRules(db, restaurantId),
    db
      .select({ startDate: closures.startDate, endDate: closures.endDate })
      .from(closures)
      .where(and(eq(closures.restaurantId, restaurantId), lte(closures.startDate, to), gte(closures.endDate, from))),
    db
      .select({
        date: reservations.serviceDate,
        currency: payments.currency,
        depositsTakenCents: sql<number>`coalesce(sum(${payments.capturedCents}) filter (where ${upfront}), 0)`.mapWith(Number),
        refundedCents: sql<number>`coalesce(sum(${payments.refundedCents}), 0)`.mapWith(Number),
        depositsKeptCents: sql<number>`coalesce(sum(${payments.capturedCents} - ${payments.refundedCents}) filter (where ${upfront} and ${reservations.status} in ('no_show', 'cancelled')), 0)`.mapWith(Number),
        noShowFeesCents: sql<number>`coalesce(sum(${payments.capturedCents}) filter (where ${payments.kind} = 'card_guarantee'), 0)`.mapWith(Number),
      })
      .from(payments)
      .innerJoin(reservations, eq(reservations.id, payments.reservationId))
      .where(inRange)
      .groupBy(reservations.serviceDate, payments.currency),
    db
      .select({
        count: sql<number>`count(*)`.mapWith(Number),
        average: sql<number | null>`round(avg(${reviews.rating}), 1)`.mapWith((v: string | null) => (v === null ? null : Number(v))),
        unanswered: sql<number>`count(*) filter (where ${reviews.replyText} is null)`.mapWith(Number),
        s5: sql<number>`count(*) filter (where ${reviews.rating} = 5)`.mapWith(Number),
        s4: sql<number>`count(*) filter (where ${reviews.rating} = 4)`.mapWith(Number),
        s3: sql<number>`count(*) filter (where ${reviews.rating} = 3)`.mapWith(Number),
        s2: sql<number>`count(*) filter (where ${reviews.rating} = 2)`.mapWith(Number),
        s1: sql<number>`count(*) filter (where ${reviews.rating} = 1)`.mapWith(Number),
      })
      .from(reviews)
      .where(writtenInRange),
    db
      .select({ id: reviews.id, rating: reviews.rating, author: reviews.authorName, text: reviews.text, visitedOn: reviews.visitedOn, replyText: reviews.replyText })
      .from(reviews)
      .where(writtenInRange)
      .orderBy(desc(reviews.createdAt), desc(reviews.id))
      .limit(LATEST_REVIEWS),
    db
      .select({
        date: writtenOn,
        reviews: sql<number>`count(*)`.mapWith(Number),
        reviewStars: sql<number>`coalesce(sum(${reviews.rating}), 0)`.mapWith(Number),
        reviewsUnreplied: sql<number>`count(*) filter (where ${reviews.replyText} is null)`.mapWith(Number),
      })
      .from(reviews)
      .where(writtenInRange)
      // By position: the zone is a bound parameter, so the expression repeated would not match.
      .groupBy(sql`1`),
    db
      .select({
        reservationId: reservations.id,
        code: reservations.code,
        guestName: reservations.guestName,
        startsAt: reservations.startsAt,
        amountCents: paymentRefunds.amountCents,
        currency: payments.currency,
        status: paymentRefunds.status,
        refundedAt: paymentRefunds.createdAt,
      })
      .from(paymentRefunds)
      .innerJoin(payments, eq(payments.id, paymentRefunds.paymentId))
      .innerJoin(reservations, eq(reservations.id, payments.reservationId))
      .where(and(inRange, eq(paymentRefunds.reason, LATE_PAYMENT_REFUND_REASON)))
      .orderBy(asc(reservations.startsAt), asc(paymentRefunds.createdAt)),
  ]);
  const rc = reviewCounts[0];
  const reviewSummary: ReportReviews = {
    count: rc?.count ?? 0,
    average: rc?.average ?? null,
    unanswered: rc?.unanswered ?? 0,
    byStars: [
      { stars: 5, count: rc?.s5 ?? 0 },
      { stars: 4, count: rc?.s4 ?? 0 },
      { stars: 3, count: rc?.s3 ?? 0 },
      { stars: 2, count: rc?.s2 ?? 0 },
      { stars: 1, count: rc?.s1 ?? 0 },
    ],
    latest: latestReviews.map((r) => ({ id: r.id, rating: r.rating, author: r.author, text: r.text, visitedOn: r.visitedOn, replied: r.replyText !== null })),
  };

  // Today's floor stands in for the floor of past days: tables have no history of being active.
  const activeTables = tables.filter((t) => t.active).length;
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const reviewsByDate = new Map(reviewDays.map((r) => [r.date, r]));
  const moneyByDate = new Map(money.filter((m) => m.currency === currency).map((m) => [m.date, m]));
  const otherCurrencies = [...new Set(money.filter((m) => m.currency !== currency && (m.depositsTakenCents > 0 || m.noShowFeesCents > 0)).map((m) => m.currency))].sort();
  const days: ReportDay[] = datesInRange(from, to).map((date) => {
    const row = byDate.get(date);
    const cash = moneyByDate.get(date);
    const written = reviewsByDate.get(date);
    const open = openMinutesPerTable(restaurant.timezone, date, sessions, closureRows) * activeTables;
    return {
      date,
      reservations: row?.reservations ?? 0,
      covers: row?.covers ?? 0,
      completed: row?.completed ?? 0,
      noShows: row?.noShows ?? 0,
      cancelled: row?.cancelled ?? 0,
      walkIns: row?.walkIns ?? 0,
      outcomes: row?.outcomes ?? 0,
      bookedMinutes: Math.round(row?.bookedMinutes ?? 0),
      openMinutes: open,
      depositsTakenCents: cash?.depositsTakenCents ?? 0,
      refundedCents: cash?.refundedCents ?? 0,
      depositsKeptCents: cash?.depositsKeptCents ?? 0,
      noShowFeesCents: cash?.noShowFeesCents ?? 0,
      reviews: written?.reviews ?? 0,
      reviewStars: written?.reviewStars ?? 0,
      reviewsUnreplied: written?.reviewsUnreplied ?? 0,
    };
  });

  const sum = (k: keyof Omit<ReportDay, "date">) => days.reduce((n, d) => n + d[k], 0);
  const totals = {
    reservations: sum("reservations"),
    covers: sum("covers"),
    completed: sum("completed"),
    noShows: sum("noShows"),
    cancelled: sum("cancelled"),
    walkIns: sum("walkIns"),
    outcomes: sum("outcomes"),
    bookedMinutes: sum("bookedMinutes"),
    openMinutes: sum("openMinutes"),
    depositsTakenCents: sum("depositsTakenCents"),
    refundedCents: sum("refundedCents"),
    depositsKeptCents: sum("depositsKeptCents"),
    noShowFeesCents: sum("noShowFeesCents"),
    reviews: sum("reviews"),
    reviewStars: sum("reviewStars"),
    reviewsUnreplied: sum("reviewsUnreplied"),
    activeTables,
    noShowRate: 0 as number | null,
    utilisation: 0 as number | null,
  };
  totals.noShowRate = totals.outcomes > 0 ? totals.noShows / totals.outcomes : null;
  totals.utilisation = totals.openMinutes > 0 ? totals.bookedMinutes / totals.openMinutes : null;

  const openPerTable = activeTables > 0 ? totals.openMinutes / activeTables : 0;
  const usage = new Map(perTable.map((t) => [t.tableId, t]));
  const collator = new Intl.Collator("en", { numeric: true });
  const tableRows: ReportTable[] = tables
    .filter((t) => t.active || usage.has(t.id))
    .sort((a, b) => collator.compare(a.label, b.label))
    .map((t) => {
      const u = usage.get(t.id);
      const bookedMinutes = Math.round(u?.bookedMinutes ?? 0);
      return {
        tableId: t.id,
        label: t.label,
        active: t.active,
        bookedMinutes,
        reservations: u?.reservations ?? 0,
        utilisation: openPerTable > 0 ? bookedMinutes / openPerTable : null,
      };
    });

  return { restaurant: restaurantRef, currency, otherCurrencies, from, to, days, tables: tableRows, totals, reviews: reviewSummary, autoRefunds };
}

/**
 * Minutes one table is open on a service date: for each session that day, from its first seating to
 * its last seating plus the turn time of a typical party. Instants come from the zone, so a session
 * across a DST change is an hour longer or shorter, as it really is. Overlapping sessions count once.
 */
export function openMinutesPerTable(
  timezone: string,
  date: string,
  sessions: SessionRule[],
  closed: { startDate: string; endDate: string }[],
): number {
  const spans: [number, number][] = [];
  for (const session of sessions) {
    const seatings = generateSeatings(timezone, date, [session], closed);
    if (seatings.length === 0) continue;
    const start = seatings[0]!.startsAt.getTime();
    const end = seatings[seatings.length - 1]!.startsAt.getTime() + turnMinutesFor(session.turnMinutes, TYPICAL_PARTY) * 60_000;
    spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const s of spans) {
    if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [s[0], s[1]];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return Math.round(total / 60_000);
}
