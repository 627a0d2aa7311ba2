import { and, asc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db, DbOrTx } from "@/db/client";
import { experiences, experienceSections, payments, reservations, restaurants, type Experience, type ExperienceSection } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { parseInput } from "@/lib/contract/parse";
import { constraintOf, detailOf, DomainError, notFound, sqlStateOf } from "@/lib/errors";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { can, getMemberRole, requirePermission } from "@/lib/restaurants/access";
import { cancelReservation, revertReservationStatus, updateReservationStatus } from "@/lib/reservations/lifecycle";
import type { ReservationView } from "@/lib/reservations/view";
import { createExperienceSchema, updateExperienceSchema, type CreateExperienceInput, type UpdateExperienceInput } from "./contract";
import { giveSeatsBack, reconcileSection, seatsTaken } from "./counter";

export interface SectionView {
  id: string;
  name: string;
  capacity: number;
  priceCents: number;
  /** Capacity less unexpired holds and confirmed seats, now. */
  seatsLeft: number;
}

export interface ExperienceView {
  id: string;
  restaurantId: string;
  name: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  /** The restaurant's zone, for showing the times. */
  timezone: string;
  currency: string;
  published: boolean;
  closesRegularService: boolean;
  maxSeatsPerBooking: number;
  cancelledAt: Date | null;
  sections: SectionView[];
}

async function loadExperienceRow(db: DbOrTx, experienceId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(experienceId)) return null;
  const [found] = await db
    .select({ experience: experiences, timezone: restaurants.timezone, restaurantPublished: restaurants.published })
    .from(experiences)
    .innerJoin(restaurants, eq(restaurants.id, experiences.restaurantId))
    .where(eq(experiences.id, experienceId))
    .limit(1);
  return found ?? null;
}

async function sectionsOf(db: DbOrTx, experienceIds: string[]): Promise<ExperienceSection[]> {
  if (experienceIds.length === 0) return [];
  return db
    .select()
    .from(experienceSections)
    .where(inArray(experienceSections.experienceId, experienceIds))
    .orderBy(asc(experienceSections.position), asc(experienceSections.createdAt));
}

async function toViews(db: DbOrTx, rows: { experience: Experience; timezone: string }[]): Promise<ExperienceView[]> {
  const sections = await sectionsOf(
    db,
    rows.map((r) => r.experience.id),
  );
  const taken = await seatsTaken(
    db,
    sections.map((s) => s.id),
  );
  return rows.map(({ experience: e, timezone }) => ({
    id: e.id,
    restaurantId: e.restaurantId,
    name: e.name,
    description: e.description,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    timezone,
    currency: e.currency,
    published: e.published,
    closesRegularService: e.closesRegularService,
    maxSeatsPerBooking: e.maxSeatsPerBooking,
    cancelledAt: e.cancelledAt,
    sections: sections
      .filter((s) => s.experienceId === e.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        capacity: s.capacity,
        priceCents: s.priceCents,
        seatsLeft: Math.max(0, s.capacity - (taken.get(s.id) ?? 0)),
      })),
  }));
}

/** Visible to everyone when it and its restaurant are published; to the restaurant's staff always. */
async function visible(db: DbOrTx, found: NonNullable<Awaited<ReturnType<typeof loadExperienceRow>>>, principal: Principal | null) {
  if (found.experience.published && found.restaurantPublished) return true;
  if (!principal) return false;
  return can(await getMemberRole(db, found.experience.restaurantId, principal.userId), "book.view");
}

export async function getExperience(db: DbOrTx, experienceId: string, principal: Principal | null): Promise<ExperienceView> {
  const found = await loadExperienceRow(db, experienceId);
  if (!found || !(await visible(db, found, principal))) throw notFound("Experience");
  return (await toViews(db, [found]))[0]!;
}

/**
 * A restaurant's experiences by start, published ones only unless a member asks. `from` and `to`
 * bound the start; without `from`, those not yet over.
 */
export async function listExperiences(
  db: DbOrTx,
  restaurantIdOrSlug: string,
  principal: Principal | null,
  options: { from?: Date; to?: Date; includeCancelled?: boolean } = {},
): Promise<ExperienceView[]> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(restaurantIdOrSlug);
  const [restaurant] = await db
    .select({ id: restaurants.id, published: restaurants.published, timezone: restaurants.timezone })
    .from(restaurants)
    .where(isId ? eq(restaurants.id, restaurantIdOrSlug) : eq(restaurants.slug, restaurantIdOrSlug))
    .limit(1);
  if (!restaurant) throw notFound("Restaurant");
  const member = principal ? can(await getMemberRole(db, restaurant.id, principal.userId), "book.view") : false;
  if (!restaurant.published && !member) throw notFound("Restaurant");
  const rows = await db
    .select()
    .from(experiences)
    .where(
      and(
        eq(experiences.restaurantId, restaurant.id),
        member ? undefined : eq(experiences.published, true),
        member && options.includeCancelled ? undefined : isNull(experiences.cancelledAt),
        options.from ? gte(experiences.startsAt, options.from) : sql`${experiences.endsAt} > now()`,
        options.to ? lt(experiences.startsAt, options.to) : undefined,
      ),
    )
    .orderBy(asc(experiences.startsAt))
    .limit(200);
  return toViews(
    db,
    rows.map((experience) => ({ experience, timezone: restaurant.timezone })),
  );
}

