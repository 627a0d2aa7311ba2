"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { action, type ActionContext } from "@/lib/actions";
import { email, instant, optionalEmail, optionalText, partySize, requiredText, text, uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import {
  closureSchema,
  fullPolicySchema,
  restaurantCreateSchema,
  restaurantPatchSchema,
  sessionCreateSchema,
  sessionPatchSchema,
  tableCreateSchema,
  tablePatchSchema,
} from "@/lib/restaurants/contract";
import type { Principal } from "@/lib/auth/principal";
import { moveReservation } from "@/lib/reservations/move";
import { updateReservationNotes } from "@/lib/reservations/notes";
import { occasion } from "@/lib/reservations/contract";
import { findReturningGuest } from "@/lib/reservations/guest-history";
import { cancelFromBook, createPhoneBooking, seatWalkIn, setReservationStatus, undoReservationStatus } from "@/lib/reservations/front-of-house";
import { createClosure, deleteClosure } from "@/lib/restaurants/closures";
import { publishRestaurant, unpublishRestaurant } from "@/lib/restaurants/publish";
import { createRestaurant, updateRestaurant } from "@/lib/restaurants/restaurants";
import { listReservationsOutsideRules } from "@/lib/restaurants/rule-impact";
import { createSession, deleteSession, updateSession } from "@/lib/restaurants/sessions";
import { changeMemberRole, inviteMember, removeMember, revokeInvite } from "@/lib/restaurants/staff";
import { createTable, deleteTable, updateTable } from "@/lib/restaurants/tables";

/**
 * The owner workspace's server actions. Each is a public POST endpoint, so each one goes through
 * `action()` (session principal, zod) and calls one service that checks the caller's role on the
 * restaurant itself (lib/restaurants/access.ts). Ids arrive from the client and are never trusted:
 * the services look everything up within the restaurant the caller is a member of.
 * Field names are the services' snake_case names, so field errors land next to the right input.
 */

const id = uuid;

/** How many future reservations the rules no longer allow, after a change to them. */
async function outsideRulesCount(db: ActionContext["db"], principal: Principal | null, restaurantId: string): Promise<number> {
  return (await listReservationsOutsideRules(db, principal, restaurantId)).length;
}

// ── Restaurant ──────────────────────────────────────────────────────────────────────────────────

export const createRestaurantAction = action(
  snakeCaseBody(restaurantCreateSchema),
  async (input, { db, principal }) => {
    const r = await createRestaurant(db, principal, input);
    return { id: r.id, slug: r.slug };
  },
  { auth: "required" },
);

export const updateProfileAction = action(
  snakeCaseBody(restaurantPatchSchema, { restaurant_id: id }),
  async ({ restaurantId, ...patch }, { db, principal }) => {
    const r = await updateRestaurant(db, principal, restaurantId, patch);
    refresh();
    return { slug: r.slug };
  },
  { auth: "required" },
);

export const updatePolicyAction = action(
  snakeCaseBody(fullPolicySchema, { restaurant_id: id }),
  async ({ restaurantId, ...policy }, { db, principal }) => {
    await updateRestaurant(db, principal, restaurantId, { policy });
    refresh();
    return { saved: true };
  },
  { auth: "required" },
);

export const setPublishedAction = action(
  z.object({ restaurant_id: id, published: z.boolean() }),
  async ({ restaurant_id, published }, { db, principal }) => {
    const r = published ? await publishRestaurant(db, principal, restaurant_id) : await unpublishRestaurant(db, principal, restaurant_id);
    refresh();
    return { published: r.published };
  },
  { auth: "required" },
);

// ── Floor ───────────────────────────────────────────────────────────────────────────────────────

export const createTableAction = action(
  snakeCaseBody(tableCreateSchema, { restaurant_id: id }),
  async ({ restaurantId, ...table }, { db, principal }) => {
    const row = await createTable(db, principal, restaurantId, table);
    refresh();
    return { id: row.id };
  },
  { auth: "required" },
);

export const updateTableAction = action(
  snakeCaseBody(tablePatchSchema, { restaurant_id: id, table_id: id }),
  async ({ restaurantId, tableId, ...patch }, { db, principal }) => {
    await updateTable(db, principal, restaurantId, tableId, patch);
    const outsideRules = await outsideRulesCount(db, principal, restaurantId);
    refresh();
    return { outsideRules };
  },
  { auth: "required" },
);

export const deleteTableAction = action(
  z.object({ restaurant_id: id, table_id: id }),
  async ({ restaurant_id, table_id }, { db, principal }) => {
    await deleteTable(db, principal, restaurant_id, table_id);
    refresh();
    return { deleted: true };
  },
  { auth: "required" },
);

// ── Sessions and closures ───────────────────────────────────────────────────────────────────────

export const createSessionAction = action(
  snakeCaseBody(sessionCreateSchema, { restaurant_id: id }),
  async ({ restaurantId, ...session }, { db, principal }) => {
    const row = await createSession(db, principal, restaurantId, session);
    const outsideRules = await outsideRulesCount(db, principal, restaurantId);
    refresh();
    return { id: row.id, outsideRules };
  },
  { auth: "required" },
);

export const updateSessionAction = action(
  snakeCaseBody(sessionPatchSchema, { restaurant_id: id, session_id: id }),
  async ({ restaurantId, sessionId, ...patch }, { db, principal }) => {
    await updateSession(db, principal, restaurantId, sessionId, patch);
    const outsideRules = await outsideRulesCount(db, principal, restaurantId);
    refresh();
    return { outsideRules };
  },
  { auth: "required" },
);

export const deleteSessionAction = action(
  z.object({ restaurant_id: id, session_id: id }),
  async ({ restaurant_id, session_id }, { db, principal }) => {
    await deleteSession(db, principal, restaurant_id, session_id);
    const outsideRules = await outsideRulesCount(db, principal, restaurant_id);
    refresh();
    return { outsideRules };
  },
  { auth: "required" },
);

export const createClosureAction = action(
  snakeCaseBody(closureSchema, { restaurant_id: id }),
  async ({ restaurantId, ...closure }, { db, principal }) => {
    await createClosure(db, principal, restaurantId, closure);
    const outsideRules = await outsideRulesCount(db, principal, restaurantId);
    refresh();
    return { outsideRules };
  },
  { auth: "required" },
);

export const deleteClosureAction = action(
  z.object({ restaurant_id: id, closure_id: id }),
  async ({ restaurant_id, closure_id }, { db, principal }) => {
    await deleteClosure(db, principal, restaurant_id, closure_id);
    refresh();
    return { deleted: true };
  },
  { auth: "required" },
);

// ── Staff ───────────────────────────────────────────────────────────────────────────────────────

export const inviteMemberAction = action(
  z.object({ restaurant_id: id, email, role: z.enum(["manager", "host"], { message: "Choose manager or host." }) }),
  async ({ restaurant_id, email, role }, { db, principal }) => {
    const { invite, token } = await inviteMember(db, principal, restaurant_id, { email, role });
    refresh();
    return { email: invite.email, role: invite.role, path: `/invites/${token}`, expiresAt: invite.expiresAt.toISOString() };
  },
  { auth: "required" },
);

export const revokeInviteAction = action(
  z.object({ restaurant_id: id, invite_id: id }),
  async ({ restaurant_id, invite_id }, { db, principal }) => {
    await revokeInvite(db, principal, restaurant_id, invite_id);
    refresh();
    return { revoked: true };
  },
  { auth: "required" },
);

export const changeRoleAction = action(
  z.object({ restaurant_id: id, user_id: id, role: z.enum(["owner", "manager", "host"]) }),
  async ({ restaurant_id, user_id, role }, { db, principal }) => {
    const r = await changeMemberRole(db, principal, restaurant_id, user_id, role);
    refresh();
    return r;
  },
  { auth: "required" },
);

export const removeMemberAction = action(
  z.object({ restaurant_id: id, user_id: id }),
  async ({ restaurant_id, user_id }, { db, principal }) => {
    await removeMember(db, principal, restaurant_id, user_id);
    refresh();
    return { removed: true };
  },
  { auth: "required" },
);

// ── The day's book (the page refreshes its own data through the polling query) ─────────────────

const reservationRef = { restaurant_id: id, reservation_id: id };
const booked = (v: { id: string; code: string; table: { label: string }; status: string }) => ({
  id: v.id,
  code: v.code,
  table: v.table.label,
  status: v.status,
});

export const phoneBookingAction = action(
  z.object({
    restaurant_id: id,
    starts_at: instant,
    party_size: partySize,
    name: requiredText(120),
    phone: optionalText(40),
    email: optionalEmail,
    table_id: id.nullish(),
    notes: optionalText(2000, { multiline: true }),
    occasion,
    special_requests: optionalText(1000, { multiline: true }),
  }),
  async (b, { db, principal }) =>
    booked(
      await createPhoneBooking(db, {
        restaurantId: b.restaurant_id,
        principal,
        startsAt: b.starts_at,
        partySize: b.party_size,
        name: b.name,
        phone: b.phone,
        email: b.email,
        tableId: b.table_id ?? null,
        notes: b.notes,
        occasion: b.occasion,
        specialRequests: b.special_requests,
      }),
    ),
  { auth: "required" },
);

export const lookupGuestAction = action(
  z.object({ restaurant_id: id, email: optionalText(254), phone: optionalText(40) }),
  async ({ restaurant_id, email, phone }, { db, principal }) => findReturningGuest(db, principal, restaurant_id, { email, phone }),
  { auth: "required" },
);

export const walkInAction = action(
  z.object({ restaurant_id: id, party_size: partySize, name: optionalText(120), table_id: id.nullish(), notes: optionalText(2000, { multiline: true }) }),
  async (w, { db, principal }) =>
    booked(
      await seatWalkIn(db, { restaurantId: w.restaurant_id, principal, partySize: w.party_size, name: w.name, tableId: w.table_id ?? null, notes: w.notes }),
    ),
  { auth: "required" },
);

export const setStatusAction = action(
  z.object({ ...reservationRef, status: z.enum(["seated", "completed", "no_show"]) }),
  async ({ restaurant_id, reservation_id, status }, { db, principal }) =>
    booked(await setReservationStatus(db, { restaurantId: restaurant_id, reservationId: reservation_id, principal, status })),
  { auth: "required" },
);

export const undoStatusAction = action(
  z.object({ ...reservationRef, from: z.enum(["seated", "completed", "no_show"]), version: z.number().int().optional() }),
  async ({ restaurant_id, reservation_id, from, version }, { db, principal }) =>
    booked(await undoReservationStatus(db, { restaurantId: restaurant_id, reservationId: reservation_id, principal, from, expectedVersion: version })),
  { auth: "required" },
);

export const cancelReservationAction = action(
  z.object(reservationRef),
  async ({ restaurant_id, reservation_id }, { db, principal }) =>
    booked(await cancelFromBook(db, { restaurantId: restaurant_id, reservationId: reservation_id, principal })),
  { auth: "required" },
);

export const moveReservationAction = action(
  z.object({ ...reservationRef, table_id: id.nullish(), starts_at: instant.nullish(), version: z.number().int().optional() }),
  async (m, { db, principal }) =>
    booked(
      await moveReservation(db, {
        reservationId: m.reservation_id,
        restaurantId: m.restaurant_id,
        principal,
        tableId: m.table_id ?? null,
        startsAt: m.starts_at ?? null,
        expectedVersion: m.version,
      }),
    ),
  { auth: "required" },
);

export const saveNotesAction = action(
  z.object({ ...reservationRef, notes: text(2000, { multiline: true }) }),
  async ({ restaurant_id, reservation_id, notes }, { db, principal }) => {
    const v = await updateReservationNotes(db, { reservationId: reservation_id, restaurantId: restaurant_id, principal, notes });
    return { id: v.id, notes: v.notes };
  },
  { auth: "required" },
);
