import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { requirePermission } from "@/lib/restaurants/access";

/** A returning guest as the phone form shows them: who, and how their earlier bookings went. */
export interface GuestHistory {
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Bookings that came (seated or finished). */
  visits: number;
  covers: number;
  noShows: number;
  cancellations: number;
  /** Upcoming confirmed bookings. */
  upcoming: number;
  /** The local service date of the latest visit. */
  lastVisit: string | null;
}

/** The fewest digits a phone number needs before it is looked up (fewer would match strangers). */
export const MIN_PHONE_DIGITS = 6;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A phone number as digits only, so "+44 20 7946 0000" and "020-7946-0000"'s tails compare. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, "");
}

/**
 * Earlier bookings at this restaurant by the same email (any case) or phone (same digits), summed
 * up. Staff only (book.view); a partial email or a short number looks nothing up. Holds and lapsed
 * holds are not history.
 */
export async function findReturningGuest(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  contact: { email?: string | null; phone?: string | null },
): Promise<GuestHistory | null> {
  await requirePermission(db, principal, restaurantId, "book.view");
  const email = contact.email?.trim().toLowerCase() ?? "";
  const digits = phoneDigits(contact.phone ?? "");
  const matches: SQL[] = [];
  if (EMAIL.test(email)) matches.push(sql`lower(${reservations.guestEmail}) = ${email}`);
  if (digits.length >= MIN_PHONE_DIGITS) matches.push(sql`regexp_replace(${reservations.guestPhone}, '\\D', '', 'g') = ${digits}`);
  if (matches.length === 0) return null;

  const rows = await db
    .select({
      name: reservations.guestName,
      email: reservations.guestEmail,
      phone: reservations.guestPhone,
      status: reservations.status,
      partySize: reservations.partySize,
      serviceDate: reservations.serviceDate,
      endsAt: reservations.endsAt,
    })
    .from(reservations)
    .where(
      and(
        eq(reservations.restaurantId, restaurantId),
        inArray(reservations.status, ["confirmed", "seated", "completed", "no_show", "cancelled"]),
        or(...matches),
      ),
    )
    .orderBy(desc(reservations.startsAt))
    .limit(500);
  if (rows.length === 0) return null;

  const now = Date.now();
  const h: GuestHistory = { name: null, email: null, phone: null, visits: 0, covers: 0, noShows: 0, cancellations: 0, upcoming: 0, lastVisit: null };
  for (const r of rows) {
    h.name ??= r.name;
    h.email ??= r.email;
    h.phone ??= r.phone;
    if (r.status === "seated" || r.status === "completed") {
      h.visits++;
      h.covers += r.partySize;
      if (!h.lastVisit || r.serviceDate > h.lastVisit) h.lastVisit = r.serviceDate;
    } else if (r.status === "no_show") h.noShows++;
    else if (r.status === "cancelled") h.cancellations++;
    else if (r.status === "confirmed" && r.endsAt.getTime() > now) h.upcoming++;
  }
  return h;
}
