"use client";

import Link from "next/link";
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useTransition,
  type ReactNode,
} from "react";
import { Alert } from "@/components/ui/alert";
import { focusHeading } from "@/components/layout/route-focus";
import { Button } from "@/components/ui/button";
import type { ActionError } from "@/lib/actions";
import type { GuestDetailsInput } from "@/lib/reservations/contract";
import { AlternativeTimes } from "./alternative-times";
import { BookingForm } from "./booking-form";
import { useBookingFlow } from "./booking-flow";
import { formatMinutes, formatTimeIn } from "./format";
import { HoldCountdown } from "./hold-countdown";

export interface BookingPanelProps {
  code: string;
  restaurantId: string;
  restaurantSlug: string;
  restaurantName: string;
  timeZone: string;
  serviceDate: string;
  dateLabel: string;
  startsAt: string;
  partySize: number;
  /** null once the hold is gone (expired or released). */
  holdExpiresAt: string | null;
  holdExtended: boolean;
  holdMinutes: number;
  serverNow: string;
  defaults: GuestDetailsInput;
  signedIn: boolean;
  /** A change: the booking this hold would move, and what it is now ("2 people, Friday 12 June at 19:00"). */
  replaces?: { code: string; was: string };
  /** The reservation's status when the page was made. */
  status: string;
  /** "2 people at Osteria Fiume, Friday 12 June 2026 at 19:00." */
  summaryLine: string;
  /** The booking's summary card, beside the form. */
  summary: ReactNode;
  /** The deposit or card policy in plain words, when the restaurant has one. */
  paymentNote?: string | null;
  paymentKind?: "deposit" | "prepayment" | "card_guarantee" | null;
  /** A seat booking at an experience: the words say seats, and a lost hold leads back to its page. */
  seats?: { experienceName: string; experienceHref: string };
}

/** What the hold is on, in the panel's sentences: a table, or seats at an experience. */
function holdWords(seats: boolean) {
  return seats
    ? {
        held: "Seats held for you for",
        holdFor: "We hold your seats",
        released: "This hold was released, so the seats are free again.",
        expired: "Your hold on these seats has expired, so they were released.",
        taken: "Sorry, those seats were taken before you confirmed.",
        takenTitle: "Seats no longer available",
        heldUntil: "your seats are held",
        release: "Release these seats",
      }
    : {
        held: "Table held for you for",
        holdFor: "We hold the table",
        released: "This hold was released, so the table is free again.",
        expired: "Your hold on this table has expired, so it was released.",
        taken: "Sorry, that table was taken before you confirmed.",
        takenTitle: "Table no longer available",
        heldUntil: "the table is held",
        release: "Release this table",
      };
}

type Lost = { reason: "expired" | "taken" | "gone"; message: string };

/**
 * The booking page's live part: the hold's countdown, extending it once, the details form, and what
 * to do when the hold is lost (it lapsed, or the table went meanwhile): a plain sentence and the
 * nearest free times as buttons.
 */
