import { ordinal } from "@/lib/guests/contract";
import type { GuestRow } from "@/lib/guests/types";
import { countOf } from "@/lib/text/plural";

/**
 * A guest in one line, as the book and the phone form show them at a glance:
 * "3rd visit · 1 no-show · allergic to tree nuts · VIP". With `visitNumber`, which visit this booking
 * is; without, how many visits so far.
 */
export function guestSummaryParts(g: GuestRow, visitNumber?: number): string[] {
  const parts = [visitNumber === undefined ? countOf(g.visits, "visit") : visitNumber === 1 ? "First visit" : `${ordinal(visitNumber)} visit`];
  if (g.noShows > 0) parts.push(countOf(g.noShows, "no-show"));
  if (g.cancellations > 0) parts.push(countOf(g.cancellations, "cancellation"));
  if (g.allergies) parts.push(`allergic to ${g.allergies}`);
  parts.push(...g.tags);
  return parts;
}

/** The guest's contact as one line ("mia@example.test · +447700900001"). */
export function guestContact(g: Pick<GuestRow, "email" | "phone">): string {
  return [g.email, g.phone].filter(Boolean).join(" · ");
}
