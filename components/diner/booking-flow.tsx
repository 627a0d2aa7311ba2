"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { confirmBookingAction, extendHoldAction, holdTableAction, releaseHoldAction } from "@/app/book/actions";

type HoldInput = Parameters<typeof holdTableAction>[0];
type HoldResult = Awaited<ReturnType<typeof holdTableAction>>;
type ConfirmInput = Parameters<typeof confirmBookingAction>[0];
type ConfirmResult = Awaited<ReturnType<typeof confirmBookingAction>>;

/**
 * How the booking components (times, hold panel, details form) reach the server and where they go
 * next. On the site they use the booking actions, which keep the hold's manage token in an httpOnly
 * cookie, and move between pages; the embeddable widget supplies its own flow (the token kept by the
 * widget itself, everything on one page), so the same components serve both without copies.
 */
export interface BookingFlow {
  hold(input: HoldInput): Promise<HoldResult>;
  /** A hold was placed (`replaces`: the booking it would change). */
  afterHold(code: string, replaces?: string): void;
  confirm(input: ConfirmInput): Promise<ConfirmResult>;
  afterConfirm(code: string): void;
  extend(code: string): ReturnType<typeof extendHoldAction>;
  release(code: string): ReturnType<typeof releaseHoldAction>;
  /** The diner let the table go: back to choosing a time. */
  afterRelease(restaurantSlug: string): void;
  /** Money or a card is due: the checkout page (which cannot be framed). */
  openCheckout(url: string): void;
  /** Links to the site open here, or (in a widget) in a new tab so the host page stays. */
  linkTarget?: "_blank";
}

const Flow = createContext<BookingFlow | null>(null);

export function BookingFlowProvider({ flow, children }: { flow: BookingFlow; children: ReactNode }) {
  return <Flow.Provider value={flow}>{children}</Flow.Provider>;
}

/** The flow in force: the provider's, or the site's pages and cookie-held tokens. */
export function useBookingFlow(): BookingFlow {
  const provided = useContext(Flow);
  const router = useRouter();
  const site = useMemo<BookingFlow>(
    () => ({
      hold: (input) => holdTableAction(input),
      afterHold: (code, replaces) =>
        router.push(`/book/${encodeURIComponent(code)}${replaces ? `?replaces=${encodeURIComponent(replaces)}` : ""}`),
      confirm: (input) => confirmBookingAction(input),
      afterConfirm: (code) => router.push(`/reservations/${encodeURIComponent(code)}/confirmed`),
      extend: (code) => extendHoldAction({ code }),
      release: (code) => releaseHoldAction({ code }),
      afterRelease: (slug) => router.push(`/r/${encodeURIComponent(slug)}`),
      openCheckout: (url) => window.location.assign(url),
    }),
    [router],
  );
  return provided ?? site;
}
