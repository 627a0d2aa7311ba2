"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { Field, FieldHint } from "@/components/ui/field";
import type { ActionError } from "@/lib/actions";
import {
  guestDetailsSchema,
  OCCASIONS,
  type GuestDetailsInput,
  type GuestDetailsOutput,
} from "@/lib/reservations/contract";
import { useBookingFlow } from "./booking-flow";

const FIELD_NAMES = ["name", "email", "phone", "occasion", "specialRequests"] as const;
type FieldName = (typeof FIELD_NAMES)[number];

export interface BookingFormProps {
  code: string;
  defaults: GuestDetailsInput;
  /** The hold lapsed, or the time was taken: the panel shows what to do next. */
  onLost: (error: ActionError) => void;
  disabled?: boolean;
  signedIn: boolean;
  /** The restaurant's deposit or card policy in plain words, shown before the diner commits. */
  paymentNote?: string | null;
  /** What confirming asks for: money, a card, or nothing. */
  paymentKind?: "deposit" | "prepayment" | "card_guarantee" | null;
  /**
   * What the diner types is kept in this tab's sessionStorage under this key (the restaurant), so a
   * lapsed hold or another time chosen at the same restaurant does not make them type it again. It
   * is dropped once a booking is confirmed.
   */
  draftKey?: string;
}

const DRAFT_PREFIX = "tablekeep:booking-details:";

function readDraft(key: string): Partial<GuestDetailsInput> {
  try {
    const raw = window.sessionStorage.getItem(DRAFT_PREFIX + key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== "object") return {};
    const out: Partial<GuestDetailsInput> = {};
    for (const name of FIELD_NAMES) {
      const v = (parsed as Record<string, unknown>)[name];
      if (typeof v === "string" && v.trim() !== "") out[name] = v.slice(0, 2000) as never;
    }
    return out;
  } catch {
    // Storage blocked or full (private mode): the form simply starts from its defaults.
    return {};
  }
}

function writeDraft(key: string, values: Partial<GuestDetailsInput> | null): void {
  try {
    if (values) window.sessionStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(values));
    else window.sessionStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // Not kept: nothing else depends on it.
  }
}

/**
 * The guest's details, validated in the browser with the very schema the confirm action checks on the
 * server, then confirmed in a transition. Server field errors land on the same fields.
 */
export function BookingForm({ code, defaults, onLost, disabled, signedIn, draftKey, paymentNote, paymentKind }: BookingFormProps) {
  const flow = useBookingFlow();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    subscribe,
    formState: { errors },
  } = useForm<GuestDetailsInput, unknown, GuestDetailsOutput>({
    resolver: zodResolver(guestDetailsSchema),
    defaultValues: defaults,
    mode: "onSubmit",
  });

  // Restored after hydration (the server cannot see sessionStorage), then saved as the diner types.
  useEffect(() => {
    if (!draftKey) return;
    const draft = readDraft(draftKey);
    if (Object.keys(draft).length > 0) reset({ ...defaults, ...draft }, { keepDefaultValues: true });
    return subscribe({ formState: { values: true }, callback: ({ values }) => writeDraft(draftKey, values) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per form: defaults only seed it
  }, [draftKey]);

  const submit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await flow.confirm({ ...values, code });
      if (result.ok) {
        if (draftKey) writeDraft(draftKey, null);
        flow.afterConfirm(result.data.code);
        return;
      }
      const error = result.error;
      // Money or a card is due: the details are kept with the hold; the checkout confirms the booking.
      const checkoutUrl = (error.details?.payment as { checkout_url?: unknown } | undefined)?.checkout_url;
      if (error.code === "payment_required" && typeof checkoutUrl === "string") {
        flow.openCheckout(checkoutUrl);
        return;
      }
      if (error.code === "hold_expired" || error.code === "slot_unavailable" || error.code === "invalid_transition") {
        onLost(error);
        return;
      }
      let focused = false;
      for (const [key, messages] of Object.entries(error.fields ?? {})) {
        const name = (key === "special_requests" ? "specialRequests" : key) as FieldName;
        if (FIELD_NAMES.includes(name) && messages[0]) {
          setError(name, { type: "server", message: messages[0] }, { shouldFocus: !focused });
          focused = true;
        }
      }
      if (!focused) setFormError(error.message);
    });
  });

  const busy = pending || disabled;

  return (
    <form className="booking-form" noValidate onSubmit={submit} aria-labelledby="details-heading">
      <h2 id="details-heading">Your details</h2>
      {signedIn ? <p className="muted">We filled these in from your account; change anything you like.</p> : null}
      <FormError message={formError} />
      <Field id="guest-name" label="Name" required error={errors.name?.message}>
        {(a11y) => <input {...a11y} type="text" autoComplete="name" {...register("name")} />}
      </Field>
      <Field
        id="guest-email"
        label="Email"
        required
        error={errors.email?.message}
        hint="We send the confirmation and your manage link here."
      >
        {(a11y) => <input {...a11y} type="email" autoComplete="email" inputMode="email" {...register("email")} />}
      </Field>
      <Field
        id="guest-phone"
        label="Phone"
        optional
        error={errors.phone?.message}
        hint="For the restaurant to reach you on the day, and for texts if you want them (with the country code, like +44 7911 123456)."
      >
        {(a11y) => <input {...a11y} type="tel" autoComplete="tel" inputMode="tel" {...register("phone")} />}
      </Field>
      <div className="checkbox-field">
        <input id="guest-sms" type="checkbox" {...register("smsOptIn")} aria-describedby="guest-sms-hint" />
        <label htmlFor="guest-sms">Text me the confirmation and reminders too</label>
        <FieldHint className="muted checkbox-hint" id="guest-sms-hint">
          To the phone above. Reply STOP to any text to stop them.
        </FieldHint>
      </div>
      <Field id="guest-occasion" label="Occasion" optional error={errors.occasion?.message}>
        {(a11y) => (
          <select {...a11y} {...register("occasion")}>
            <option value="">None</option>
            {OCCASIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="guest-requests"
        label="Special requests"
        optional
        error={errors.specialRequests?.message}
        hint="Allergies, accessibility needs, a high chair… The restaurant will do its best."
      >
        {(a11y) => <textarea {...a11y} rows={3} {...register("specialRequests")} />}
      </Field>
      {paymentNote ? (
        <p className="payment-note" data-testid="payment-policy">
          {paymentNote}
        </p>
      ) : null}
      <div className="form-actions">
        <Button type="submit" pending={busy}>
          {pending ? "Confirming…" : paymentKind === "card_guarantee" ? "Continue to save a card" : paymentKind ? "Continue to payment" : "Confirm booking"}
        </Button>
      </div>
      <p className="visually-hidden" role="status">
        {pending ? "Confirming your booking…" : ""}
      </p>
    </form>
  );
}