export function BookingPanel(props: BookingPanelProps) {
  const flow = useBookingFlow();
  const words = holdWords(Boolean(props.seats));
  const [expiresAt, setExpiresAt] = useState(props.holdExpiresAt);
  const [extended, setExtended] = useState(props.holdExtended);
  const [lost, setLost] = useState<Lost | null>(() => {
    if (
      props.holdExpiresAt &&
      Date.parse(props.holdExpiresAt) > Date.parse(props.serverNow)
    )
      return null;
    if (props.status === "cancelled")
      return { reason: "gone", message: words.released };
    return { reason: "expired", message: words.expired };
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [extendError, setExtendError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // The page's step changes when the hold is lost while the diner is on it: focus its new heading
    // (the alert right below it is announced as well).
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (lost) focusHeading(headingRef.current);
  }, [lost]);

  const holding = !lost && props.status === "held";
  useEffect(() => {
    if (!holding) return;
    // Going Back from the booking page lets the table go at once instead of when the hold lapses.
    // (A reload keeps it: only a history step away from this page counts as leaving.)
    const onLeave = () => void flow.release(props.code);
    window.addEventListener("popstate", onLeave);
    return () => window.removeEventListener("popstate", onLeave);
  }, [holding, props.code, flow]);

  const onExpire = useCallback(() => {
    setLost({ reason: "expired", message: words.expired });
  }, [words.expired]);

  const onLost = useCallback((error: ActionError) => {
    if (error.code === "hold_expired") {
      setLost({ reason: "expired", message: words.expired });
    } else if (error.code === "slot_unavailable") {
      setLost({ reason: "taken", message: words.taken });
    } else {
      setLost({ reason: "gone", message: error.message });
    }
  }, [words.expired, words.taken]);

  function extend() {
    setExtendError(null);
    startTransition(async () => {
      const result = await flow.extend(props.code);
      if (result.ok) {
        setExpiresAt(result.data.holdExpiresAt);
        setExtended(true);
        setNotice(
          result.data.holdExpiresAt
            ? `Done: ${words.heldUntil} until ${formatTimeIn(new Date(result.data.holdExpiresAt), props.timeZone)} (restaurant time).`
            : "Done: your hold was extended.",
        );
        return;
      }
      if (result.error.code === "hold_expired") onLost(result.error);
      else setExtendError(result.error.message);
    });
  }

  function release() {
    startTransition(async () => {
      const result = await flow.release(props.code);
      if (result.ok || result.error.code === "invalid_transition") {
        flow.afterRelease(props.restaurantSlug);
        return;
      }
      setExtendError(result.error.message);
    });
  }

  const header = (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {lost ? "This hold has ended" : props.replaces ? "Confirm your change" : "Complete your booking"}
      </h1>
      <p className="lead">
        {props.summaryLine}
        {lost
          ? ""
          : ` ${words.holdFor} for ${formatMinutes(props.holdMinutes)} while you add your details.`}
      </p>
      {props.replaces ? (
        <Alert variant="warning" as="p" data-testid="replaces-note">
          You are changing booking <strong>{props.replaces.code}</strong> ({props.replaces.was}). When you confirm, it
          moves to this time and keeps its code, its link and your details. Until then, it stays as it is.
        </Alert>
      ) : null}
    </>
  );

  if (lost) {
    return (
      <>
        {header}
        <div className="booking-layout">
          {props.summary}
          <div className="booking-main">
            <>
              <div className="booking-lost stack" data-testid="hold-lost">
                <div>
                  <Alert
                    variant="warning"
                    live="alert"
                    title={
                      lost.reason === "expired"
                        ? "Hold expired"
                        : lost.reason === "taken"
                          ? words.takenTitle
                          : "Hold ended"
                    }
                  >
                    <p>{lost.message}</p>
                    <p>{props.seats ? "Nothing was booked." : "Nothing was booked. Choose a time again below."}</p>
                  </Alert>
                </div>
                {props.seats ? (
                  <p>
                    <Link href={props.seats.experienceHref}>See the seats left for {props.seats.experienceName}</Link>
                  </p>
                ) : (
                <AlternativeTimes
                  restaurantId={props.restaurantId}
                  timeZone={props.timeZone}
                  date={props.serviceDate}
                  around={props.startsAt}
                  partySize={props.partySize}
                  dateLabel={props.dateLabel}
                  replaces={
                    props.replaces ? { code: props.replaces.code } : undefined
                  }
                />
                )}
                <p>
                  <Link href={`/r/${encodeURIComponent(props.restaurantSlug)}`} target={flow.linkTarget}>
                    See every time at {props.restaurantName}
                  </Link>
                </p>
              </div>
            </>
          </div>
        </div>
      </>
    );
  }

  return (
    <>
      {header}
      <div className="booking-layout">
        {props.summary}
        <div className="booking-main">
          <div className="booking-panel">
            <div className="hold-bar">
              {expiresAt ? (
                <HoldCountdown
                  expiresAt={expiresAt}
                  serverNow={props.serverNow}
                  onExpire={onExpire}
                  label={words.held}
                />
              ) : null}
              <div className="hold-actions">
                {extended ? (
                  <p className="muted hold-note">
                    You have extended this hold once already.
                  </p>
                ) : (
                  <>
                    <Button
                      variant="secondary"
                      onClick={extend}
                      pending={pending}
                      aria-describedby="extend-hint"
                    >
                      Extend hold
                    </Button>
                    <p className="muted hold-note" id="extend-hint">
                      Restarts the clock at {formatMinutes(props.holdMinutes)}.
                      You can do this once.
                    </p>
                  </>
                )}
              </div>
            </div>
            <p className="hold-notice" role="status">
              {notice ?? ""}
            </p>
            {extendError ? (
              <Alert variant="danger" live="alert">
                <p>{extendError}</p>
              </Alert>
            ) : null}
            <BookingForm
              code={props.code}
              defaults={props.defaults}
              onLost={onLost}
              signedIn={props.signedIn}
              draftKey={props.restaurantId}
              paymentNote={props.paymentNote}
              paymentKind={props.paymentKind}
            />
            <p className="release-hold">
              Changed your mind?{" "}
              <Button
                variant="link"
                onClick={release}
                pending={pending}
              >
                {words.release}
              </Button>
            </p>
          </div>
        </div>
      </div>
    </>
  );
}
