import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { diningTables, reservations, type Reservation } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { loadDayContext } from "@/lib/availability/load";
import { addDays, formatLocalTime, localDateOf } from "@/lib/availability/slots";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { systemClock, type Clock } from "@/lib/clock";
import { DomainError, notFound, sqlStateOf, unauthenticated } from "@/lib/errors";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { requirePermission } from "@/lib/restaurants/access";
import { locateSeating } from "./hold";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { announceChange } from "./change";
import { tableLockKey } from "./placement";
import { loadReservation, toView } from "./records";
import { onTable, type TableReservationView } from "./view";

/** Same lifetime as placement's lock: the transaction takes milliseconds. */
const LOCK_TTL_MS = 5_000;
/** A confirmed booking may be moved to a time that started a moment ago (the guest is at the door). */
const PAST_GRACE_MS = 15 * 60_000;

export interface MoveInput {
  reservationId: string;
  principal: Principal | null;
  /** When given, the reservation must belong to this restaurant (the page's restaurant), else not found. */
  restaurantId?: string;
  /** The new table; omitted keeps the current one. */
  tableId?: string | null;
  /** The new start; omitted keeps the current one. The length of the booking is kept. */
  startsAt?: Date | null;
  /** The version the caller saw; a reservation changed since is refused rather than overwritten. */
  expectedVersion?: number;
}

/**
 * Moves a confirmed or seated reservation to another table and/or time. Staff may choose any active
 * table of the restaurant (also those held back from online booking) and any time, but never onto
 * another blocking reservation: the same per-table Redis lock as placement, then one guarded UPDATE
 * whose new range the exclusion constraint judges. A 23P01 becomes `slot_unavailable` naming the clash.
 */
