import { eventType } from "inngest";
import { z } from "zod";
import type { DomainEvent } from "@/lib/jobs/events";

/**
 * The app's events, typed and validated with zod. Payload shapes are the contract in
 * lib/jobs/events.ts (`DomainEvent`), which services publish; the checks at the bottom keep the two
 * in step at compile time.
 */
const id = z.uuid();
const instant = z.iso.datetime({ offset: true });

const heldData = z.object({ id, restaurant_id: id, hold_expires_at: instant });
const confirmedData = z.object({ id, restaurant_id: id, starts_at: instant });
const cancelledData = z.object({ id, restaurant_id: id });
const expiredData = z.object({ id, restaurant_id: id });
// An outbox row about a reservation, or (account emails) about a user.
const notificationData = z.object({ id, reservation_id: id.optional(), user_id: id.optional() });

export const reservationHeld = eventType("reservation/held", { schema: heldData });
export const reservationConfirmed = eventType("reservation/confirmed", { schema: confirmedData });
export const reservationCancelled = eventType("reservation/cancelled", { schema: cancelledData });
export const reservationExpired = eventType("reservation/expired", { schema: expiredData });
export const notificationCreated = eventType("notification/created", { schema: notificationData });

export const eventTypes = {
  "reservation/held": reservationHeld,
  "reservation/confirmed": reservationConfirmed,
  "reservation/cancelled": reservationCancelled,
  "reservation/expired": reservationExpired,
  "notification/created": notificationCreated,
} as const;

type DataOf<N extends DomainEvent["name"]> = Extract<DomainEvent, { name: N }>["data"];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SchemaMatches = {
  [N in DomainEvent["name"]]: Same<z.infer<(typeof eventTypes)[N]["schema"]>, DataOf<N>>;
};
// A compile error here means an event schema and DomainEvent disagree.
const schemasMatch: SchemaMatches = {
  "reservation/held": true,
  "reservation/confirmed": true,
  "reservation/cancelled": true,
  "reservation/expired": true,
  "notification/created": true,
};
void schemasMatch;
