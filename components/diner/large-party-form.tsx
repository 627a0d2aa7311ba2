"use client";

import { requestTableAction } from "@/app/r/party-request-actions";
import { ActionErrorAlert } from "@/components/owner/form-bits";
import { useActionForm } from "@/components/owner/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { partyRequestSchema } from "@/lib/party-requests/contract";
import type { LargePartyRequestProps } from "./large-party-request";

/** What the diner sent, for the confirmation in the form's place. */
export interface PartyRequestSent {
  partySize: number;
  date: string;
  time: string;
  email: string | null;
  phone: string | null;
}

/** The large-party request form itself, validated in the browser with the action's own contract. */
export function LargePartyForm(p: LargePartyRequestProps & { ids: string; onSent: (sent: PartyRequestSent) => void }) {
  const { ids } = p;
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
  const onSubmit = submit((data, values) =>
    p.onSent({ partySize: Number(values.partySize), date: String(values.date), time: String(values.time), email: data.email, phone: data.phone }),
  );

  return (
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
  );
}