export async function moveReservation(db: Db, input: MoveInput, deps: { clock?: Clock; kv?: Kv } = {}): Promise<TableReservationView> {
  const clock = deps.clock ?? systemClock;
  const kv = deps.kv ?? getKv();
  const now = clock.now();

  if (!input.principal) throw unauthenticated();
  const loaded = await loadReservation(db, input.reservationId);
  if (!loaded) throw notFound("Reservation");
  if (input.restaurantId && input.restaurantId !== loaded.row.restaurantId) throw notFound("Reservation");
  await requirePermission(db, input.principal, loaded.row.restaurantId, "book.manage");

  const row0 = loaded.row;
  if (!row0.tableId) throw new DomainError("invalid_input", "A seat booking at an experience has no table to move.");
  if (input.expectedVersion !== undefined && input.expectedVersion !== row0.version) throw changedMeanwhile();
  if (row0.status !== "confirmed" && row0.status !== "seated") {
    throw new DomainError("invalid_transition", `Only confirmed or seated reservations can be moved; this one is ${row0.status.replace("_", "-")}.`, {
      details: { status: row0.status },
    });
  }

  const tableId = input.tableId ?? row0.tableId;
  const startsAt = input.startsAt ?? row0.startsAt;
  const timeChanges = startsAt.getTime() !== row0.startsAt.getTime();
  if (tableId === row0.tableId && !timeChanges) return onTable(toView(row0, loaded, loaded.payment));

  if (row0.status === "seated" && timeChanges) {
    throw new DomainError("invalid_input", "A seated party can change table, not time.", { fields: { starts_at: ["Seated parties keep their time."] } });
  }
  if (timeChanges && startsAt.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw new DomainError("outside_policy", "That time has already passed.", { fields: { starts_at: ["Choose a time that has not passed."] } });
  }

  const [table] = await db
    .select()
    .from(diningTables)
    .where(and(eq(diningTables.id, tableId), eq(diningTables.restaurantId, row0.restaurantId)))
    .limit(1);
  if (!table) throw notFound("Table");
  if (!table.active) {
    throw new DomainError("invalid_input", `Table ${table.label} is not in use (inactive).`, { fields: { table_id: ["Choose an active table."] } });
  }
  if (row0.partySize > table.maxSeats) {
    throw new DomainError("invalid_input", `Table ${table.label} seats at most ${table.maxSeats}; this party is ${row0.partySize}.`, {
      fields: { table_id: [`Seats at most ${table.maxSeats}.`] },
    });
  }

  const endsAt = new Date(startsAt.getTime() + (row0.endsAt.getTime() - row0.startsAt.getTime()));
  const tz = loaded.restaurant.timezone;
  let serviceDate = row0.serviceDate;
  let sessionId = row0.sessionId;
  if (timeChanges) {
    // The new time belongs to a session's service day when it is one of its seatings (past midnight
    // included), else simply to its own local date.
    const day = localDateOf(startsAt, tz);
    const ctx = await loadDayContext(db, row0.restaurantId, addDays(day, -1), day);
    const located = ctx ? locateSeating(ctx, startsAt, row0.partySize, now, true) : null;
    serviceDate = located?.date ?? day;
    sessionId = located?.slot.sessionId ?? null;
  }

  const lock = await kv.lock(tableLockKey(table.id, serviceDate), LOCK_TTL_MS);
  if (!lock.acquired) {
    throw new DomainError("slot_locked", "Someone else is booking that table right now; try again in a moment.", { retryAfter: 1 });
  }
  let moved: { row: Reservation; events: EventWithId[] } | null;
  try {
    moved = await db.transaction(async (tx) => {
      // Invariant 2, as in placement: a lapsed hold on the target stops blocking before we are judged.
      await tx.execute(sql`
        update reservations set status = 'expired', version = version + 1, updated_at = now()
        where table_id = ${table.id} and status = 'held' and hold_expires_at <= now()
          and period && tstzrange(${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz, '[)')`);
      const [row] = await tx
        .update(reservations)
        .set({
          tableId: table.id,
          startsAt,
          endsAt,
          serviceDate,
          sessionId,
          // The diner's calendar event follows a new time (a table move is the restaurant's business).
          ...(timeChanges ? { sequence: sql`${reservations.sequence} + 1` } : {}),
          version: sql`${reservations.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(reservations.id, row0.id),
            inArray(reservations.status, ["confirmed", "seated"]),
            eq(reservations.version, row0.version),
          ),
        )
        .returning();
      if (!row) return null;
      // The reminder follows the booking, and the diner hears of the new time once.
      const events = timeChanges && row.status === "confirmed" ? await announceChange(tx, row, loaded.restaurant.reminderLeadMinutes, now) : [];
      return { row, events };
    });
  } catch (e) {
    if (sqlStateOf(e) === "23P01") throw await overlapError(db, row0.id, table, startsAt, endsAt, tz);
    throw e;
  } finally {
    await lock.release();
  }
  if (!moved) throw changedMeanwhile();
  await bumpAvailabilityVersion(row0.restaurantId);
  await publishEvents(moved.events);
  return onTable(toView(moved.row, table.label, loaded.payment));
}

function changedMeanwhile(): DomainError {
  return new DomainError("conflict", "This reservation was changed by someone else meanwhile. Reload and try again.");
}

/** A clear sentence naming the reservation in the way, found after the constraint refused the move. */
async function overlapError(
  db: Db,
  selfId: string,
  table: { id: string; label: string },
  startsAt: Date,
  endsAt: Date,
  tz: string,
): Promise<DomainError> {
  const [clash] = await db
    .select({ startsAt: reservations.startsAt, endsAt: reservations.endsAt, name: reservations.guestName, partySize: reservations.partySize })
    .from(reservations)
    .where(
      and(
        eq(reservations.tableId, table.id),
        ne(reservations.id, selfId),
        inArray(reservations.status, ["held", "confirmed", "seated"]),
        sql`${reservations.period} && tstzrange(${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz, '[)')`,
      ),
    )
    .orderBy(reservations.startsAt)
    .limit(1);
  const when = clash ? ` (${formatLocalTime(clash.startsAt, tz)}–${formatLocalTime(clash.endsAt, tz)}${clash.name ? `, ${clash.name}` : ""}, party of ${clash.partySize})` : "";
  return new DomainError(
    "slot_unavailable",
    `Table ${table.label} already has a reservation that overlaps ${formatLocalTime(startsAt, tz)}–${formatLocalTime(endsAt, tz)}${when}. Choose another table or time.`,
    { fields: { table_id: [`Table ${table.label} is taken then.`] } },
  );
}

