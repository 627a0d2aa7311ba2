import { randomInt } from "node:crypto";
import { getTableColumns, inArray, sql } from "drizzle-orm";
import { executePrepared, type Db, type DbOrTx, type Tx } from "@/db/client";
import { diningTables, reservations, type Reservation, type ReservationSource, type ReservationStatus } from "@/db/schema";
import { constraintOf, detailOf, DomainError, errorCodes, sqlStateOf } from "@/lib/errors";
import type { Kv, LockResult } from "@/lib/redis/types";
import { newReservationCode } from "./secrets";

/** How long a table lock may live if its holder dies mid-booking. The transaction takes milliseconds. */
const LOCK_TTL_MS = 5_000;

export const tableLockKey = (tableId: string, serviceDate: string) => `lock:t:${tableId}:${serviceDate}`;

/**
 * How long a placement may wait on a row or advisory lock. Below Postgres's deadlock_timeout (1 s),
 * so a wait that could be a cycle ends as "locked, retry" before the deadlock detector runs.
 */
const PLACEMENT_LOCK_TIMEOUT = "800ms";

/** The Postgres twin of the Redis table lock: a transaction-scoped advisory lock on (table, service day). */
const tableDayLockName = (tableId: string, serviceDate: string) => `table-day:${tableId}:${serviceDate}`;
const tableDayLock = (tableId: string, serviceDate: string) => sql`hashtextextended(${tableDayLockName(tableId, serviceDate)}, 0)`;

/**
 * Waits (up to the connection's lock_timeout) for placements in flight on this table and day. A
 * change to an existing booking there (confirm) takes it first, so it never waits on a racer's
 * uncommitted insert while that insert waits on it (a deadlock on the exclusion constraint).
 */
