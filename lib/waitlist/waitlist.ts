import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reservations, restaurants, waitlistEntries, type WaitlistEntry } from "@/db/schema";
import type { BookWaitlistEntry } from "@/lib/reservations/day-book-types";
import type { Principal } from "@/lib/auth/principal";
import { getAvailability } from "@/lib/availability";
import { localDateOf } from "@/lib/availability/slots";
import { systemClock, type Clock } from "@/lib/clock";
import { parseInput } from "@/lib/contract/parse";
import { DomainError, invalidInput, isDomainError, notFound, unauthenticated } from "@/lib/errors";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { getKv, type Kv } from "@/lib/redis";
import { getEnv } from "@/lib/env";
import { holdTable } from "@/lib/reservations/hold";
import { enqueueNotifications } from "@/lib/reservations/outbox";
import { manageTokenMatches, newManageToken } from "@/lib/reservations/secrets";
import { requirePermission } from "@/lib/restaurants/access";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import { joinWaitlistSchema } from "./contract";
import { toE164 } from "@/lib/contract/phone";

/**
 * The "notify me" waitlist. A diner who finds the times they want full joins the queue for a local
 * date, party size and window of seating times. When a matching seating frees up (a cancel, an
 * expired hold, a new table or session), the earliest waiting entry gets a hold placed on its behalf
 * through the ordinary hold path (so the no-overlap, lock and pacing guarantees are the same as for
 * anyone booking) and an email with a link to confirm it within the hold. If the hold lapses, that
 * entry is done and the next one gets the table. Offers are made by the sweeper and by the jobs that
 * follow cancellations and expiries, never inside a diner's request.
 */

export interface WaitlistView {
  id: string;
  restaurantId: string;
  date: string;
  partySize: number;
  fromTime: string;
  toTime: string;
  status: WaitlistEntry["status"];
  offerReservationId: string | null;
  createdAt: Date;
}

function toView(e: WaitlistEntry): WaitlistView {
  return {
    id: e.id,
    restaurantId: e.restaurantId,
    date: e.serviceDate,
    partySize: e.partySize,
    fromTime: e.fromTime.slice(0, 5),
    toTime: e.toTime.slice(0, 5),
    status: e.status,
    offerReservationId: e.offerReservationId,
    createdAt: e.createdAt,
  };
}

/** How many active entries one address may have at one restaurant and date (a guard against flooding). */
export const MAX_ENTRIES_PER_EMAIL_AND_DATE = 3;

