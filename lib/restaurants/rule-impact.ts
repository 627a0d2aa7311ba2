import { and, asc, eq, gte, inArray, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "@/db/client";
import { closures, diningTables, reservations, restaurants, type ReservationSource, type ReservationStatus } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { generateSeatings, localDateOf } from "@/lib/availability/slots";
import { systemClock, type Clock } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import { loadSessionRules } from "@/lib/restaurants/sessions";

export type OutsideReason = "closed" | "no_session" | "not_a_seating" | "table_inactive";

export interface ReservationOutsideRules {
  id: string;
  code: string;
  status: ReservationStatus;
  source: ReservationSource;
  name: string | null;
  phone: string | null;
  email: string | null;
  partySize: number;
  startsAt: Date;
  /** The service date (local) and the local start time, for links to that day's book. */
  serviceDate: string;
  localTime: string;
  tableLabel: string;
  reasons: OutsideReason[];
  /** The reasons as sentences for the owner. */
  messages: string[];
}

/** How many to list at most; a rule change that strands more than this needs the book anyway. */
const LIMIT = 500;

/**
 * Future reservations that the current rules no longer allow: on a closed day, at a time no session
 * covers any more, at a time that is no longer one of the seatings (online bookings only: staff may
 * book between seatings), or on a table that was deactivated. Nothing is changed: the owner decides
 * what to do with each (move, call the guest, cancel). Called after every session, closure and table
 * change, and shown on those pages. Members who manage the rules (owner, manager).
 */
export async function listReservationsOutsideRules(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  deps: { clock?: Clock } = {},
): Promise<ReservationOutsideRules[]> {
  await requirePermission(db, principal, restaurantId, "sessions.manage");
  const now = (deps.clock ?? systemClock).now();
  const [restaurant] = await db.select({ timezone: restaurants.timezone }).from(restaurants).where(eq(restaurants.id, restaurantId)).limit(1);
  if (!restaurant) throw notFound("Restaurant");
  const tz = restaurant.timezone;
  const today = localDateOf(now, tz);

  const [rows, sessions, closureRows] = await Promise.all([
    db
      .select({ r: reservations, tableLabel: diningTables.label, tableActive: diningTables.active })
      .from(reservations)
      .innerJoin(diningTables, eq(diningTables.id, reservations.tableId))
      .where(
        and(
          eq(reservations.restaurantId, restaurantId),
          sql`${reservations.endsAt} > ${now.toISOString()}::timestamptz`,
          or(
            inArray(reservations.status, ["confirmed", "seated"]),
            and(eq(reservations.status, "held"), sql`${reservations.holdExpiresAt} > ${now.toISOString()}::timestamptz`),
          ),
        ),
      )
      .orderBy(asc(reservations.startsAt))
      .limit(5000),
    loadSessionRules(db, restaurantId),
    db
      .select({ startDate: closures.startDate, endDate: closures.endDate, reason: closures.reason })
      .from(closures)
      .where(and(eq(closures.restaurantId, restaurantId), gte(closures.endDate, shift(today, -1)))),
  ]);

  // Per service date: the seating instants, and each session's span from first to last seating.
  const days = new Map<string, { seatings: Set<number>; spans: [number, number][] }>();
  const dayRules = (date: string) => {
    let d = days.get(date);
    if (!d) {
      const seatings = new Set(generateSeatings(tz, date, sessions, []).map((s) => s.startsAt.getTime()));
      const spans: [number, number][] = [];
      for (const session of sessions) {
        const own = generateSeatings(tz, date, [session], []);
        if (own.length > 0) spans.push([own[0]!.startsAt.getTime(), own[own.length - 1]!.startsAt.getTime()]);
      }
      d = { seatings, spans };
      days.set(date, d);
    }
    return d;
  };

  const out: ReservationOutsideRules[] = [];
  for (const { r, tableLabel, tableActive } of rows) {
    if (r.status === "seated") {
      // Already in the house: only a deactivated table is worth a word.
      if (tableActive) continue;
    }
    const reasons: OutsideReason[] = [];
    const messages: string[] = [];
    const localTime = DateTime.fromJSDate(r.startsAt, { zone: tz }).toFormat("HH:mm");
    const closure = closureRows.find((c) => c.startDate <= r.serviceDate && r.serviceDate <= c.endDate);
    if (closure) {
      reasons.push("closed");
      messages.push(`The restaurant is closed on ${r.serviceDate}${closure.reason ? ` (${closure.reason})` : ""}.`);
    } else if (r.status !== "seated") {
      const rules = dayRules(r.serviceDate);
      const at = r.startsAt.getTime();
      if (!rules.seatings.has(at)) {
        const inSpan = rules.spans.some(([a, b]) => a <= at && at <= b);
        if (!inSpan) {
          reasons.push("no_session");
          messages.push(`No service session runs at ${localTime} on ${weekdayName(r.serviceDate)}s any more.`);
        } else if (r.source === "web" || r.source === "api") {
          reasons.push("not_a_seating");
          messages.push(`${localTime} is no longer one of the seatings.`);
        }
      }
    }
    if (!tableActive) {
      reasons.push("table_inactive");
      messages.push(`Table ${tableLabel} has been deactivated.`);
    }
    if (reasons.length === 0) continue;
    out.push({
      id: r.id,
      code: r.code,
      status: r.status,
      source: r.source,
      name: r.guestName,
      phone: r.guestPhone,
      email: r.guestEmail,
      partySize: r.partySize,
      startsAt: r.startsAt,
      serviceDate: r.serviceDate,
      localTime,
      tableLabel,
      reasons,
      messages,
    });
    if (out.length >= LIMIT) break;
  }
  return out;
}

function shift(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate()!;
}

function weekdayName(date: string): string {
  return DateTime.fromISO(date, { zone: "utc" }).setLocale("en-GB").toFormat("cccc");
}