export async function waitForTableDay(tx: Tx, tableId: string | null, serviceDate: string): Promise<void> {
  // A seat booking has no table: the section's capacity guard (a trigger) serialises its writers.
  if (!tableId) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${tableDayLock(tableId, serviceDate)})`);
}

export interface Placement {
  restaurantId: string;
  serviceDate: string;
  sessionId: string | null;
  startsAt: Date;
  endsAt: Date;
  partySize: number;
  status: Extract<ReservationStatus, "held" | "confirmed" | "seated">;
  source: ReservationSource;
  /** For holds: minutes from the database's now() until the hold lapses. */
  holdMinutes?: number;
  userId?: string | null;
  holderKey?: string | null;
  clientAddress?: string | null;
  manageTokenHash?: string | null;
  guest?: { name?: string | null; email?: string | null; phone?: string | null; specialRequests?: string | null; occasion?: string | null };
  notes?: string | null;
  replacesId?: string | null;
  /**
   * Advisory locks (by name) the `limits` need, taken in order, waiting, in the same statement as
   * the table's own lock and only once that is ours.
   */
  locks?: string[];
  /** Limits checked in the insert's statement, after `locks` (a reached one throws PlacementRefused). */
  limits?: PlacementLimits;
  /**
   * Work done in the insert's transaction after it (outbox rows, an idempotency key). Without it the
   * placement is a single statement.
   */
  after?: (tx: Tx, row: Reservation) => Promise<void>;
  /**
   * The candidates' seats, when the caller has them: equal fits are shuffled without asking the
   * database for them.
   */
  seats?: ReadonlyMap<string, { minSeats: number; maxSeats: number }>;
  /**
   * Takes the first candidate's lock in place of `kv.lock`, so a caller can fold its rate limit into
   * the same Redis round trip (it may throw to refuse the request before anything is locked).
   */
  lockFirst?: (key: string, ttlMs: number) => Promise<LockResult>;
  /** A counter bumped with the lock's release after a placement (the availability version). */
  bumpOnSuccess?: string;
  /**
   * Whether a hold that has lapsed by the database's clock may still block this table at this time,
   * from the caller's snapshot of the day (default: assume so). When not, the transaction skips the
   * statement that expires such holds: any row there now was written after the snapshot, so is live.
   */
  mayHaveLapsedHolds?: (tableId: string) => boolean;
}

/** What a hold may not exceed; each is checked after its advisory lock, against rows committed before. */
export interface PlacementLimits {
  /** The holder's earlier table holds at this restaurant are released first (one hold per person). */
  releaseHolderHolds?: boolean;
  /** The holder's active holds must stay below this. */
  holderLimit?: number;
  /** Holds by diners without an account at this seating and this service must stay below these. */
  anonymousCaps?: { seating: number; service: number } | null;
  /** Covers starting at this instant, this party included, may not exceed this (pacing). */
  maxCovers?: number | null;
  /** A change's hold: the booking it moves, whose covers (and its other pending changes') count once. */
  changing?: string | null;
}

/** A limit in `PlacementLimits` was reached; nothing was placed or released. */
export class PlacementRefused extends Error {
  constructor(
    readonly limit: "holder_limit" | "anonymous_share" | "paced",
    /** For anonymous_share: seconds until the first anonymous hold lapses. */
    readonly firstLapseSeconds: number | null = null,
  ) {
    super(`placement refused: ${limit}`);
  }
}

export type PlacementOutcome =
  | { ok: true; row: Reservation }
  | { ok: false; locked: number; taken: number };

/**
 * Tries the candidate tables in order (best fit first). For each: a short Redis lock per table and
 * service day so racing diners fail fast, then one transaction that expires overlapping stale holds
 * and inserts. The exclusion constraint is the last word: a 23P01 moves on to the next table.
 * If Redis cannot be asked the lock is skipped and Postgres alone decides.
 */
export async function placeOnFirstFreeTable(db: Db, kv: Kv, candidates: string[], p: Placement): Promise<PlacementOutcome> {
  let locked = 0;
  let taken = 0;
  const ordered = await shuffleEqualFits(db, candidates, p.seats);
  for (const [i, tableId] of ordered.entries()) {
    const key = tableLockKey(tableId, p.serviceDate);
    const lock = i === 0 && p.lockFirst ? await p.lockFirst(key, LOCK_TTL_MS) : await kv.lock(key, LOCK_TTL_MS);
    if (!lock.acquired) {
      locked++;
      continue;
    }
    let placed = false;
    try {
      const outcome = await insertOnTable(db, tableId, p);
      if (outcome === "locked") locked++;
      else if (outcome === "taken") taken++;
      else {
        placed = true;
        return { ok: true, row: outcome };
      }
    } finally {
      // After the commit: the release and the version bump travel together.
      await lock.release(placed ? p.bumpOnSuccess : undefined);
    }
  }
  return { ok: false, locked, taken };
}

/**
 * The candidates in the same order of fit, but tables that fit equally well (same seats) in random
 * order, so a burst of diners spreads over them instead of every racer queueing for the first.
 */
async function shuffleEqualFits(
  db: Db,
  candidates: string[],
  seats?: ReadonlyMap<string, { minSeats: number; maxSeats: number }>,
): Promise<string[]> {
  if (candidates.length < 2) return candidates;
  const rows = candidates.every((id) => seats?.has(id))
    ? candidates.map((id) => ({ id, ...seats!.get(id)! }))
    : await db
        .select({ id: diningTables.id, minSeats: diningTables.minSeats, maxSeats: diningTables.maxSeats })
        .from(diningTables)
        .where(inArray(diningTables.id, candidates));
  const fit = new Map(rows.map((r) => [r.id, `${r.minSeats}-${r.maxSeats}`]));
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    for (let i = run.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [run[i], run[j]] = [run[j]!, run[i]!];
    }
    out.push(...run);
    run = [];
  };
  for (const id of candidates) {
    if (run.length > 0 && fit.get(id) !== fit.get(run[0]!)) flush();
    run.push(id);
  }
  flush();
  return out;
}

/** Another placement holds this table and day: the racer moves on instead of waiting. */
class TableDayBusy extends Error {}

async function insertOnTable(db: Db, tableId: string, p: Placement): Promise<Reservation | "taken" | "locked"> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // One statement: the gate (locks, limits, lapsed holds) and the insert. With work to do after
      // it, one transaction around both.
      const row = p.after
        ? await db.transaction(async (tx) => {
            const placed = await placeStatement(tx, tableId, p);
            if (!placed) throw new TableDayBusy();
            await p.after!(tx, placed);
            return placed;
          })
        : await placeStatement(db, tableId, p);
      return row ?? "locked";
    } catch (e) {
      if (e instanceof TableDayBusy) return "locked";
      const code = sqlStateOf(e);
      if (code === "23P01") return "taken";
      if (code === "P0001") {
        const limit = constraintOf(e);
        if (limit === "placement_holder_limit") throw new PlacementRefused("holder_limit");
        if (limit === "placement_anonymous_share") throw new PlacementRefused("anonymous_share", Number(detailOf(e)) || null);
        if (limit === "placement_paced") throw new PlacementRefused("paced");
      }
      // A lock wait cut short, a deadlock, or no connection in time: someone else is booking here.
      if (code === "40P01") console.warn(`[placement] deadlock on table ${tableId} (${p.serviceDate}); treated as locked`);
      if (code === "55P03" || code === "40P01" || errorCodes(e).includes("DB_BUSY")) return "locked";
      if (code === "23505" && constraintOf(e) === "reservations_code_key") continue;
      throw e;
    }
  }
  throw new DomainError("unavailable", "Could not place the reservation; please try again.");
}

const RESERVATION_COLUMNS = Object.entries(getTableColumns(reservations));

/** A `returning *` row (column names, driver values) as drizzle's select would give it. */
function reservationFromRow(raw: Record<string, unknown>): Reservation {
  const out: Record<string, unknown> = {};
  for (const [key, column] of RESERVATION_COLUMNS) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as Reservation;
}

/**
 * The placement in one statement: Postgres decides who works on this table and day, with or without
 * Redis (a racer that finds it taken gets no row, and fails fast with 423 instead of queueing on the
 * exclusion constraint); then the locks and limits (db/migrations, reservation_placement_gate), the
 * lapsed holds overlapping this time expired (invariant 2: a hold past its expiry stops blocking even
 * if no job ran), and the insert, judged by the exclusion constraint against live rows only.
 * Returns null when the table and day were busy.
 */
async function placeStatement(db: DbOrTx, tableId: string, p: Placement): Promise<Reservation | null> {
  const l = p.limits ?? {};
  const locks = p.locks ?? [];
  // Prepared: its text changes only with the number of advisory locks, and planning it every time
  // would cost more than running it.
  const rows = await executePrepared(db, sql`
    with gate as materialized (
      select reservation_placement_gate(
        table_lock => ${tableDayLockName(tableId, p.serviceDate)},
        lock_timeout => ${PLACEMENT_LOCK_TIMEOUT},
        locks => ${locks.length ? sql`array[${sql.join(locks.map((name) => sql`${name}`), sql`, `)}]::text[]` : sql`null::text[]`},
        restaurant => ${p.restaurantId}::uuid,
        table_id => ${tableId}::uuid,
        service_date => ${p.serviceDate}::date,
        session_id => ${p.sessionId}::uuid,
        starts_at => ${p.startsAt.toISOString()}::timestamptz,
        ends_at => ${p.endsAt.toISOString()}::timestamptz,
        party_size => ${p.partySize}::int,
        holder_key => ${p.holderKey ?? null}::text,
        release_restaurant => ${l.releaseHolderHolds ? p.restaurantId : null}::uuid,
        holder_limit => ${l.holderLimit ?? null}::int,
        anon_seating => ${l.anonymousCaps?.seating ?? null}::int,
        anon_service => ${l.anonymousCaps?.service ?? null}::int,
        max_covers => ${l.maxCovers ?? null}::int,
        changing => ${l.changing ?? null}::uuid,
        expire_lapsed => ${p.mayHaveLapsedHolds?.(tableId) ?? true}::boolean
      ) as ok
    )
    insert into reservations (restaurant_id, table_id, session_id, service_date, party_size, starts_at, ends_at, status,
      hold_expires_at, code, manage_token_hash, source, user_id, holder_key, client_address, guest_name, guest_email,
      guest_phone, special_requests, occasion, notes, replaces_id, confirmed_at, seated_at)
    select ${p.restaurantId}::uuid, ${tableId}::uuid, ${p.sessionId}::uuid, ${p.serviceDate}::date, ${p.partySize}::int,
      ${p.startsAt.toISOString()}::timestamptz, ${p.endsAt.toISOString()}::timestamptz, ${p.status}::reservation_status,
      ${p.status === "held" ? sql`now() + make_interval(mins => ${p.holdMinutes ?? 10})` : sql`null`},
      ${newReservationCode()}, ${p.manageTokenHash ?? null}, ${p.source}::reservation_source, ${p.userId ?? null}::uuid,
      ${p.holderKey ?? null}, ${p.clientAddress ?? null}, ${p.guest?.name ?? null}, ${p.guest?.email ?? null},
      ${p.guest?.phone ?? null}, ${p.guest?.specialRequests ?? null}, ${p.guest?.occasion ?? null}, ${p.notes ?? null},
      ${p.replacesId ?? null}::uuid, ${p.status === "held" ? sql`null` : sql`now()`}, ${p.status === "seated" ? sql`now()` : sql`null`}
    from gate where gate.ok
    returning *`);
  return rows[0] ? reservationFromRow(rows[0]) : null;
}
