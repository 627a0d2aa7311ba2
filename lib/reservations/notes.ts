import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { DomainError, notFound, unauthenticated } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import { loadReservation, toView } from "./records";
import type { ReservationView } from "./view";

export const MAX_NOTES_LENGTH = 2000;

/**
 * Replaces a reservation's staff notes (never shown to the diner). Any member who runs the book may;
 * an empty text clears them. Notes can be kept on a reservation in any status, so a no-show can say why.
 */
export async function updateReservationNotes(
  db: Db,
  input: { reservationId: string; principal: Principal | null; notes: string | null; restaurantId?: string },
): Promise<ReservationView> {
  if (!input.principal) throw unauthenticated();
  const loaded = await loadReservation(db, input.reservationId);
  if (!loaded) throw notFound("Reservation");
  if (input.restaurantId && input.restaurantId !== loaded.row.restaurantId) throw notFound("Reservation");
  await requirePermission(db, input.principal, loaded.row.restaurantId, "book.manage");

  const notes = input.notes?.trim() ? input.notes.trim() : null;
  if (notes && notes.length > MAX_NOTES_LENGTH) {
    throw new DomainError("invalid_input", "The notes are too long.", { fields: { notes: [`At most ${MAX_NOTES_LENGTH} characters.`] } });
  }
  if (notes === loaded.row.notes) return toView(loaded.row, loaded, loaded.payment);
  const [row] = await db
    .update(reservations)
    .set({ notes, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(reservations.id, loaded.row.id), eq(reservations.restaurantId, loaded.row.restaurantId)))
    .returning();
  if (!row) throw notFound("Reservation");
  return toView(row, loaded, loaded.payment);
}
