import { eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { diningTables, experiences, experienceSections, payments, reservations, restaurants, serviceSessions, type Payment, type Reservation } from "@/db/schema";
import { paymentView, type PaymentSummary } from "@/lib/payments/view";
import { can, getMemberRole } from "@/lib/restaurants/access";
import type { MemberRole } from "@/db/schema";
import { DomainError, notFound, unauthenticated } from "@/lib/errors";
import { checkManageLink, type ManageLinkCheck } from "@/lib/notifications/links";
import { manageTokenMatches } from "./secrets";
import type { ReservationAccess, ReservationView } from "./view";

/** The experience a seat booking is for, as its views show it. */
export interface ExperienceRef {
  id: string;
  name: string;
  section: { id: string; name: string };
  /** Per seat. */
  priceCents: number;
  currency: string;
}

/** Where a reservation sits: its table's label, or (a seat booking) its experience and section. */
export type Place = string | { tableLabel: string; experience: ExperienceRef | null };

export function toView(row: Reservation, place: Place, payment?: PaymentSummary | null): ReservationView {
  const tableLabel = typeof place === "string" ? place : place.tableLabel;
  const experience = typeof place === "string" ? null : place.experience;
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    restaurantId: row.restaurantId,
    serviceDate: row.serviceDate,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    partySize: row.partySize,
    table: row.tableId ? { id: row.tableId, label: tableLabel } : null,
    experience: experience ? { id: experience.id, name: experience.name, section: experience.section } : null,
    amountCents: experience ? experience.priceCents * row.partySize : null,
    currency: experience ? experience.currency : null,
    holdExpiresAt: row.holdExpiresAt,
    holdExtended: row.holdExtended,
    name: row.guestName,
    email: row.guestEmail,
    phone: row.guestPhone,
    smsOptIn: row.smsConsentAt !== null,
    specialRequests: row.specialRequests,
    occasion: row.occasion,
    notes: row.notes,
    source: row.source,
    userId: row.userId,
    version: row.version,
    sequence: row.sequence,
    createdAt: row.createdAt,
    payment: paymentView(payment),
  };
}