function localDate(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate()!;
}

/** Owner or manager of the experience's restaurant; anyone else learns nothing about a draft. */
async function loadForUpdate(db: DbOrTx, experienceId: string, principal: Principal | null) {
  const found = await loadExperienceRow(db, experienceId);
  if (!found) throw notFound("Experience");
  await requirePermission(db, principal, found.experience.restaurantId, "restaurant.update");
  return found;
}

export async function createExperience(
  db: Db,
  input: { restaurantId: string; principal: Principal | null; experience: CreateExperienceInput },
  deps: { kv?: Kv } = {},
): Promise<ExperienceView> {
  await requirePermission(db, input.principal, input.restaurantId, "restaurant.update");
  const e = parseInput(createExperienceSchema, input.experience);
  if (e.startsAt.getTime() <= Date.now()) {
    throw new DomainError("invalid_input", "An experience must start in the future.", { fields: { starts_at: ["Choose a time that has not passed."] } });
  }
  const [restaurant] = await db.select({ timezone: restaurants.timezone }).from(restaurants).where(eq(restaurants.id, input.restaurantId));
  if (!restaurant) throw notFound("Restaurant");
  const endsAt = new Date(e.startsAt.getTime() + e.durationMinutes * 60_000);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(experiences)
      .values({
        restaurantId: input.restaurantId,
        name: e.name,
        description: e.description ?? null,
        startsAt: e.startsAt,
        endsAt,
        serviceDate: localDate(e.startsAt, restaurant.timezone),
        currency: e.currency,
        maxSeatsPerBooking: e.maxSeatsPerBooking,
        closesRegularService: e.closesRegularService,
        published: e.published,
      })
      .returning({ id: experiences.id });
    await tx.insert(experienceSections).values(
      e.sections.map((s, i) => ({ experienceId: row!.id, name: s.name, capacity: s.capacity, priceCents: s.price_cents, position: i })),
    );
    return row!.id;
  });
  if (e.closesRegularService) await bumpAvailabilityVersion(input.restaurantId);
  const view = await getExperience(db, id, input.principal);
  await primeCounters(db, view, deps.kv);
  return view;
}

async function primeCounters(db: DbOrTx, view: ExperienceView, kv: Kv = getKv()): Promise<void> {
  for (const s of view.sections) await reconcileSection(db, { id: s.id, capacity: s.capacity, endsAt: view.endsAt }, kv);
}

/**
 * Edits an experience. Sections listed with an id are kept and changed; sections without one are
 * added; sections left out are removed (only while nobody has ever booked them). A capacity may not
 * drop below the seats taken: the database refuses it (409 with the number taken).
 */