/** Joins the waitlist: a guest with an email, or a signed-in diner (their account's address). */
export async function joinWaitlist(
  db: Db,
  input: {
    restaurant: string;
    principal: Principal | null;
    /** The trusted client address, for the per-address limit (absent for internal callers). */
    clientAddress?: string;
    date: unknown;
    partySize: unknown;
    fromTime: unknown;
    toTime: unknown;
    email?: unknown;
    phone?: unknown;
    smsOptIn?: unknown;
  },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<{ entry: WaitlistView; manageToken: string }> {
  const now = (deps.clock ?? systemClock).now();
  const body = parseInput(joinWaitlistSchema, {
    date: input.date,
    partySize: input.partySize,
    fromTime: input.fromTime,
    toTime: input.toTime,
    email: input.email,
    phone: input.phone,
    smsOptIn: input.smsOptIn,
  });
  // Per address, like the hold limit: each entry may cost the restaurant a hold and the diner an
  // email and a text, so one client cannot queue up every evening in town. Redis counts it across
  // instances; if Redis cannot be asked the join goes ahead (the per-email cap below still holds).
  if (input.clientAddress) {
    const verdict = await (deps.kv ?? getKv()).rateLimit(`rl:waitlist:ip:${input.clientAddress}`, getEnv().WAITLIST_JOIN_LIMIT_PER_HOUR, 3600);
    if (!verdict.allowed) {
      throw new DomainError("rate_limited", "Too many waitlist requests from here. Try again later.", { retryAfter: Math.max(1, verdict.retryAfter) });
    }
  }
  const restaurant = await getRestaurant(db, input.principal, input.restaurant);
  const email = body.email ?? input.principal?.email ?? null;
  if (!email) throw invalidInput("Give an email address for the offer, or sign in.", { email: ["Required without an account."] });
  if (body.partySize < restaurant.minPartySize || body.partySize > restaurant.maxPartySize) {
    throw new DomainError("outside_policy", `Online bookings are for parties of ${restaurant.minPartySize} to ${restaurant.maxPartySize}.`);
  }
  const today = localDateOf(now, restaurant.timezone);
  if (body.date < today) throw new DomainError("outside_policy", "That date has passed.");
  const last = localDateOf(new Date(now.getTime() + restaurant.bookingWindowDays * 86_400_000), restaurant.timezone);
  if (body.date > last) throw new DomainError("outside_policy", `Bookings open ${restaurant.bookingWindowDays} days ahead.`);

  const [counted] = (await db.execute(sql`
    select count(*)::int as n from waitlist_entries
    where restaurant_id = ${restaurant.id} and service_date = ${body.date} and lower(email) = lower(${email}) and status in ('waiting', 'offered')`)) as unknown as { n: number }[];
  if ((counted?.n ?? 0) >= MAX_ENTRIES_PER_EMAIL_AND_DATE) throw new DomainError("conflict", "You are already on the waitlist for that date.");

  const manage = newManageToken();
  const [row] = await db
    .insert(waitlistEntries)
    .values({
      restaurantId: restaurant.id,
      serviceDate: body.date,
      partySize: body.partySize,
      fromTime: body.fromTime,
      toTime: body.toTime,
      userId: input.principal?.userId ?? null,
      email,
      phone: body.phone ?? null,
      smsConsentAt: body.smsOptIn && toE164(body.phone) ? sql`now()` : null,
      manageTokenHash: manage.hash,
    })
    .returning();
  return { entry: toView(row!), manageToken: manage.token };
}

/** Leaves the waitlist (its diner: the account that joined, or the entry's manage token). An offered hold is let go. */
export async function leaveWaitlist(db: Db, input: { entryId: string; principal: Principal | null; manageToken?: string | null }): Promise<WaitlistView> {
  const [entry] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.id, input.entryId)).limit(1);
  if (!entry) {
    if (!input.principal && !input.manageToken) throw unauthenticated("Send the entry's manage token, or sign in.");
    throw notFound("Waitlist entry");
  }
  const mine = manageTokenMatches(input.manageToken, entry.manageTokenHash) || (entry.userId !== null && entry.userId === input.principal?.userId);
  if (!mine) {
    if (!input.principal && !input.manageToken) throw unauthenticated("Send the entry's manage token, or sign in.");
    throw notFound("Waitlist entry");
  }
  const [left] = await db
    .update(waitlistEntries)
    .set({ status: "left", updatedAt: sql`now()` })
    .where(and(eq(waitlistEntries.id, entry.id), inArray(waitlistEntries.status, ["waiting", "offered"])))
    .returning();
  if (left?.offerReservationId && entry.status === "offered") {
    const released = await db
      .update(reservations)
      .set({ status: "cancelled", cancelledAt: sql`now()`, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(reservations.id, left.offerReservationId), eq(reservations.status, "held")))
      .returning({ id: reservations.id, restaurantId: reservations.restaurantId });
    for (const r of released) await publishEvents([{ name: "reservation/cancelled", id: `cancelled-${r.id}`, data: { id: r.id, restaurant_id: r.restaurantId } }]);
  }
  return toView(left ?? entry);
}

/**
 * Settles entries whose offer is over: the hold was confirmed (booked), or it lapsed or was let go
 * (lapsed: the entry had its turn). Entries whose date has passed expire. Returns how many changed.
 */