export interface LoadedReservation {
  row: Reservation;
  /** "" for a seat booking. */
  tableLabel: string;
  /** A seat booking's experience and section. */
  experience: ExperienceRef | null;
  /** Its deposit, prepayment or card guarantee, if one was ever asked for. */
  payment: Payment | null;
  restaurant: {
    id: string;
    slug: string;
    name: string;
    timezone: string;
    holdMinutes: number;
    cancellationCutoffMinutes: number;
    reminderLeadMinutes: number;
    currency: string;
    /** The money policy this booking follows: its session's own where the session sets one, else the restaurant's. */
    depositCents: number;
    depositMinPartySize: number;
    noShowFeeCents: number;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reservations with their table's label, a seat booking's experience, their payment and their restaurant's policy. */
function selectLoaded(db: DbOrTx) {
  return db
    .select({
      row: reservations,
      tableLabel: diningTables.label,
      restaurant: {
        id: restaurants.id,
        slug: restaurants.slug,
        name: restaurants.name,
        timezone: restaurants.timezone,
        holdMinutes: restaurants.holdMinutes,
        cancellationCutoffMinutes: restaurants.cancellationCutoffMinutes,
        reminderLeadMinutes: restaurants.reminderLeadMinutes,
        currency: restaurants.currency,
        depositCents: sql<number>`coalesce(${serviceSessions.depositCents}, ${restaurants.depositCents})`.mapWith(Number),
        depositMinPartySize: sql<number>`coalesce(${serviceSessions.depositMinPartySize}, ${restaurants.depositMinPartySize})`.mapWith(Number),
        noShowFeeCents: sql<number>`coalesce(${serviceSessions.noShowFeeCents}, ${restaurants.noShowFeeCents})`.mapWith(Number),
      },
      payment: payments,
      // Left-joined: both null for a table booking.
      experience: { id: experiences.id, name: experiences.name, currency: experiences.currency },
      section: { id: experienceSections.id, name: experienceSections.name, priceCents: experienceSections.priceCents },
    })
    .from(reservations)
    .leftJoin(diningTables, eq(diningTables.id, reservations.tableId))
    .leftJoin(experiences, eq(experiences.id, reservations.experienceId))
    .leftJoin(experienceSections, eq(experienceSections.id, reservations.sectionId))
    .innerJoin(restaurants, eq(restaurants.id, reservations.restaurantId))
    .leftJoin(serviceSessions, eq(serviceSessions.id, reservations.sessionId))
    .leftJoin(payments, eq(payments.reservationId, reservations.id));
}

function toLoaded(r: Awaited<ReturnType<typeof selectLoaded>>[number]): LoadedReservation {
  const experience =
    r.experience && r.section
      ? { id: r.experience.id, name: r.experience.name, section: { id: r.section.id, name: r.section.name }, priceCents: r.section.priceCents, currency: r.experience.currency }
      : null;
  return { row: r.row, tableLabel: r.tableLabel ?? "", experience, payment: r.payment, restaurant: r.restaurant };
}

/** Loads a reservation by id (or by its human code) with its table label and restaurant policy. */
export async function loadReservation(db: DbOrTx, idOrCode: string): Promise<LoadedReservation | null> {
  const where = UUID.test(idOrCode) ? eq(reservations.id, idOrCode) : eq(reservations.code, idOrCode.toUpperCase());
  const [r] = await selectLoaded(db).where(where).limit(1);
  return r ? toLoaded(r) : null;
}

/** Every reservation `where` picks, as loadReservation loads one, in the order given. */
export async function loadReservations(db: DbOrTx, where: SQL, ...orderBy: SQL[]): Promise<LoadedReservation[]> {
  const rows = await selectLoaded(db).where(where).orderBy(...orderBy);
  return rows.map(toLoaded);
}

export type Accessor =
  | { kind: "member"; role: MemberRole; userId: string }
  | { kind: "diner"; userId: string }
  | { kind: "token" };

/**
 * Who may reach this reservation, decided on the server: a member of its restaurant, the signed-in
 * diner who made it, or a guest with its manage token. Anyone else learns nothing: 401 without any
 * credential, 404 with the wrong one.
 */
export async function authorizeReservation(
  db: DbOrTx,
  loaded: LoadedReservation | null,
  access: ReservationAccess,
): Promise<{ loaded: LoadedReservation; accessor: Accessor }> {
  if (!loaded) {
    if (!access.principal && !access.manageToken) throw unauthenticated("Send the reservation's manage token, or sign in.");
    throw notFound("Reservation");
  }
  // The token from the hold, or the signed link from an email (which cannot carry the hold's token).
  let link: ManageLinkCheck = "invalid";
  if (access.manageToken) {
    if (manageTokenMatches(access.manageToken, loaded.row.manageTokenHash)) return { loaded, accessor: { kind: "token" } };
    link = checkManageLink(loaded.row, access.manageToken);
    if (link === "valid") return { loaded, accessor: { kind: "token" } };
  }
  if (access.principal) {
    const role = await getMemberRole(db, loaded.row.restaurantId, access.principal.userId);
    if (role && can(role, "book.view")) return { loaded, accessor: { kind: "member", role, userId: access.principal.userId } };
    if (loaded.row.userId && loaded.row.userId === access.principal.userId) {
      return { loaded, accessor: { kind: "diner", userId: access.principal.userId } };
    }
  }
  if (link === "expired" || link === "stale") throw manageLinkExpired(link);
  if (!access.principal && !access.manageToken) throw unauthenticated("Send the reservation's manage token, or sign in.");
  throw notFound("Reservation");
}

/**
 * A genuine email link that no longer works: 401 like any spent credential, with a reason so the page
 * can say so plainly. It reveals nothing the link's holder did not know.
 */
function manageLinkExpired(why: "expired" | "stale"): DomainError {
  return new DomainError(
    "unauthenticated",
    why === "expired"
      ? "This link has expired. Sign in with the account you booked with, or ask the restaurant."
      : "This link is out of date: the booking was changed or cancelled since. Use the link in the latest email about it.",
    { details: { reason: why === "expired" ? "link_expired" : "link_stale" } },
  );
}

export async function loadAuthorized(db: DbOrTx, id: string, access: ReservationAccess) {
  return authorizeReservation(db, await loadReservation(db, id), access);
}

export function requireMemberAccessor(accessor: Accessor): asserts accessor is Extract<Accessor, { kind: "member" }> {
  if (accessor.kind !== "member" || !can(accessor.role, "book.manage")) {
    throw new DomainError("forbidden", "Only the restaurant's staff can do that.");
  }
}
