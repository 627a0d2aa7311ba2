"use client";

import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { Alert, alertClass } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { telHref } from "@/components/restaurants/contact";
import type { PartyRequestSent } from "./large-party-form";
import { formatLocalDate, partyLabel } from "./format";

/**
 * The form's code (its validation, phone numbers included) is fetched when the form opens: most
 * diners never ask, and the restaurant page should not run it for them.
 */
const LargePartyForm = dynamic(() => import("./large-party-form").then((m) => m.LargePartyForm), {
  loading: () => (
    <p className="muted" role="status">
      Opening the form…
    </p>
  ),
});

export interface LargePartyRequestProps {
  restaurantId: string;
  restaurantName: string;
  maxPartySize: number;
  today: string;
  lastDate: string;
  timeZone: string;
  /** The party size the diner arrived asking for, when above the online maximum: the form opens at once. */
  asked?: number;
  initialDate?: string;
  /** The restaurant's phone, for those who would rather call. */
  phone?: string | null;
}

/**
 * The way for a group larger than the restaurant books online: a request (who, when, how many, how to
 * answer) that goes to the restaurant, which accepts or declines it by email. Closed behind a button
 * unless the diner arrived asking for such a party.
 */
export function LargePartyRequest(p: LargePartyRequestProps) {
  const ids = useId();
  const [open, setOpen] = useState(p.asked !== undefined);
  const [sent, setSent] = useState<PartyRequestSent | null>(null);

  if (sent) {
    return (
      <Alert variant="success" live="status" data-testid="party-request-sent">
        <strong>Your request is with {p.restaurantName}.</strong> {partyLabel(sent.partySize)} on {formatLocalDate(sent.date)} at {sent.time}. They
        will answer {sent.email ? `by email to ${sent.email}` : `by text message or a call on ${sent.phone}`}; nothing is booked until they do.
      </Alert>
    );
  }

  return (
    <section className={p.asked ? alertClass("warning", "large-party") : "large-party"} aria-labelledby={`${ids}-title`} data-testid="large-party">
      <p id={`${ids}-title`} className="large-party-title">
        {p.asked ? (
          <strong>
            {p.restaurantName} books parties of up to {p.maxPartySize} online, and you asked for {p.asked}.{" "}
          </strong>
        ) : (
          `More than ${p.maxPartySize} people? `
        )}
        Ask {p.restaurantName} for a table: they answer every request
        {p.phone ? (
          <>
            {" "}
            (or call <a href={telHref(p.phone)}>{p.phone}</a>)
          </>
        ) : null}
        .
      </p>
      {!open ? (
        <Button variant="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
          Request a table
        </Button>
      ) : (
        <LargePartyForm {...p} ids={ids} onSent={setSent} />
      )}
    </section>
  );
}
