import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { DateTime } from "luxon";
import { diningTables, notifications, partyRequests, reservations, restaurantMembers, users, type PartyRequest } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { localDateOf } from "@/lib/availability/slots";
import { addDays } from "@/lib/availability/calendar";
import { systemClock, type Clock } from "@/lib/clock";
import { parseInput } from "@/lib/contract/parse";
import { toE164 } from "@/lib/contract/phone";
import { getEnv } from "@/lib/env";
import { DomainError, notFound } from "@/lib/errors";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { getKv } from "@/lib/redis";
import type { Kv } from "@/lib/redis/types";
import { createMemberReservation } from "@/lib/reservations/member-booking";
import type { BookPartyRequest } from "@/lib/reservations/day-book-types";
import type { TableReservationView } from "@/lib/reservations/view";
import { requirePermission } from "@/lib/restaurants/access";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import { declinePartyRequestSchema, needsRequest, partyRequestSchema, type AcceptPartyRequest } from "./contract";

/**
 * Large parties. A group bigger than the restaurant books online sends a request; it is stored and
 * the restaurant's owners and managers are emailed through the outbox (one row per request, so one
 * email however often the sender runs). Staff answer from the day book: accepting books the group
 * through the staff booking service (the same checks, lock and no-overlap constraint as a phone
 * booking, and the guest's confirmation email), in the same transaction that marks the request
 * accepted, so a request becomes one booking at most; declining stores the message and queues it to
 * the group's email. A group that gave only a phone hears by text instead: an acknowledgement when
 * the request is stored, and the booking (code and manage link) or the decline when it is answered,
 * each an outbox row keyed by the request and kind, written in the transaction that causes it.
 */

export interface PartyRequestView {
  id: string;
  restaurantId: string;
  date: string;
  /** The local time the group asked for, "HH:MM". */
  time: string;
  partySize: number;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  status: PartyRequest["status"];
  reservationId: string | null;
  declineMessage: string | null;
  createdAt: Date;
}

export function toPartyRequestView(r: PartyRequest): PartyRequestView {
  return {
    id: r.id,
    restaurantId: r.restaurantId,
    date: r.serviceDate,
    time: r.localTime.slice(0, 5),
    partySize: r.partySize,
    name: r.name,
    email: r.email,
    phone: r.phone,
    notes: r.notes,
    status: r.status,
    reservationId: r.reservationId,
    declineMessage: r.declineMessage,
    createdAt: r.createdAt,
  };
}

/** Open requests one email or phone may have at one restaurant and date (a guard against flooding). */
export const MAX_OPEN_REQUESTS_PER_CONTACT_AND_DATE = 3;

const rateLimited = (retryAfter: number) =>
  new DomainError("rate_limited", "Too many table requests from here. Try again later.", { retryAfter: Math.max(1, retryAfter) });

/** Sends a large party's request to the restaurant. */
export async function requestTable(
  db: Db,
  input: { restaurant: string; principal: Principal | null; clientAddress?: string; request: unknown },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<PartyRequestView> {
  const now = (deps.clock ?? systemClock).now();
  const body = parseInput(partyRequestSchema, input.request);
  // Each request emails the restaurant: one client may not send many, however many names it uses.
  // Redis counts across instances; without it the per-contact cap below still holds.
  if (input.clientAddress) {
    const verdict = await (deps.kv ?? getKv()).rateLimit(`rl:party-request:ip:${input.clientAddress}`, getEnv().PARTY_REQUEST_LIMIT_PER_HOUR, 3600);
    if (!verdict.allowed) throw rateLimited(verdict.retryAfter);
  }
  const restaurant = await getRestaurant(db, input.principal, input.restaurant);
  if (!needsRequest(body.partySize, restaurant.maxPartySize)) {
    throw new DomainError("outside_policy", `Parties of up to ${restaurant.maxPartySize} book online: choose a time instead.`, {
      fields: { party_size: [`More than ${restaurant.maxPartySize}, or book online.`] },
    });
  }
  const today = localDateOf(now, restaurant.timezone);
  const lastDate = addDays(today, restaurant.bookingWindowDays);
  if (body.date < today) throw new DomainError("outside_policy", "That date has passed.", { fields: { date: ["Choose today or a later date."] } });
  if (body.date > lastDate) {
    throw new DomainError("outside_policy", `${restaurant.name} takes requests up to ${restaurant.bookingWindowDays} days ahead.`, {
      fields: { date: [`On or before ${lastDate}.`] },
    });
  }
  const email = body.email ?? null;
  const phone = body.phone ?? null;
  const [open] = (await db.execute(sql`
    select count(*)::int as n from party_requests
    where restaurant_id = ${restaurant.id} and service_date = ${body.date} and status = 'pending'
      and ((${email}::text is not null and lower(email) = lower(${email})) or (${phone}::text is not null and phone = ${phone}))`)) as unknown as { n: number }[];
  if ((open?.n ?? 0) >= MAX_OPEN_REQUESTS_PER_CONTACT_AND_DATE) {
    throw new DomainError("conflict", "You have already asked this restaurant for a table that day; they will answer you soon.");
  }

  const { row, events } = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(partyRequests)
      .values({
        restaurantId: restaurant.id,
        serviceDate: body.date,
        localTime: body.time,
        partySize: body.partySize,
        name: body.name,
        email,
        phone,
        notes: body.notes ?? null,
        userId: input.principal?.userId ?? null,
        clientAddress: input.clientAddress ?? null,
      })
      .returning();
    const to = (await restaurantRecipients(tx, restaurant.id))[0];
    const events = [
      ...(to ? await enqueueRequestEmail(tx, row!.id, "party_request", to) : []),
      ...(await enqueueRequestText(tx, row!, "party_request_received")),
    ];
    return { row: row!, events };
  });
  await publishEvents(events);
  return toPartyRequestView(row);
}

