"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { holdSeatsAction } from "@/app/book/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { formatMoney } from "@/lib/payments/money";
import { formatMinutes, seatsLabel } from "./format";
import { fieldClass, FieldHint } from "@/components/ui/field";

export interface ExperienceBookingProps {
  experienceId: string;
  currency: string;
  maxSeatsPerBooking: number;
  holdMinutes: number;
  sections: { id: string; name: string; priceCents: number; seatsLeft: number }[];
}

const priceWords = (cents: number, currency: string) => (cents === 0 ? "Free" : `${formatMoney(cents, currency)} per seat`);

/**
 * Choosing seats: a section (each with its price and the seats left; a sold-out one cannot be
 * chosen), how many seats, then a hold for this browser and on to the booking page, where the same
 * countdown, details form and payment as for a table follow.
 */
export function ExperienceBooking({ experienceId, currency, maxSeatsPerBooking, holdMinutes, sections }: ExperienceBookingProps) {
  const router = useRouter();
  const id = useId();
  const firstOpen = sections.find((s) => s.seatsLeft > 0);
  const [sectionId, setSectionId] = useState(firstOpen?.id ?? "");
  const [seats, setSeats] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const section = sections.find((s) => s.id === sectionId);
  const most = section ? Math.max(1, Math.min(maxSeatsPerBooking, section.seatsLeft)) : 1;
  const count = Math.min(seats, most);
  const total = section ? section.priceCents * count : 0;

  if (!firstOpen) {
    return (
      <Alert variant="warning" as="p" data-testid="experience-sold-out">
        Every seat is taken. Seats come back when someone cancels, so it is worth looking again later.
      </Alert>
    );
  }

  function hold() {
    if (!section || pending) return;
    setError(null);
    startTransition(async () => {
      const result = await holdSeatsAction({ experienceId, sectionId: section.id, partySize: count });
      if (result.ok) {
        router.push(`/book/${encodeURIComponent(result.data.code)}`);
        return;
      }
      setError(result.error.message);
      // The seats left changed under the diner: show the page's fresh numbers.
      if (result.error.code === "slot_unavailable") router.refresh();
    });
  }

  return (
    <form
      className="experience-booking stack"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        hold();
      }}
    >
      <h2 id={`${id}-heading`}>Book seats</h2>
      <fieldset className="section-choice">
        <legend>Section</legend>
        {sections.map((s) => {
          const soldOut = s.seatsLeft === 0;
          return (
            <div key={s.id} className={`section-option${soldOut ? " section-option-sold-out" : ""}`}>
              <input
                type="radio"
                id={`${id}-section-${s.id}`}
                name="section"
                value={s.id}
                checked={sectionId === s.id}
                disabled={soldOut}
                onChange={() => setSectionId(s.id)}
                aria-describedby={`${id}-section-${s.id}-facts`}
              />
              <label htmlFor={`${id}-section-${s.id}`}>{s.name}</label>
              <p id={`${id}-section-${s.id}-facts`} className="section-facts">
                {priceWords(s.priceCents, currency)} · {soldOut ? <strong>Sold out</strong> : `${seatsLabel(s.seatsLeft)} left`}
              </p>
            </div>
          );
        })}
      </fieldset>
      <div className={fieldClass}>
        <label htmlFor={`${id}-seats`}>Seats</label>
        <select id={`${id}-seats`} value={count} onChange={(e) => setSeats(Number(e.target.value))} aria-describedby={`${id}-seats-hint`}>
          {Array.from({ length: most }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {seatsLabel(n)}
            </option>
          ))}
        </select>
        <FieldHint id={`${id}-seats-hint`}>
          Up to {seatsLabel(maxSeatsPerBooking)} per booking.
        </FieldHint>
      </div>
      <p className="experience-total" aria-live="polite" data-testid="experience-total">
        {seatsLabel(count)} in {section?.name}: <strong>{total === 0 ? "free" : formatMoney(total, currency)}</strong>
      </p>
      <FormError message={error} />
      <div className="form-actions">
        <Button type="submit" pending={pending}>
          {pending ? "Holding…" : `Hold ${seatsLabel(count)}`}
        </Button>
      </div>
      <p className="muted small">We hold your seats for {formatMinutes(holdMinutes)} while you add your details{total > 0 ? " and pay" : ""}.</p>
    </form>
  );
}
