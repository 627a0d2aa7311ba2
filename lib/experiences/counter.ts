import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";

/**
 * The Redis fast path for seats: a seats-left counter per section answers "sold out" without
 * touching Postgres, so a sold-out drop fails fast. It only accelerates: Postgres (the section's
 * capacity trigger) decides every seat. A counter that is missing, stale or wrong is rebuilt from
 * Postgres with a compare-and-set on its version, never overwriting a take or a give it did not see.
 */

export const seatCounterKey = (sectionId: string) => `seats:${sectionId}`;

/** A counter lives until a day after its experience ends (then nobody asks any more). */
const counterTtlMs = (endsAt: Date, now = Date.now()) => Math.max(60_000, endsAt.getTime() - now + 86_400_000);

/** The seats counting against each section now: unexpired holds and confirmed seats, by the database clock. */
export async function seatsTaken(db: DbOrTx, sectionIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(sectionIds.map((id) => [id, 0]));
  if (sectionIds.length === 0) return out;
  const rows = (await db.execute(sql`
    select section_id, coalesce(sum(party_size), 0)::int as taken from reservations
    where section_id in (${sql.join(
      sectionIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) and reservation_seats_counted(status, hold_expires_at, now())
    group by section_id`)) as unknown as { section_id: string; taken: number }[];
  for (const r of rows) out.set(r.section_id, Number(r.taken));
  return out;
}

/**
 * What Postgres last said when it refused a hold, per section, for a second: a counter that proved
 * too high (set wrong, or rebuilt while holds were in flight) stops sending every racer to Postgres
 * while a burst keeps its version moving too fast for a compare-and-set. A cancel here forgets it.
 */
export const REFUSAL_MEMORY_MS = 1_000;
export const recentlyRefused = new Map<string, { left: number; until: number }>();

/** Seats back on the counter after a booking failed or a seat booking ended (cancel, expiry). */
export async function giveSeatsBack(sectionId: string, n: number, kv: Kv = getKv()): Promise<void> {
  recentlyRefused.delete(sectionId);
  await kv.giveSeats(seatCounterKey(sectionId), n);
}

export type ReconcileOutcome = "rebuilt" | "unchanged" | "raced" | "no_redis";

/**
 * Rebuilds one section's counter from Postgres: read its version, count the truth, write it only if
 * the version has not moved meanwhile (a take or give in between makes this one give way: the next
 * run tries again). A missing counter is created only if it is still missing.
 */
export async function reconcileSection(
  db: DbOrTx,
  section: { id: string; capacity: number; endsAt: Date },
  kv: Kv = getKv(),
): Promise<ReconcileOutcome> {
  const key = seatCounterKey(section.id);
  const before = await kv.readSeats(key);
  if (before === null) return "no_redis";
  const taken = (await seatsTaken(db, [section.id])).get(section.id) ?? 0;
  const left = Math.max(0, section.capacity - taken);
  if (before !== "missing" && before.left === left) return "unchanged";
  const ok = await kv.rebuildSeats(key, before === "missing" ? null : before.version, left, counterTtlMs(section.endsAt));
  return ok ? "rebuilt" : "raced";
}

/**
 * Every section of every experience not yet over: the minute's reconciliation (Inngest cron, or the
 * in-process scheduler without Inngest). Returns how many counters it rewrote.
 */
export async function reconcileSeatCounters(db: DbOrTx, kv: Kv = getKv()): Promise<number> {
  const sections = (await db.execute(sql`
    select s.id, s.capacity, e.ends_at from experience_sections s join experiences e on e.id = s.experience_id
    where e.cancelled_at is null and e.ends_at > now()`)) as unknown as { id: string; capacity: number; ends_at: string | Date }[];
  let rebuilt = 0;
  for (const s of sections) {
    const outcome = await reconcileSection(db, { id: s.id, capacity: Number(s.capacity), endsAt: new Date(s.ends_at) }, kv);
    if (outcome === "no_redis") break;
    if (outcome === "rebuilt") rebuilt++;
  }
  return rebuilt;
}
