import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { experiences, experienceSections, reservations, restaurants, type Reservation } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { parseInput } from "@/lib/contract/parse";
import { getEnv } from "@/lib/env";
import { constraintOf, detailOf, DomainError, notFound, sqlStateOf } from "@/lib/errors";
import { hasIdempotencyKey, recordEffect } from "@/lib/idempotency/effect";
import { publishEvents } from "@/lib/jobs/events";
import { getKv } from "@/lib/redis";
import type { Kv, SeatTake } from "@/lib/redis/types";
import { can, getMemberRole } from "@/lib/restaurants/access";
import { assertHoldRate, holdRateLimits, rateLimited } from "@/lib/reservations/hold";
import { toView } from "@/lib/reservations/records";
import { newManageToken, newReservationCode } from "@/lib/reservations/secrets";
import type { ReservationView } from "@/lib/reservations/view";
import { holdSeatsSchema, type HoldSeatsInput } from "./contract";
import { giveSeatsBack, reconcileSection, recentlyRefused, REFUSAL_MEMORY_MS, seatCounterKey } from "./counter";

export interface HoldSeatsRequest extends HoldSeatsInput {
  principal: Principal | null;
  /** As for tables: `user:<id>`, `bs:<id>` (a browser), `ip:<address>` (an API client). */
  holderKey: string;
  clientAddress?: string;
  source: "web" | "api";
}

export interface HoldSeatsResult {
  reservation: ReservationView;
  /** Shown once; only its hash is stored. */
  manageToken: string;
}

function soldOut(left: number | null): DomainError {
  const message =
    left === null || left <= 0 ? "This section is sold out." : `Only ${left} seat${left === 1 ? " is" : "s are"} left in this section.`;
  return new DomainError("slot_unavailable", message, { details: left === null ? {} : { seats_left: Math.max(0, left) } });
}

async function loadSection(db: Db, experienceId: string, sectionId: string) {
  const [found] = await db
    .select({
      experience: experiences,
      section: experienceSections,
      restaurant: { id: restaurants.id, published: restaurants.published, holdMinutes: restaurants.holdMinutes },
    })
    .from(experienceSections)
    .innerJoin(experiences, eq(experiences.id, experienceSections.experienceId))
    .innerJoin(restaurants, eq(restaurants.id, experiences.restaurantId))
    .where(eq(experienceSections.id, sectionId))
    .limit(1);
  if (!found || found.experience.id !== experienceId) return null;
  return found;
}

/**
 * Holds `partySize` seats in one section for the restaurant's hold time. Redis answers a sold-out
 * section at once; otherwise one transaction inserts the hold and the section's capacity trigger
 * decides (serialised per section, judging holds by the clock). A seat the counter took is given
 * back if Postgres refuses or fails; a counter that was missing or proved wrong is rebuilt.
 */
export async function holdSeats(db: Db, input: HoldSeatsRequest, deps: { clock?: Clock; kv?: Kv } = {}): Promise<HoldSeatsResult> {
  const kv = deps.kv ?? getKv();
  const now = (deps.clock ?? systemClock).now();
  const req = parseInput(holdSeatsSchema, { experienceId: input.experienceId, sectionId: input.sectionId, partySize: input.partySize });

  // Sold out is answered before Postgres is asked anything, even whether the section exists: a
  // counter only exists for a real section, and "sold out" tells a guesser nothing.
  // Postgres refused this section a moment ago: answer from that until it is a second old.
  const refused = recentlyRefused.get(req.sectionId);
  if (refused && refused.until > Date.now() && req.partySize > refused.left) {
    await assertHoldRate(kv, input.holderKey, input.clientAddress);
    throw soldOut(refused.left);
  }

  // The fast path, with the request counted against the hold rate limits in the same round trip.
  // "short" is the only answer given without Postgres; anything else asks it.
  const { rate, take } = await kv.limitAndTakeSeats(holdRateLimits(input.holderKey, input.clientAddress), seatCounterKey(req.sectionId), req.partySize);
  if (!rate.allowed || !take) throw rateLimited(rate.retryAfter);
  const fast: SeatTake = take;
  if (fast.kind === "short") throw soldOut(fast.left);
  const tookFromCounter = fast.kind === "taken";
  let found: Awaited<ReturnType<typeof checkBookable>>;
  try {
    found = await checkBookable(db, req, input.principal, now);
  } catch (e) {
    if (tookFromCounter) await giveSeatsBack(req.sectionId, req.partySize, kv);
    throw e;
  }
  const { experience: e, section, restaurant } = found;
  const sectionRef = { id: section.id, capacity: section.capacity, endsAt: e.endsAt };

  const manage = newManageToken();
  let row: Reservation;
  try {
    row = await insertHold(db, {
      experienceId: e.id,
      sectionId: section.id,
      restaurantId: restaurant.id,
      serviceDate: e.serviceDate,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      partySize: req.partySize,
      holdMinutes: restaurant.holdMinutes,
      userId: input.principal?.userId ?? null,
      holderKey: input.holderKey,
      clientAddress: input.clientAddress ?? null,
      manageTokenHash: manage.hash,
      source: input.source,
      manageToken: manage.token,
    });
  } catch (err) {
    if (tookFromCounter) await giveSeatsBack(section.id, req.partySize, kv);
    if (sqlStateOf(err) === "23514" && constraintOf(err) === "reservations_section_capacity") {
      // Postgres said no where the counter said yes (or there was none): put the counter right.
      const left = Number(detailOf(err));
      if (Number.isFinite(left)) recentlyRefused.set(section.id, { left, until: Date.now() + REFUSAL_MEMORY_MS });
      await rebuildOnce(db, sectionRef, kv);
      throw soldOut(Number.isFinite(left) ? left : null);
    }
    throw err;
  }
  if (fast.kind === "missing") await rebuildOnce(db, sectionRef, kv);

  await publishEvents([
    {
      name: "reservation/held",
      id: `held-${row.id}`,
      data: { id: row.id, restaurant_id: row.restaurantId, hold_expires_at: row.holdExpiresAt!.toISOString() },
    },
  ]);
  const place = {
    tableLabel: "",
    experience: { id: e.id, name: e.name, section: { id: section.id, name: section.name }, priceCents: section.priceCents, currency: e.currency },
  };
  return { reservation: toView(row, place), manageToken: manage.token };
}

