"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { confirmBookingAction, extendHoldAction, releaseHoldAction } from "@/app/book/actions";
import { embedHoldAction, embedHoldViewAction, type EmbedHoldView } from "@/app/embed/actions";
import { Button } from "@/components/ui/button";
import type { GuestDetailsInput } from "@/lib/reservations/contract";
import { AvailabilityPicker, type AvailabilityPickerProps } from "./availability-picker";
import { BookingFlowProvider, type BookingFlow } from "./booking-flow";
import { BookingPanel } from "./booking-panel";
import { formatDateIn, formatTimeIn, partyLabel } from "./format";

export interface EmbedWidgetProps {
  picker: Omit<AvailabilityPickerProps, "headingLevel" | "intro" | "replaces">;
  restaurantSlug: string;
  holdMinutes: number;
  /** The site's address, for links that open in a new tab. */
  siteUrl: string;
}

type Step =
  | { step: "choose" }
  | { step: "hold"; token: string; view: EmbedHoldView }
  | { step: "booked"; code: string; token: string; startsAt: string; partySize: number; email: string };

/** What the widget keeps in this tab (partitioned by the host site): see app/embed/actions.ts. */
const STORE = "tablekeep:embed:";

function load<T>(key: string): T | null {
  try {
    const raw = window.sessionStorage.getItem(STORE + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function save(key: string, value: unknown): void {
  try {
    if (value === null) window.sessionStorage.removeItem(STORE + key);
    else window.sessionStorage.setItem(STORE + key, JSON.stringify(value));
  } catch {
    // Storage blocked: the widget keeps everything in memory for as long as the frame lives.
  }
}

const EMPTY_DETAILS: GuestDetailsInput = { name: "", email: "", phone: "", smsOptIn: false, occasion: "", specialRequests: "" };

/**
 * The booking widget a restaurant frames on its own site: the same picker, hold panel and details
 * form as the booking pages, driven by a flow that keeps the hold's token in the widget and stays on
 * one page. It tells the parent page its height, so a small script there can size the frame.
 */
export function EmbedWidget({ picker, restaurantSlug, holdMinutes, siteUrl }: EmbedWidgetProps) {
  const [state, setState] = useState<Step>({ step: "choose" });
  const booker = useRef<string | undefined>(undefined);
  const held = useRef<{ code: string; token: string } | null>(null);
  const restaurantKey = picker.restaurantId;

  // A reload of the frame: the booker and any hold still open come back from this tab's storage.
  useEffect(() => {
    booker.current = load<string>("booker") ?? undefined;
    const saved = load<{ code: string; token: string }>(`hold:${restaurantKey}`);
    if (!saved) return;
    void embedHoldViewAction(saved).then((r) => {
      if (r.ok && r.data.status === "held" && r.data.holdExpiresAt) {
        held.current = saved;
        setState({ step: "hold", token: saved.token, view: r.data });
      } else {
        save(`hold:${restaurantKey}`, null);
      }
    });
  }, [restaurantKey]);

  // The parent page may size the frame to the content (see the snippet in the workspace settings).
  useEffect(() => {
    if (window.parent === window) return;
    let last = 0;
    const post = () => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height === last) return;
      last = height;
      // Only a height: nothing private goes to the parent, whatever its origin.
      window.parent.postMessage({ type: "tablekeep:height", height }, "*");
    };
    const observer = new ResizeObserver(post);
    observer.observe(document.body);
    post();
    return () => observer.disconnect();
  }, []);

  const forget = useCallback(() => {
    held.current = null;
    save(`hold:${restaurantKey}`, null);
  }, [restaurantKey]);

  const flow = useMemo<BookingFlow>(
    () => ({
      hold: async (input) => {
        const result = await embedHoldAction({ ...input, booker: booker.current });
        if (!result.ok) return result;
        booker.current = result.data.booker;
        save("booker", result.data.booker);
        held.current = { code: result.data.code, token: result.data.manageToken };
        save(`hold:${restaurantKey}`, held.current);
        setState({ step: "hold", token: result.data.manageToken, view: result.data.view });
        return { ok: true, data: { code: result.data.code } };
      },
      afterHold: () => {},
      confirm: (input) => confirmBookingAction({ ...input, token: held.current?.code === input.code ? held.current.token : undefined }),
      afterConfirm: () => {},
      extend: (code) => extendHoldAction({ code, token: held.current?.token }),
      release: (code) => releaseHoldAction({ code, token: held.current?.token }),
      afterRelease: () => {
        forget();
        setState({ step: "choose" });
      },
      openCheckout: (url) => window.open(url, "_blank", "noopener"),
      linkTarget: "_blank",
    }),
    [restaurantKey, forget],
  );

  // Confirming ends the hold step: the booking is what the widget shows from then on.
  const confirmingFlow = useMemo<BookingFlow>(
    () => ({
      ...flow,
      confirm: async (input) => {
        const result = await flow.confirm(input);
        if (result.ok && state.step === "hold") {
          forget();
          setState({ step: "booked", code: result.data.code, token: state.token, startsAt: state.view.startsAt, partySize: state.view.partySize, email: input.email });
        }
        return result;
      },
    }),
    [flow, forget, state],
  );

  const tz = picker.timeZone;
  return (
    <BookingFlowProvider flow={confirmingFlow}>
      {state.step === "choose" ? (
        <>
          <h1 className="embed-title">{picker.restaurantName}</h1>
          <AvailabilityPicker {...picker} headingLevel={2} />
        </>
      ) : state.step === "hold" ? (
        <BookingPanel
          key={state.view.code}
          code={state.view.code}
          restaurantId={picker.restaurantId}
          restaurantSlug={restaurantSlug}
          restaurantName={picker.restaurantName}
          timeZone={tz}
          serviceDate={state.view.serviceDate}
          dateLabel={formatDateIn(new Date(state.view.startsAt), tz)}
          startsAt={state.view.startsAt}
          partySize={state.view.partySize}
          holdExpiresAt={state.view.holdExpiresAt}
          holdExtended={state.view.holdExtended}
          holdMinutes={holdMinutes}
          serverNow={state.view.serverNow}
          signedIn={false}
          defaults={EMPTY_DETAILS}
          status={state.view.status}
          paymentNote={state.view.paymentNote}
          paymentKind={state.view.paymentKind}
          summaryLine={`${partyLabel(state.view.partySize)} at ${picker.restaurantName}, ${formatDateIn(new Date(state.view.startsAt), tz)} at ${formatTimeIn(new Date(state.view.startsAt), tz)}.`}
          summary={null}
        />
      ) : (
        <Booked {...state} restaurantName={picker.restaurantName} timeZone={tz} siteUrl={siteUrl} onAgain={() => setState({ step: "choose" })} />
      )}
    </BookingFlowProvider>
  );
}

function Booked(p: { code: string; token: string; startsAt: string; partySize: number; email: string; restaurantName: string; timeZone: string; siteUrl: string; onAgain: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const at = new Date(p.startsAt);
  const manage = `${p.siteUrl}/reservations/${encodeURIComponent(p.code)}?token=${encodeURIComponent(p.token)}`;
  return (
    <section className="stack embed-booked" aria-labelledby="embed-booked-heading">
      <h1 id="embed-booked-heading" ref={heading} tabIndex={-1}>
        You&rsquo;re booked
      </h1>
      <p className="lead">
        {partyLabel(p.partySize)} at {p.restaurantName}, {formatDateIn(at, p.timeZone)} at {formatTimeIn(at, p.timeZone)}.
      </p>
      <p>
        Booking code <strong className="booking-code" data-testid="embed-code">{p.code}</strong>. We emailed the details to {p.email}.
      </p>
      <p className="cluster">
        <a href={manage} target="_blank" rel="noopener noreferrer">
          Manage this booking
        </a>
        <Button variant="secondary" onClick={p.onAgain}>
          Book another table
        </Button>
      </p>
    </section>
  );
}
