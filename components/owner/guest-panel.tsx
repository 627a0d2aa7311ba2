"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { guestSummaryAction } from "@/app/manage/guest-actions";
import { Alert } from "@/components/ui/alert";
import { guestKeyToParam } from "@/lib/guests/contract";
import type { GuestSummary } from "@/lib/guests/types";
import { guestSummaryParts } from "./guest-format";

/**
 * The guest behind a booking, in the book's dialog: "3rd visit · 1 no-show · allergic to nuts · VIP"
 * and a link to the full profile. Asked for when the dialog opens; a booking without an email or
 * phone (a walk-in) has no guest to show.
 */
export function GuestPanel({ restaurantId, slug, reservationId }: { restaurantId: string; slug: string; reservationId: string }) {
  const [state, setState] = useState<{ for: string; guest: GuestSummary | null } | null>(null);
  useEffect(() => {
    let current = true;
    guestSummaryAction({ restaurant_id: restaurantId, reservation_id: reservationId })
      .then((res) => {
        if (current) setState({ for: reservationId, guest: res.ok ? res.data : null });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [restaurantId, reservationId]);

  const g = state?.for === reservationId ? state.guest : null;
  if (!g) return null;
  return (
    <Alert as="p" variant={g.noShows > 0 || g.allergies ? "warning" : "success"} className="guest-summary" data-testid="guest-summary">
      <strong>{guestSummaryParts(g, g.visitNumber).join(" · ")}</strong>{" "}
      <Link href={`/manage/${slug}/guests/${guestKeyToParam(g.key)}`}>Guest profile</Link>
    </Alert>
  );
}
