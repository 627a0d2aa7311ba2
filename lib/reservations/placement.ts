import { randomInt } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { diningTables, reservations, type Reservation, type ReservationSource, type ReservationStatus } from "@/db/schema";
import { constraintOf, DomainError, errorCodes, sqlStateOf } from "@/lib/errors";
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
const tableDayLock = (tableId: string, serviceDate: string) =>
  sql`hashtextextended(${`table-day:${tableId}:${serviceDate}`}, 0)`;

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
   * Advisory locks (by name) the checks in `guard` need, taken in order, waiting, in the same
   * statement as the table's own lock and only once that is ours.
   */
  locks?: string[];
  /** Checks run inside the transaction before the insert (pacing, hold limits), after `locks`. */
  guard?: (tx: Tx) => Promise<void>;
  /** Work done inside the transaction after the insert (outbox rows). */
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
      return await db.transaction(async (tx) => {
        // Postgres decides who works on this table and day, with or without Redis: a racer that
        // finds it taken fails fast (423) instead of queueing on the exclusion constraint.
        // Then the guard's locks, in order, each in the same round trip, once the table is ours
        // (left to right: the lock timeout is set before any of them waits).
        const more = (p.locks ?? []).map((name) => sql`, case when t.ok then pg_advisory_xact_lock(hashtextextended(${name}, 0)) end`);
        const [lock] = await tx.execute<{ ok: boolean }>(sql`
          select t.ok, set_config('lock_timeout', ${PLACEMENT_LOCK_TIMEOUT}, true)${sql.join(more, sql``)}
          from (select pg_try_advisory_xact_lock(${tableDayLock(tableId, p.serviceDate)}) as ok) t`);
        if (!lock?.ok) throw new TableDayBusy();
        if (p.guard) await p.guard(tx);
        // Invariant 2: a hold past its expiry stops blocking even if no job ran. Mark the stale ones
        // on this table and time expired first, so the insert below is judged against live rows only.
        if (p.mayHaveLapsedHolds?.(tableId) ?? true) {
          await tx.execute(sql`
            update reservations set status = 'expired', version = version + 1, updated_at = now()
            where table_id = ${tableId} and status = 'held' and hold_expires_at <= now()
              and period && tstzrange(${p.startsAt.toISOString()}::timestamptz, ${p.endsAt.toISOString()}::timestamptz, '[)')`);
        }
        const [row] = await tx
          .insert(reservations)
          .values({
            restaurantId: p.restaurantId,
            tableId,
            sessionId: p.sessionId,
            serviceDate: p.serviceDate,
            partySize: p.partySize,
            startsAt: p.startsAt,
            endsAt: p.endsAt,
            status: p.status,
            // The database clock decides holds, so every app instance agrees on expiry.
            holdExpiresAt: p.status === "held" ? sql`now() + make_interval(mins => ${p.holdMinutes ?? 10})` : null,
            code: newReservationCode(),
            manageTokenHash: p.manageTokenHash ?? null,
            source: p.source,
            userId: p.userId ?? null,
            holderKey: p.holderKey ?? null,
            clientAddress: p.clientAddress ?? null,
            guestName: p.guest?.name ?? null,
            guestEmail: p.guest?.email ?? null,
            guestPhone: p.guest?.phone ?? null,
            specialRequests: p.guest?.specialRequests ?? null,
            occasion: p.guest?.occasion ?? null,
            notes: p.notes ?? null,
            replacesId: p.replacesId ?? null,
            confirmedAt: p.status === "held" ? null : sql`now()`,
            seatedAt: p.status === "seated" ? sql`now()` : null,
          })
          .returning();
        if (p.after) await p.after(tx, row!);
        return row!;
      });
    } catch (e) {
      if (e instanceof TableDayBusy) return "locked";
      const code = sqlStateOf(e);
      if (code === "23P01") return "taken";
      // A lock wait cut short, a deadlock, or no connection in time: someone else is booking here.
      if (code === "40P01") console.warn(`[placement] deadlock on table ${tableId} (${p.serviceDate}); treated as locked`);
      if (code === "55P03" || code === "40P01" || errorCodes(e).includes("DB_BUSY")) return "locked";
      if (code === "23505" && constraintOf(e) === "reservations_code_key") continue;
      throw e;
    }
  }
  throw new DomainError("unavailable", "Could not place the reservation; please try again.");
}