export async function updateExperience(
  db: Db,
  input: { experienceId: string; principal: Principal | null; changes: UpdateExperienceInput },
  deps: { kv?: Kv } = {},
): Promise<ExperienceView> {
  const found = await loadForUpdate(db, input.experienceId, input.principal);
  const c = parseInput(updateExperienceSchema, input.changes);
  const e0 = found.experience;
  if (e0.cancelledAt) throw new DomainError("invalid_transition", "This experience was cancelled; it can no longer be changed.");
  const startsAt = c.startsAt ?? e0.startsAt;
  const duration = c.durationMinutes ?? Math.round((e0.endsAt.getTime() - e0.startsAt.getTime()) / 60_000);
  const endsAt = new Date(startsAt.getTime() + duration * 60_000);
  const timeChanges = startsAt.getTime() !== e0.startsAt.getTime() || endsAt.getTime() !== e0.endsAt.getTime();
  if (c.startsAt && timeChanges && startsAt.getTime() <= Date.now()) {
    throw new DomainError("invalid_input", "An experience must start in the future.", { fields: { starts_at: ["Choose a time that has not passed."] } });
  }

  const capacityDeltas: { id: string; delta: number }[] = [];
  // Which listed section was being saved when the capacity guard refused, so the form can say where.
  const saving: { index: number; id: string | null } = { index: -1, id: null };
  try {
    await db.transaction(async (tx) => {
      await tx.select({ id: experiences.id }).from(experiences).where(eq(experiences.id, e0.id)).for("update");
      const existing = await tx.select().from(experienceSections).where(eq(experienceSections.experienceId, e0.id));
      if (c.currency && c.currency !== e0.currency) {
        const [booked] = await tx.select({ id: reservations.id }).from(reservations).where(eq(reservations.experienceId, e0.id)).limit(1);
        if (booked) throw new DomainError("conflict", "The currency cannot change once seats have been booked.", { fields: { currency: ["Seats are already booked."] } });
      }
      await tx
        .update(experiences)
        .set({
          name: c.name ?? e0.name,
          description: c.description === undefined ? e0.description : c.description,
          startsAt,
          endsAt,
          serviceDate: localDate(startsAt, found.timezone),
          currency: c.currency ?? e0.currency,
          maxSeatsPerBooking: c.maxSeatsPerBooking ?? e0.maxSeatsPerBooking,
          closesRegularService: c.closesRegularService ?? e0.closesRegularService,
          published: c.published ?? e0.published,
          updatedAt: sql`now()`,
        })
        .where(eq(experiences.id, e0.id));
      if (timeChanges) {
        // The bookings move with the evening (they hold seats, not tables: nothing can clash).
        await tx
          .update(reservations)
          .set({ startsAt, endsAt, serviceDate: localDate(startsAt, found.timezone), version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
          .where(eq(reservations.experienceId, e0.id));
      }
      if (!c.sections) return;
      const byId = new Map(existing.map((s) => [s.id, s]));
      for (const s of c.sections) if (s.id && !byId.has(s.id)) throw notFound("Section");
      const kept = new Set(c.sections.filter((s) => s.id).map((s) => s.id!));
      const removed = existing.filter((s) => !kept.has(s.id)).map((s) => s.id);
      if (removed.length > 0) {
        const [booked] = await tx.select({ id: reservations.id }).from(reservations).where(inArray(reservations.sectionId, removed)).limit(1);
        if (booked) throw new DomainError("conflict", "A section that has bookings cannot be removed; set its capacity to the seats taken instead.");
        await tx.delete(experienceSections).where(inArray(experienceSections.id, removed));
      }
      for (const [i, s] of c.sections.entries()) {
        if (s.id) {
          const old = byId.get(s.id)!;
          saving.index = i;
          saving.id = s.id;
          // The capacity guard (a trigger) refuses a capacity below the seats taken.
          await tx
            .update(experienceSections)
            .set({ name: s.name, capacity: s.capacity, priceCents: s.price_cents, position: i })
            .where(eq(experienceSections.id, s.id));
          if (s.capacity !== old.capacity) capacityDeltas.push({ id: s.id, delta: s.capacity - old.capacity });
        } else {
          await tx.insert(experienceSections).values({ experienceId: e0.id, name: s.name, capacity: s.capacity, priceCents: s.price_cents, position: i });
        }
      }
    });
  } catch (err) {
    if (sqlStateOf(err) === "23514" && constraintOf(err) === "experience_sections_capacity_taken") {
      const taken = Number(detailOf(err));
      throw new DomainError("conflict", `${taken} seats are already taken in that section; its capacity cannot go below ${taken}.`, {
        fields: { sections: [`${taken} seats are taken.`] },
        details: { seats_taken: taken, ...(saving.id ? { section_index: saving.index, section_id: saving.id } : {}) },
      });
    }
    throw err;
  }
  const kv = deps.kv ?? getKv();
  // Exact moves on the counters (a compare-and-set rebuild could lose to a burst of sales).
  for (const d of capacityDeltas) await giveSeatsBack(d.id, d.delta, kv);
  if (e0.closesRegularService || c.closesRegularService || timeChanges || c.published !== undefined) await bumpAvailabilityVersion(e0.restaurantId);
  const view = await getExperience(db, e0.id, input.principal);
  await primeCounters(db, view, kv);
  return view;
}

export interface CancelExperienceResult {
  experience: ExperienceView;
  /** Bookings cancelled by this call (each refunded in full and emailed). */
  cancelled: number;
}

/**
 * Cancels the evening: no more sales, then every held or confirmed seat booking cancelled through
 * the shared cancel (a restaurant's cancel: paid seats refunded in full, every confirmed guest
 * emailed through the outbox). Running it again finishes whatever an earlier run left.
 */
export async function cancelExperience(db: Db, input: { experienceId: string; principal: Principal | null }): Promise<CancelExperienceResult> {
  const found = await loadForUpdate(db, input.experienceId, input.principal);
  await db
    .update(experiences)
    .set({ cancelledAt: sql`coalesce(${experiences.cancelledAt}, now())`, updatedAt: sql`now()` })
    .where(eq(experiences.id, found.experience.id));
  const open = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.experienceId, found.experience.id), inArray(reservations.status, ["held", "confirmed"])));
  let cancelled = 0;
  for (const r of open) {
    const v = await cancelReservation(db, { reservationId: r.id, access: { principal: input.principal } });
    if (v.status === "cancelled") cancelled++;
  }
  if (found.experience.closesRegularService) await bumpAvailabilityVersion(found.experience.restaurantId);
  return { experience: await getExperience(db, found.experience.id, input.principal), cancelled };
}

