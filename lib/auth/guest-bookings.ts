import { and, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reservations } from "@/db/schema";

/**
 * Bookings made as a guest with an address join the account once the account proves it owns that
 * address (a confirmed email, a reset link or a sign-in link), so /me shows them. Only then: an
 * address typed at sign-up proves nothing. Returns how many joined.
 */
export async function adoptGuestBookings(db: DbOrTx, userId: string, email: string): Promise<number> {
  const rows = await db
    .update(reservations)
    .set({ userId, updatedAt: sql`now()` })
    .where(and(isNull(reservations.userId), sql`lower(${reservations.guestEmail}) = ${email.trim().toLowerCase()}`))
    .returning({ id: reservations.id });
  return rows.length;
}