export async function settleWaitlist(db: Db): Promise<{ booked: number; lapsed: number; expired: number; orphaned: number }> {
  const booked = await db.execute(sql`
    update waitlist_entries w set status = 'booked', updated_at = now()
    from reservations r
    where w.status = 'offered' and r.id = w.offer_reservation_id and r.status in ('confirmed', 'seated', 'completed')`);
  const lapsed = await db.execute(sql`
    update waitlist_entries w set status = 'lapsed', updated_at = now()
    from reservations r
    where w.status = 'offered' and r.id = w.offer_reservation_id
      and (r.status in ('expired', 'cancelled', 'no_show') or (r.status = 'held' and r.hold_expires_at <= now()))`);
  // Claimed for an offer by a worker that died before the hold was placed: back in the queue.
  const orphaned = await db.execute(sql`
    update waitlist_entries set status = 'waiting', offered_at = null, updated_at = now()
    where status = 'offered' and offer_reservation_id is null and offered_at < now() - interval '5 minutes'`);
  const expired = await db.execute(sql`
    update waitlist_entries w set status = 'expired', updated_at = now()
    from restaurants r
    where w.status = 'waiting' and r.id = w.restaurant_id and w.service_date < (now() at time zone r.timezone)::date`);
  const count = (r: unknown) => (r as { count?: number }).count ?? 0;
  return { booked: count(booked), lapsed: count(lapsed), expired: count(expired), orphaned: count(orphaned) };
}

/**
 * Offers freed seatings at one restaurant on one date to its waiting entries, earliest first: for
 * each, the first available seating in its window is held for it (see `offerSeatingTo`). Returns the
 * entries offered a table.
 */
export async function offerFreedSeatings(
  db: Db,
  input: { restaurantId: string; date: string },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<string[]> {
  const waiting = await db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.restaurantId, input.restaurantId), eq(waitlistEntries.serviceDate, input.date), eq(waitlistEntries.status, "waiting")))
    .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
    .limit(50);
  const offered: string[] = [];
  const availability = new Map<number, Awaited<ReturnType<typeof getAvailability>>>();
  for (const entry of waiting) {
    let day = availability.get(entry.partySize);
    if (!day) {
      try {
        day = await getAvailability(db, { restaurant: input.restaurantId, date: input.date, partySize: entry.partySize }, deps);
      } catch (e) {
        if (isDomainError(e)) continue;
        throw e;
      }
      availability.set(entry.partySize, day);
    }
    const slots = slotsInWindow(day, entry);
    if (slots.length === 0) continue;

    const outcome = await offerSeatingTo(db, entry, slots, deps);
    if (outcome === "not_claimed") continue;
    availability.delete(entry.partySize);
    if (outcome === "offered") offered.push(entry.id);
  }
  return offered;
}

type Slot = Awaited<ReturnType<typeof getAvailability>>["slots"][number];

/**
 * Offers one entry the first of `slots` still free: the entry is claimed (waiting → offered, one
 * guarded UPDATE) before its hold is placed, so two workers (or a worker and a host) never offer it
 * twice; the hold itself goes through holdTable, so the same table is never given to two entries or
 * to an entry and a diner at once. "not_claimed": someone else offered it (or it left) first;
 * "no_table": every seating was taken meanwhile, and the entry keeps its place in the queue.
 */