// ── The night: guest list, check-in, export ───────────────────────────────────────────────────────

export interface GuestListEntry {
  reservationId: string;
  code: string;
  status: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  partySize: number;
  sectionId: string;
  sectionName: string;
  paymentStatus: string;
  amountCents: number;
  specialRequests: string | null;
  createdAt: Date;
}

export interface SectionSales {
  sectionId: string;
  name: string;
  capacity: number;
  priceCents: number;
  confirmedSeats: number;
  heldSeats: number;
  checkedInSeats: number;
  seatsLeft: number;
  revenueCents: number;
}

export interface GuestList {
  experience: ExperienceView;
  sales: SectionSales[];
  guests: GuestListEntry[];
}

const LISTED = ["held", "confirmed", "seated", "completed", "no_show"] as const;

/** Sales per section and every live booking (members, any role): what the owner watches and checks in from. */
export async function getGuestList(db: DbOrTx, input: { experienceId: string; principal: Principal | null }): Promise<GuestList> {
  const found = await loadExperienceRow(db, input.experienceId);
  if (!found) throw notFound("Experience");
  await requirePermission(db, input.principal, found.experience.restaurantId, "book.view");
  const [experience] = await toViews(db, [found]);
  const rows = await db
    .select({
      r: reservations,
      sectionName: experienceSections.name,
      priceCents: experienceSections.priceCents,
      paymentStatus: payments.status,
      counted: sql<boolean>`reservation_seats_counted(${reservations.status}, ${reservations.holdExpiresAt}, now())`,
    })
    .from(reservations)
    .innerJoin(experienceSections, eq(experienceSections.id, reservations.sectionId))
    .leftJoin(payments, eq(payments.reservationId, reservations.id))
    .where(and(eq(reservations.experienceId, found.experience.id), inArray(reservations.status, [...LISTED])))
    .orderBy(asc(experienceSections.position), asc(reservations.guestName), asc(reservations.createdAt));
  const live = rows.filter((x) => x.counted);
  const guests = live.map((x) => ({
    reservationId: x.r.id,
    code: x.r.code,
    status: x.r.status,
    name: x.r.guestName,
    email: x.r.guestEmail,
    phone: x.r.guestPhone,
    partySize: x.r.partySize,
    sectionId: x.r.sectionId!,
    sectionName: x.sectionName,
    paymentStatus: x.paymentStatus ?? (x.priceCents === 0 ? "none" : "requires_action"),
    amountCents: x.priceCents * x.r.partySize,
    specialRequests: x.r.specialRequests,
    createdAt: x.r.createdAt,
  }));
  const sales = experience!.sections.map((s) => {
    const mine = guests.filter((g) => g.sectionId === s.id);
    const seats = (pred: (g: GuestListEntry) => boolean) => mine.filter(pred).reduce((n, g) => n + g.partySize, 0);
    return {
      sectionId: s.id,
      name: s.name,
      capacity: s.capacity,
      priceCents: s.priceCents,
      confirmedSeats: seats((g) => g.status !== "held"),
      heldSeats: seats((g) => g.status === "held"),
      checkedInSeats: seats((g) => g.status === "seated" || g.status === "completed"),
      seatsLeft: s.seatsLeft,
      revenueCents: mine.filter((g) => g.paymentStatus === "paid").reduce((n, g) => n + g.amountCents, 0),
    };
  });
  return { experience: experience!, sales, guests: guests.filter((g) => g.status !== "held").concat(guests.filter((g) => g.status === "held")) };
}

async function requireGuestOf(db: DbOrTx, experienceId: string, reservationId: string) {
  const [row] = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.id, reservationId), eq(reservations.experienceId, experienceId)))
    .limit(1);
  if (!row) throw notFound("Reservation");
}

/** Checks a confirmed guest in on the night (confirmed → seated), through the shared staff transition. */
export async function checkInGuest(db: Db, input: { experienceId: string; reservationId: string; principal: Principal | null }): Promise<ReservationView> {
  await requireGuestOf(db, input.experienceId, input.reservationId);
  return updateReservationStatus(db, { reservationId: input.reservationId, access: { principal: input.principal }, status: "seated" });
}

/** Undoes a check-in made by mistake (seated → confirmed). */
export async function undoCheckIn(db: Db, input: { experienceId: string; reservationId: string; principal: Principal | null }): Promise<ReservationView> {
  await requireGuestOf(db, input.experienceId, input.reservationId);
  return revertReservationStatus(db, { reservationId: input.reservationId, access: { principal: input.principal }, from: "seated" });
}
