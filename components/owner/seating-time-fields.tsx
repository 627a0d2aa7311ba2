"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import type { BookSeating } from "@/lib/reservations/day-book-types";
import { wallClockInstant } from "./book-format";

/** The select's value for "another time", typed in the field below it. */
const OTHER = "other";

/**
 * When a staff booking starts: one of the day's seatings, or another time typed for this day in the
 * restaurant's zone. `onChange` gets the instant ("" when the typed time is missing or does not exist
 * that day); `error` is the form's message for it, said beside the field the owner can correct.
 */
export function SeatingTimeFields({
  idPrefix,
  seatings,
  initial,
  date,
  timezone,
  error,
  onChange,
  required,
  otherLabel = "Another time…",
  otherHint,
}: {
  idPrefix: string;
  seatings: readonly BookSeating[];
  /** The seating chosen at first (its instant), or none: another time. */
  initial: string | undefined;
  date: string;
  timezone: string;
  error: string | undefined;
  onChange: (instant: string) => void;
  required?: boolean;
  otherLabel?: string;
  otherHint?: string;
}) {
  const [when, setWhen] = useState(initial ?? OTHER);
  const [otherTime, setOtherTime] = useState("");
  const otherInstant = otherTime ? wallClockInstant(date, otherTime, timezone) : null;

  function choose(seating: string, time: string) {
    setWhen(seating);
    setOtherTime(time);
    const instant = seating !== OTHER ? seating : time ? wallClockInstant(date, time, timezone) : null;
    onChange(instant ?? "");
  }

  const otherError = !error ? undefined : !otherTime ? "Enter a time." : !otherInstant ? "That time does not exist on this day (the clocks change)." : error;

  return (
    <>
      <Field id={`${idPrefix}-when`} label="Time" required={required} error={when === OTHER ? undefined : error}>
        {(p) => (
          <select {...p} value={when} onChange={(e) => choose(e.target.value, otherTime)}>
            {seatings.map((s) => (
              <option key={s.startsAt} value={s.startsAt}>
                {s.localTime} · {s.sessionName}
              </option>
            ))}
            <option value={OTHER}>{otherLabel}</option>
          </select>
        )}
      </Field>
      {when === OTHER ? (
        <Field id={`${idPrefix}-time`} label="Other time" required={required} hint={otherHint} error={otherError}>
          {(p) => <input {...p} type="time" required={required} value={otherTime} onChange={(e) => choose(OTHER, e.target.value)} />}
        </Field>
      ) : null}
    </>
  );
}