async function offerSeatingTo(db: Db, entry: WaitlistEntry, slots: Slot[], deps: { clock?: Clock; kv?: Kv }): Promise<"offered" | "not_claimed" | "no_table"> {
  const [claimed] = await db
    .update(waitlistEntries)
    .set({ status: "offered", offeredAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, "waiting")))
    .returning();
  if (!claimed) return "not_claimed";

  let hold: Awaited<ReturnType<typeof holdTable>> | null = null;
  for (const slot of slots) {
    try {
      hold = await holdTable(
        db,
        { restaurantId: entry.restaurantId, startsAt: slot.startsAt, partySize: entry.partySize, principal: null, holderKey: `waitlist:${entry.id}`, source: "web", forWaitlist: true },
        deps,
      );
      break;
    } catch (e) {
      // Taken (or being taken) by someone else meanwhile: try the next seating in the window.
      if (isDomainError(e) && ["slot_unavailable", "slot_locked", "outside_policy", "rate_limited"].includes(e.code)) continue;
      await db.update(waitlistEntries).set({ status: "waiting", offeredAt: null }).where(eq(waitlistEntries.id, entry.id));
      throw e;
    }
  }
  if (!hold) {
    await db.update(waitlistEntries).set({ status: "waiting", offeredAt: null }).where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, "offered")));
    return "no_table";
  }
  const held = hold;
  const events: EventWithId[] = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(reservations)
      .set({ guestEmail: entry.email, guestPhone: entry.phone, smsConsentAt: entry.smsConsentAt, userId: entry.userId, updatedAt: sql`now()` })
      .where(eq(reservations.id, held.reservation.id))
      .returning();
    await tx.update(waitlistEntries).set({ offerReservationId: held.reservation.id, updatedAt: sql`now()` }).where(eq(waitlistEntries.id, entry.id));
    return row ? enqueueNotifications(tx, row, [{ kind: "waitlist_offer" }]) : [];
  });
  await publishEvents(events);
  return "offered";
}

/** The seatings free for an entry's party inside its window, earliest first. */
function slotsInWindow(day: Awaited<ReturnType<typeof getAvailability>>, entry: WaitlistEntry): Slot[] {
  const from = entry.fromTime.slice(0, 5);
  const to = entry.toTime.slice(0, 5);
  return day.slots.filter((s) => s.available && s.localTime >= from && s.localTime <= to);
}

/**
 * A host offers a table to one entry by hand (any entry, not only the first: the host may know
 * better). The same claim and hold path as the automatic offers, so a host racing the sweeper, or
 * two hosts, still make one offer, and never of a table a diner holds.
 */
export async function offerWaitlistEntry(
  db: Db,
  input: { principal: Principal | null; restaurantId: string; entryId: string },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<WaitlistView> {
  await requirePermission(db, input.principal, input.restaurantId, "book.manage");
  const [entry] = await db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.id, input.entryId), eq(waitlistEntries.restaurantId, input.restaurantId)))
    .limit(1);
  if (!entry) throw notFound("Waitlist entry");
  if (entry.status !== "waiting") throw new DomainError("invalid_transition", `This entry is ${ENTRY_STATE_WORDS[entry.status]}.`, { details: { status: entry.status } });
  const day = await getAvailability(db, { restaurant: input.restaurantId, date: entry.serviceDate, partySize: entry.partySize }, deps);
  const slots = slotsInWindow(day, entry);
  const window = `${entry.fromTime.slice(0, 5)} and ${entry.toTime.slice(0, 5)}`;
  const none = () => new DomainError("slot_unavailable", `No table is free for ${entry.partySize} between ${window}.`);
  if (slots.length === 0) throw none();
  const outcome = await offerSeatingTo(db, entry, slots, deps);
  const [now] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.id, entry.id)).limit(1);
  if (outcome === "no_table") throw none();
  if (outcome === "not_claimed") {
    throw new DomainError("invalid_transition", `This entry is ${ENTRY_STATE_WORDS[now?.status ?? "left"]}.`, { details: { status: now?.status ?? null } });
  }
  return toView(now ?? entry);
}

const ENTRY_STATE_WORDS: Record<WaitlistEntry["status"], string> = {
  waiting: "still waiting",
  offered: "already offered a table",
  booked: "already booked",
  lapsed: "over: its offer lapsed",
  left: "no longer on the list",
  expired: "over: its date has passed",
};