/**
 * One rebuild per section at a time in this process: after a flush every racer finds the counter
 * missing, and one count from Postgres serves them all (the others carry on through Postgres).
 */
const rebuilding = new Map<string, Promise<unknown>>();
async function rebuildOnce(db: Db, section: { id: string; capacity: number; endsAt: Date }, kv: Kv): Promise<void> {
  if (rebuilding.has(section.id)) return;
  const run = reconcileSection(db, section, kv)
    .catch(() => undefined)
    .finally(() => rebuilding.delete(section.id));
  rebuilding.set(section.id, run);
  await run;
}

/** The section exists, is on sale to this caller, and takes this many seats per booking. */
async function checkBookable(db: Db, req: { experienceId: string; sectionId: string; partySize: number }, principal: Principal | null, now: Date) {
  const found = await loadSection(db, req.experienceId, req.sectionId);
  if (!found) throw notFound("Experience");
  const { experience: e, restaurant } = found;
  if (!(e.published && restaurant.published)) {
    const role = principal ? await getMemberRole(db, restaurant.id, principal.userId) : null;
    if (!can(role, "book.view")) throw notFound("Experience");
  }
  if (e.cancelledAt) throw new DomainError("outside_policy", "This experience was cancelled.");
  if (e.startsAt.getTime() <= now.getTime()) throw new DomainError("outside_policy", "This experience has already started.");
  if (req.partySize > e.maxSeatsPerBooking) {
    throw new DomainError("outside_policy", `At most ${e.maxSeatsPerBooking} seats per booking for this experience.`, {
      fields: { party_size: [`At most ${e.maxSeatsPerBooking}.`] },
    });
  }
  return found;
}

interface SeatHoldRow {
  experienceId: string;
  sectionId: string;
  restaurantId: string;
  serviceDate: string;
  startsAt: Date;
  endsAt: Date;
  partySize: number;
  holdMinutes: number;
  userId: string | null;
  holderKey: string;
  clientAddress: string | null;
  manageTokenHash: string;
  manageToken: string;
  source: "web" | "api";
}

async function insertHold(db: Db, p: SeatHoldRow): Promise<Reservation> {
  const limit = getEnv().HOLD_LIMIT_PER_HOLDER;
  for (let attempt = 0; ; attempt++) {
    try {
      // With an Idempotency-Key the key is marked in the hold's own transaction; without one the hold
      // is a single statement, so the section's lock (taken by its capacity trigger) is held only
      // while Postgres runs it, never across a round trip to a busy app.
      const id = hasIdempotencyKey()
        ? await db.transaction(async (tx) => {
            const row = await insertStatement(tx, p, limit);
            await recordEffect(tx, { id: row, secret: p.manageToken });
            return row;
          })
        : await insertStatement(db, p, limit);
      const [row] = await db.select().from(reservations).where(eq(reservations.id, id));
      return row!;
    } catch (e) {
      if (attempt < 2 && sqlStateOf(e) === "23505" && constraintOf(e) === "reservations_code_key") continue;
      throw e;
    }
  }
}

/**
 * The hold in one statement: this holder's lock and active-hold count (the limit, as for tables),
 * then the insert, which the section's capacity trigger judges. Returns the new reservation's id.
 */
async function insertStatement(db: DbOrTx, p: SeatHoldRow, limit: number): Promise<string> {
  const holder = `holder:${p.holderKey}`;
  const rows = (await db.execute(sql`
    with holder as materialized (
      select pg_advisory_xact_lock(hashtextextended(${holder}, 0)) is not null as locked,
             (select count(*)::int from reservations
               where holder_key = ${p.holderKey} and status = 'held' and hold_expires_at > now()) as n
    )
    insert into reservations (restaurant_id, table_id, experience_id, section_id, service_date, party_size,
      starts_at, ends_at, status, hold_expires_at, code, manage_token_hash, source, user_id, holder_key, client_address)
    select ${p.restaurantId}::uuid, null, ${p.experienceId}::uuid, ${p.sectionId}::uuid, ${p.serviceDate}::date, ${p.partySize},
      ${p.startsAt.toISOString()}::timestamptz, ${p.endsAt.toISOString()}::timestamptz, 'held', ${sqlHoldExpiry(p.holdMinutes)},
      ${newReservationCode()}, ${p.manageTokenHash}, ${p.source}::reservation_source, ${p.userId}::uuid, ${p.holderKey}, ${p.clientAddress}
    from holder where holder.locked and holder.n < ${limit}
    returning id`)) as unknown as { id: string }[];
  if (!rows[0]) {
    throw new DomainError("rate_limited", `You already hold ${limit} bookings. Confirm or release one before holding another.`, { retryAfter: 60 });
  }
  return rows[0].id;
}

/** The database clock decides holds, so every app instance agrees on expiry. */
const sqlHoldExpiry = (minutes: number) => sql`now() + make_interval(mins => ${minutes})`;
