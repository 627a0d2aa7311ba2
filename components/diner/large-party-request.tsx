"use client";

import { useId, useState } from "react";
import { requestTableAction } from "@/app/r/party-request-actions";
import { ActionErrorAlert } from "@/components/owner/form-bits";
import { useActionForm } from "@/components/owner/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { telHref } from "@/components/restaurants/contact";
import { partyRequestSchema } from "@/lib/party-requests/contract";
import { formatLocalDate, partyLabel } from "./format";

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
  const [sent, setSent] = useState<{ partySize: number; date: string; time: string; email: string | null; phone: string | null } | null>(null);
  const min = p.maxPartySize + 1;
  const { submit, register, pending, error, fieldError } = useActionForm(partyRequestSchema, requestTableAction, {
    defaultValues: {
      date: p.initialDate && p.initialDate >= p.today && p.initialDate <= p.lastDate ? p.initialDate : p.today,
      time: "19:00",
      partySize: p.asked ?? min,
      name: "",
      email: "",
      phone: "",
      notes: "",
    },
    wire: { restaurant_id: p.restaurantId },
  });
  const onSubmit = submit((data, values) => setSent({ partySize: Number(values.partySize), date: String(values.date), time: String(values.time), email: data.email, phone: data.phone }));

  if (sent) {
    return (
      <Alert variant="success" live="status" data-testid="party-request-sent">
        <strong>Your request is with {p.restaurantName}.</strong> {partyLabel(sent.partySize)} on {formatLocalDate(sent.date)} at {sent.time}. They
        will answer {sent.email ? `by email to ${sent.email}` : `by phone on ${sent.phone}`}; nothing is booked until they do.
      </Alert>
    );
  }

  return (
    <section className={p.asked ? "large-party alert alert-warning" : "large-party"} aria-labelledby={`${ids}-title`} data-testid="large-party">
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
        <form className="party-request stack-sm" onSubmit={onSubmit} noValidate aria-label="Request a table">
          <div className="party-request-grid">
            <Field id={`${ids}-party`} label="Party size" required error={fieldError("partySize")}>
              {(f) => <input {...f} type="number" inputMode="numeric" min={min} max={100} required {...register("partySize", { valueAsNumber: true })} />}
            </Field>
            <Field id={`${ids}-date`} label="Date" required error={fieldError("date")}>
              {(f) => <input {...f} type="date" min={p.today} max={p.lastDate} required {...register("date")} />}
            </Field>
            <Field id={`${ids}-time`} label="Time" required hint={`Local to the restaurant (${p.timeZone})`} error={fieldError("time")}>
              {(f) => <input {...f} type="time" required {...register("time")} />}
            </Field>
          </div>
          <div className="party-request-grid">
            <Field id={`${ids}-name`} label="Name" required error={fieldError("name")}>
              {(f) => <input {...f} autoComplete="name" maxLength={120} required {...register("name")} />}
            </Field>
            <Field id={`${ids}-email`} label="Email" hint="An email or a phone number, so they can answer." error={fieldError("email")}>
              {(f) => <input {...f} type="email" autoComplete="email" maxLength={254} {...register("email")} />}
            </Field>
            <Field id={`${ids}-phone`} label="Phone" optional error={fieldError("phone")}>
              {(f) => <input {...f} type="tel" autoComplete="tel" maxLength={40} {...register("phone")} />}
            </Field>
          </div>
          <Field id={`${ids}-notes`} label="Notes" optional hint="The occasion, a set menu, access needs…" error={fieldError("notes")}>
            {(f) => <textarea {...f} rows={3} maxLength={1000} {...register("notes")} />}
          </Field>
          <ActionErrorAlert error={error} />
          <Button type="submit" pending={pending}>
            {pending ? "Sending…" : "Send request"}
          </Button>
        </form>
      )}
    </section>
  );
}