/**
 * What an entry's offer has come to, as the book shows it: the entry's own status is settled by the
 * next sweep, but the host should see a confirmed offer as booked (and a lapsed hold as lapsed) now.
 */
function bookStatus(
  status: WaitlistEntry["status"],
  offer: { status: string | null; holdExpiresAt: Date | null } | null,
  now: Date,
): WaitlistEntry["status"] {
  if (status !== "offered" || !offer) return status;
  if (offer.status === "confirmed" || offer.status === "seated" || offer.status === "completed") return "booked";
  if (offer.status !== "held" || !offer.holdExpiresAt || offer.holdExpiresAt <= now) return "lapsed";
  return status;
}

/**
 * A day's waitlist for the book, in order of arrival (the order offers go in), with each offer's
 * reservation. The caller has checked the member may see the book.
 */
export async function listWaitlistForBook(db: Db, input: { restaurantId: string; date: string; timeZone: string }): Promise<BookWaitlistEntry[]> {
  const rows = await db
    .select({
      entry: waitlistEntries,
      offer: { code: reservations.code, status: reservations.status, startsAt: reservations.startsAt, holdExpiresAt: reservations.holdExpiresAt },
    })
    .from(waitlistEntries)
    .leftJoin(reservations, eq(reservations.id, waitlistEntries.offerReservationId))
    .where(and(eq(waitlistEntries.restaurantId, input.restaurantId), eq(waitlistEntries.serviceDate, input.date)))
    .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
    .limit(200);
  const hhmm = new Intl.DateTimeFormat("en-GB", { timeZone: input.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const now = new Date();
  return rows.map(({ entry: e, offer }) => ({
    id: e.id,
    partySize: e.partySize,
    fromTime: e.fromTime.slice(0, 5),
    toTime: e.toTime.slice(0, 5),
    email: e.email,
    phone: e.phone,
    status: bookStatus(e.status, offer?.code ? offer : null, now),
    createdAt: e.createdAt.toISOString(),
    offer: offer?.code
      ? { code: offer.code, status: offer.status, localStart: hhmm.format(offer.startsAt), holdExpiresAt: offer.holdExpiresAt?.toISOString() ?? null }
      : null,
  }));
}

/** The dates with waiting entries, today or later, per restaurant (the sweeper's work list). */
async function queuesWithWaiting(db: Db, limit: number): Promise<{ restaurantId: string; date: string }[]> {
  const rows = (await db.execute(sql`
    select distinct w.restaurant_id as "restaurantId", w.service_date::text as date
    from waitlist_entries w join restaurants r on r.id = w.restaurant_id
    where w.status = 'waiting' and w.service_date >= (now() at time zone r.timezone)::date
    order by 2, 1
    limit ${limit}`)) as unknown as { restaurantId: string; date: string }[];
  return rows;
}

/** The sweeper's waitlist step: settle finished offers, then offer what is free to each queue. */
export async function runWaitlist(db: Db, deps: { clock?: Clock; kv?: Kv } = {}): Promise<{ offered: number; settled: Awaited<ReturnType<typeof settleWaitlist>> }> {
  const settled = await settleWaitlist(db);
  let offered = 0;
  for (const queue of await queuesWithWaiting(db, 200)) offered += (await offerFreedSeatings(db, queue, deps)).length;
  return { offered, settled };
}

/** After a reservation stops blocking (cancelled, expired): settle offers and offer its date's queue. */
export async function offerAfterRelease(db: Db, reservationId: string, deps: { clock?: Clock; kv?: Kv } = {}): Promise<string[]> {
  await settleWaitlist(db);
  const [r] = await db
    .select({ restaurantId: reservations.restaurantId, date: reservations.serviceDate })
    .from(reservations)
    .innerJoin(restaurants, eq(restaurants.id, reservations.restaurantId))
    .where(eq(reservations.id, reservationId))
    .limit(1);
  if (!r) return [];
  return offerFreedSeatings(db, r, deps);
}
