"use client";

import { useId, useState } from "react";
import { joinWaitlistAction } from "@/app/r/waitlist-actions";
import { useServerAction } from "@/components/owner/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { partyLabel } from "./format";
import { fieldClass, FieldHint, FieldOptional } from "@/components/ui/field";

/**
 * Offered when the times a diner wants are full: join the waitlist for this date, party size and a
 * window of seating times. When a matching table frees up it is held for them and they get an email
 * with a link to confirm it.
 */
export function JoinWaitlist({
  restaurantId,
  date,
  dateLabel,
  partySize,
  times,
}: {
  restaurantId: string;
  date: string;
  dateLabel: string;
  partySize: number;
  /** The day's seating times (local HH:MM), in order. */
  times: string[];
}) {
  const id = useId();
  const [fromTime, setFrom] = useState(times[0] ?? "18:00");
  const [toTime, setTo] = useState(times[times.length - 1] ?? "21:00");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [smsOptIn, setSmsOptIn] = useState(false);
  const [joined, setJoined] = useState(false);
  const { run, pending, error } = useServerAction(joinWaitlistAction);
  if (times.length === 0) return null;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (await run({ restaurantId, date, partySize, fromTime, toTime, email, phone, smsOptIn })) setJoined(true);
  }

  if (joined) {
    return (
      <Alert variant="success" live="status" data-testid="waitlist-joined">
        You are on the waitlist for {partyLabel(partySize)} on {dateLabel}, {fromTime}–{toTime}. If a table frees up we hold it
        for you and email{smsOptIn ? " and text" : ""} you a link to confirm.
      </Alert>
    );
  }
  const fieldError = (name: string) => error?.fields?.[name]?.[0];
  return (
    <form onSubmit={submit} className="waitlist-form stack-sm" aria-labelledby={`${id}-title`} data-testid="waitlist-form">
      <p id={`${id}-title`} className="empty-title">
        Notify me if a table frees up
      </p>
      <div className="cluster">
        <label htmlFor={`${id}-from`}>Between</label>
        <select id={`${id}-from`} value={fromTime} onChange={(e) => setFrom(e.target.value)}>
          {times.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label htmlFor={`${id}-to`}>and</label>
        <select id={`${id}-to`} value={toTime} onChange={(e) => setTo(e.target.value)} aria-invalid={fieldError("toTime") ? true : undefined}>
          {times.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </div>
      <div className={fieldClass}>
        <label htmlFor={`${id}-email`}>
          Email for the offer <FieldOptional>(not needed when signed in)</FieldOptional>
        </label>
        <input id={`${id}-email`} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={fieldError("email") ? true : undefined} />
      </div>
      <div className={fieldClass}>
        <label htmlFor={`${id}-phone`}>
          Mobile <FieldOptional>(optional, with the country code)</FieldOptional>
        </label>
        <input
          id={`${id}-phone`}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          placeholder="+44 7911 123456"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          aria-invalid={fieldError("phone") ? true : undefined}
        />
      </div>
      <div className="checkbox-field">
        <input id={`${id}-sms`} type="checkbox" checked={smsOptIn} onChange={(e) => setSmsOptIn(e.target.checked)} aria-describedby={`${id}-sms-hint`} />
        <label htmlFor={`${id}-sms`}>Text me the offer too</label>
        <FieldHint className="checkbox-hint" id={`${id}-sms-hint`}>
          Reply STOP to any text to stop them.
        </FieldHint>
      </div>
      {error ? (
        <Alert variant="danger" live="alert">
          {fieldError("email") ?? fieldError("phone") ?? fieldError("toTime") ?? error.message}
        </Alert>
      ) : null}
      <div>
        <Button type="submit" variant="secondary" pending={pending}>
          {pending ? "Joining…" : "Join the waitlist"}
        </Button>
      </div>
    </form>
  );
}
