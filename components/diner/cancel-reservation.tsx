"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { cancelReservationAction } from "@/app/reservations/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export interface CancelReservationProps {
  code: string;
  /** From the manage link, when this browser has no cookie for the booking. */
  token?: string;
  when: string;
  /** What is cancelled, e.g. "your table" or "your 2 seats at Truffle night". */
  what?: string;
  /** What cancelling now does to the deposit or saved card, in plain words. */
  consequence?: string | null;
}

/** Cancel with a second, explicit step, so a stray tap or Enter never cancels a dinner. */
export function CancelReservation({ code, token, when, what = "your table", consequence }: CancelReservationProps) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) questionRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  function cancel() {
    setError(null);
    startTransition(async () => {
      const result = await cancelReservationAction({ code, ...(token ? { token } : {}) });
      if (result.ok) {
        router.refresh();
        return;
      }
      setError(result.error.message);
    });
  }

  return (
    <div className="cancel-box">
      {asking ? (
        <div className="confirm-step">
          <p ref={questionRef} tabIndex={-1} className="confirm-question">
            Cancel {what} for {when}? This cannot be undone.{consequence ? ` ${consequence}` : ""}
          </p>
          <div className="cluster">
            <Button variant="danger" onClick={cancel} pending={pending}>
              {pending ? "Cancelling…" : "Yes, cancel it"}
            </Button>
            <Button variant="secondary" onClick={() => setAsking(false)}>
              Keep my booking
            </Button>
          </div>
        </div>
      ) : (
        <Button ref={openerRef} variant="secondary" onClick={() => setAsking(true)}>
          Cancel reservation
        </Button>
      )}
      {error ? (
        <Alert variant="danger" live="alert">
          <p>{error}</p>
        </Alert>
      ) : null}
    </div>
  );
}