/** Who hears about a request: the restaurant's owners, then managers (the first is the row's recipient; all get the email). */
export async function restaurantRecipients(db: DbOrTx, restaurantId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(restaurantMembers)
    .innerJoin(users, eq(users.id, restaurantMembers.userId))
    .where(and(eq(restaurantMembers.restaurantId, restaurantId), inArray(restaurantMembers.role, ["owner", "manager"])))
    .orderBy(sql`case ${restaurantMembers.role} when 'owner' then 0 else 1 end`, asc(restaurantMembers.createdAt));
  return rows.map((r) => r.email);
}

/** One outbox row per request and kind: a repeat is a no-op. */
async function enqueueRequestEmail(tx: DbOrTx, requestId: string, kind: "party_request" | "party_request_declined", toEmail: string): Promise<EventWithId[]> {
  const rows = await tx
    .insert(notifications)
    .values({ partyRequestId: requestId, kind, toEmail })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.map((r) => ({ name: "notification/created" as const, id: r.id, data: { id: r.id } }));
}

/**
 * The number a group's texts go to: only a group that gave no email (they would hear by email
 * otherwise) and a number that can take texts (E.164, as the request stored it when it parsed).
 */
export function textRecipientOf(request: Pick<PartyRequest, "email" | "phone">): string | null {
  if (request.email) return null;
  return toE164(request.phone);
}

/** The text of `kind` for a group that hears by text; one row per request and kind, so a repeat is a no-op. */
async function enqueueRequestText(
  tx: DbOrTx,
  request: Pick<PartyRequest, "id" | "email" | "phone">,
  kind: "party_request_received" | "party_request_accepted" | "party_request_declined",
): Promise<EventWithId[]> {
  const toPhone = textRecipientOf(request);
  if (!toPhone) return [];
  const rows = await tx
    .insert(notifications)
    .values({ partyRequestId: request.id, kind, channel: "sms", toPhone })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.map((r) => ({ name: "notification/created" as const, id: r.id, data: { id: r.id } }));
}

/** The requests for one local date at a restaurant, oldest first (members only). */
export async function listPartyRequests(db: DbOrTx, input: { principal: Principal | null; restaurantId: string; date: string }): Promise<PartyRequestView[]> {
  await requirePermission(db, input.principal, input.restaurantId, "book.view");
  const rows = await db
    .select()
    .from(partyRequests)
    .where(and(eq(partyRequests.restaurantId, input.restaurantId), eq(partyRequests.serviceDate, input.date)))
    .orderBy(asc(partyRequests.createdAt));
  return rows.map(toPartyRequestView);
}

/**
 * The day book's requests for a local date, oldest first, each with the booking it became. The book
 * has checked the member already.
 */
export async function listPartyRequestsForBook(db: DbOrTx, input: { restaurantId: string; date: string; timeZone: string }): Promise<BookPartyRequest[]> {
  const rows = await db
    .select({ request: partyRequests, code: reservations.code, startsAt: reservations.startsAt, tableLabel: diningTables.label })
    .from(partyRequests)
    .leftJoin(reservations, eq(reservations.id, partyRequests.reservationId))
    .leftJoin(diningTables, eq(diningTables.id, reservations.tableId))
    .where(and(eq(partyRequests.restaurantId, input.restaurantId), eq(partyRequests.serviceDate, input.date)))
    .orderBy(asc(partyRequests.createdAt));
  return rows.map(({ request, code, startsAt, tableLabel }) => {
    const v = toPartyRequestView(request);
    return {
      id: v.id,
      time: v.time,
      partySize: v.partySize,
      name: v.name,
      email: v.email,
      phone: v.phone,
      notes: v.notes,
      status: v.status,
      declineMessage: v.declineMessage,
      createdAt: v.createdAt.toISOString(),
      booking:
        code && startsAt
          ? { code, tableLabel: tableLabel ?? "", localStart: DateTime.fromJSDate(startsAt, { zone: input.timeZone }).toFormat("HH:mm") }
          : null,
    };
  });
}

