import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { reservations, type Reservation, type ReservationSource, type ReservationStatus } from "@/db/schema";
import { constraintOf, DomainError, sqlStateOf } from "@/lib/errors";
import type { Kv } from "@/lib/redis/types";
import { newReservationCode } from "./secrets";

/** How long a table lock may live if its holder dies mid-booking. The transaction takes milliseconds. */
const LOCK_TTL_MS = 5_000;

export const tableLockKey = (tableId: string, serviceDate: string) => `lock:t:${tableId}:${serviceDate}`;

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
  manageTokenHash?: string | null;
  guest?: { name?: string | null; email?: string | null; phone?: string | null; specialRequests?: string | null; occasion?: string | null };
  notes?: string | null;
  replacesId?: string | null;
  /** Checks run inside the transaction before the insert (pacing, hold limits). */
  guard?: (tx: Tx) => Promise<void>;
  /** Work done inside the transaction after the insert (outbox rows). */
  after?: (tx: Tx, row: Reservation) => Promise<void>;
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
  for (const tableId of candidates) {
    const lock = await kv.lock(tableLockKey(tableId, p.serviceDate), LOCK_TTL_MS);
    if (!lock.acquired) {
      locked++;
      continue;
    }
    try {
      const row = await insertOnTable(db, tableId, p);
      if (row) return { ok: true, row };
      taken++;
    } finally {
      await lock.release();
    }
  }
  return { ok: false, locked, taken };
}

async function insertOnTable(db: Db, tableId: string, p: Placement): Promise<Reservation | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        if (p.guard) await p.guard(tx);
        // Invariant 2: a hold past its expiry stops blocking even if no job ran. Mark the stale ones
        // on this table and time expired first, so the insert below is judged against live rows only.
        await tx.execute(sql`
          update reservations set status = 'expired', version = version + 1, updated_at = now()
          where table_id = ${tableId} and status = 'held' and hold_expires_at <= now()
            and period && tstzrange(${p.startsAt.toISOString()}::timestamptz, ${p.endsAt.toISOString()}::timestamptz, '[)')`);
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
      const code = sqlStateOf(e);
      if (code === "23P01") return null;
      if (code === "23505" && constraintOf(e) === "reservations_code_key") continue;
      if (code === "40P01") continue;
      throw e;
    }
  }
  throw new DomainError("unavailable", "Could not place the reservation; please try again.");
}