async function loadRequest(db: DbOrTx, restaurantId: string, requestId: string): Promise<PartyRequest> {
  const [row] = await db
    .select()
    .from(partyRequests)
    .where(and(eq(partyRequests.id, requestId), eq(partyRequests.restaurantId, restaurantId)));
  if (!row) throw notFound("Request");
  return row;
}

const alreadyAnswered = (r: PartyRequest) =>
  new DomainError("invalid_transition", `This request was already ${r.status}.`, { details: { status: r.status } });

/**
 * Accepts a request: books the group, confirmed, at the time and table staff chose, through the staff
 * booking service, and marks the request accepted in that booking's transaction. The guest gets the
 * booking's confirmation email. Accepting again answers with the same booking.
 */
export async function acceptPartyRequest(
  db: Db,
  input: { principal: Principal | null; restaurantId: string; accept: AcceptPartyRequest },
  deps: { clock?: Clock; kv?: Kv } = {},
): Promise<{ request: PartyRequestView; reservation: { id: string; code: string; tableLabel: string } }> {
  // Parsed by the caller's boundary (the action or a test) with acceptPartyRequestSchema, as phone bookings are.
  const body = input.accept;
  await requirePermission(db, input.principal, input.restaurantId, "book.manage");
  const request = await loadRequest(db, input.restaurantId, body.requestId);
  if (request.status === "accepted" && request.reservationId) return answered(db, request);
  if (request.status !== "pending") throw alreadyAnswered(request);

  let view: TableReservationView;
  let texts: EventWithId[] = [];
  try {
    view = await createMemberReservation(
      db,
      {
        restaurantId: input.restaurantId,
        principal: input.principal,
        startsAt: body.startsAt,
        partySize: request.partySize,
        name: request.name,
        email: request.email,
        phone: request.phone,
        specialRequests: request.notes,
        tableId: body.tableId ?? null,
        userId: request.userId,
        status: "confirmed",
        within: async (tx, row) => {
          const [marked] = await tx
            .update(partyRequests)
            .set({ status: "accepted", reservationId: row.id, decidedBy: input.principal!.userId, decidedAt: sql`now()`, updatedAt: sql`now()` })
            .where(and(eq(partyRequests.id, request.id), eq(partyRequests.status, "pending")))
            .returning({ id: partyRequests.id });
          // Someone else answered it meanwhile: this booking is not made.
          if (!marked) throw new DomainError("invalid_transition", "This request was answered meanwhile.");
          // The booking's own messages go by email (or by text with consent); a group that gave only a phone gets this.
          texts = await enqueueRequestText(tx, request, "party_request_accepted");
        },
      },
      deps,
    );
  } catch (e) {
    if (e instanceof DomainError && e.code === "invalid_transition") {
      const now = await loadRequest(db, input.restaurantId, request.id);
      if (now.status === "accepted" && now.reservationId) return answered(db, now);
      throw alreadyAnswered(now);
    }
    throw e;
  }
  await publishEvents(texts);
  const [after] = await db.select().from(partyRequests).where(eq(partyRequests.id, request.id));
  return { request: toPartyRequestView(after!), reservation: { id: view.id, code: view.code, tableLabel: view.table.label } };
}

async function answered(db: DbOrTx, request: PartyRequest) {
  const [booking] = await db
    .select({ id: reservations.id, code: reservations.code, tableId: reservations.tableId })
    .from(reservations)
    .where(eq(reservations.id, request.reservationId!));
  if (!booking) throw alreadyAnswered(request);
  const label = (await db.execute(sql`select label from dining_tables where id = ${booking.tableId}`)) as unknown as { label: string }[];
  return { request: toPartyRequestView(request), reservation: { id: booking.id, code: booking.code, tableLabel: label[0]?.label ?? "" } };
}

/** Declines a request with a message, emailed to the group when they gave an address, else texted. Declining again changes nothing. */
export async function declinePartyRequest(
  db: Db,
  input: { principal: Principal | null; restaurantId: string; decline: unknown },
): Promise<PartyRequestView> {
  const body = parseInput(declinePartyRequestSchema, input.decline);
  await requirePermission(db, input.principal, input.restaurantId, "book.manage");
  const request = await loadRequest(db, input.restaurantId, body.requestId);
  if (request.status === "declined") return toPartyRequestView(request);
  if (request.status !== "pending") throw alreadyAnswered(request);
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(partyRequests)
      .set({ status: "declined", declineMessage: body.message, decidedBy: input.principal!.userId, decidedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(partyRequests.id, request.id), eq(partyRequests.status, "pending")))
      .returning();
    if (!row) return null;
    const events = row.email ? await enqueueRequestEmail(tx, row.id, "party_request_declined", row.email) : await enqueueRequestText(tx, row, "party_request_declined");
    return { row, events };
  });
  if (!outcome) {
    const now = await loadRequest(db, input.restaurantId, request.id);
    if (now.status === "declined") return toPartyRequestView(now);
    throw alreadyAnswered(now);
  }
  await publishEvents(outcome.events);
  return toPartyRequestView(outcome.row);
}
