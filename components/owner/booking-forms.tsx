"use client";

import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { phoneBookingAction, walkInAction } from "@/app/manage/book-actions";
import type { GuestRow } from "@/lib/guests/types";
import { OCCASIONS, phoneBookingSchema, walkInSchema } from "@/lib/reservations/contract";
import type { DayBook } from "@/lib/reservations/day-book-types";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { guestKeyToParam } from "@/lib/guests/contract";
import { freeTablesNow } from "./book-format";
import { GuestContactCombobox } from "./guest-contact-combobox";
import { guestSummaryParts } from "./guest-format";
import { FormActions } from "./form-bits";
import { SeatingTimeFields } from "./seating-time-fields";
import { bestFreeTable, TableSelect } from "./table-select";
import { useActionForm } from "./use-action-form";
import { Card } from "@/components/ui/card";

/** A booking taken by phone: confirmed at once, at one of the day's seatings or any other time. */
export function PhoneBookingForm({ book, onDone, onCancel }: { book: DayBook; onDone: () => void; onCancel: () => void }) {
  const ids = useId();
  const tz = book.restaurant.timezone;
  const now = Date.parse(book.now);
  // Seatings already gone are not offered (a past day's book offers them all: staff may back-fill).
  const seatings = book.date >= book.today ? book.seatings.filter((s) => Date.parse(s.startsAt) > now) : book.seatings;
  const [guest, setGuest] = useState<GuestRow | null>(null);
  const { form, submit, register, pending, error, fieldError } = useActionForm(phoneBookingSchema, phoneBookingAction, {
    defaultValues: {
      startsAt: seatings[0]?.startsAt ?? "",
      partySize: 2,
      name: "",
      phone: "",
      email: "",
      tableId: null,
      notes: "",
      occasion: "",
      specialRequests: "",
    },
    wire: { restaurant_id: book.restaurant.id },
  });

  const onSubmit = submit(() => onDone());
  const phoneField = register("phone");
  const emailField = register("email");
  const typed = (name: "phone" | "email") => (value: string) => {
    setGuest(null);
    form.setValue(name, value, { shouldValidate: form.formState.isSubmitted });
  };
  /** A returning guest chosen from the list fills in who they are (what the guest record lacks stays as typed). */
  function pick(g: GuestRow) {
    setGuest(g);
    const v = { shouldValidate: form.formState.isSubmitted };
    if (g.name) form.setValue("name", g.name, v);
    form.setValue("phone", g.phone ?? form.getValues("phone") ?? "", v);
    form.setValue("email", g.email ?? form.getValues("email") ?? "", v);
  }
  return (
    <Card as="form" className="owner-form book-form" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Phone booking</h2>
      <div className="form-grid">
        <SeatingTimeFields
          idPrefix={ids}
          seatings={seatings}
          initial={seatings[0]?.startsAt}
          date={book.date}
          timezone={tz}
          error={fieldError("startsAt")}
          onChange={(instant) => form.setValue("startsAt", instant, { shouldValidate: form.formState.isSubmitted })}
          required
          otherLabel={seatings.length === 0 ? "No seatings left today: another time…" : undefined}
          otherHint={`On ${book.date}, ${tz}`}
        />
        <Field id={`${ids}-party`} label="Party size" required error={fieldError("partySize")}>
          {(p) => <input {...p} type="number" min={1} max={100} required inputMode="numeric" {...register("partySize", { valueAsNumber: true })} />}
        </Field>
        <Field id={`${ids}-table`} label="Table" hint="Or let the book pick the best free one." error={fieldError("tableId")}>
          {(p) => <TableSelect control={p} tables={book.tables.filter((t) => t.active)} registration={register("tableId", bestFreeTable)} />}
        </Field>
      </div>
      <div className="form-grid">
        <Field id={`${ids}-name`} label="Guest name" required error={fieldError("name")}>
          {(p) => <input {...p} required maxLength={120} autoComplete="off" {...register("name")} />}
        </Field>
        <Field id={`${ids}-phone`} label="Phone" optional hint="Type a few digits to find a returning guest." error={fieldError("phone")}>
          {(p) => (
            <GuestContactCombobox
              control={p}
              field="phone"
              restaurantId={book.restaurant.id}
              value={form.watch("phone") ?? ""}
              onChange={typed("phone")}
              onPick={pick}
              inputRef={phoneField.ref}
              name={phoneField.name}
              onBlur={() => void phoneField.onBlur({ target: { name: "phone" } })}
            />
          )}
        </Field>
        <Field id={`${ids}-email`} label="Email" optional hint="The guest gets a confirmation and a reminder." error={fieldError("email")}>
          {(p) => (
            <GuestContactCombobox
              control={p}
              field="email"
              restaurantId={book.restaurant.id}
              value={form.watch("email") ?? ""}
              onChange={typed("email")}
              onPick={pick}
              inputRef={emailField.ref}
              name={emailField.name}
              onBlur={() => void emailField.onBlur({ target: { name: "email" } })}
            />
          )}
        </Field>
      </div>
      <div role="status" aria-live="polite" aria-atomic="true">
        {guest ? <ReturningGuest g={guest} slug={book.restaurant.slug} /> : null}
      </div>
      <div className="form-grid">
        <Field id={`${ids}-occasion`} label="Occasion" optional error={fieldError("occasion")}>
          {(p) => (
            <select {...p} {...register("occasion")}>
              <option value="">None</option>
              {OCCASIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${ids}-requests`} label="Guest's requests" optional hint="Shown to the guest in their confirmation." error={fieldError("specialRequests")}>
          {(p) => <textarea {...p} rows={2} maxLength={1000} {...register("specialRequests")} />}
        </Field>
      </div>
      <Field id={`${ids}-notes`} label="Staff notes" optional hint="Never shown to the guest." error={fieldError("notes")}>
        {(p) => <textarea {...p} rows={2} maxLength={2000} {...register("notes")} />}
      </Field>
      <FormActions error={error} pending={pending} label="Book it" pendingLabel="Booking…" onCancel={onCancel} cancelLabel="Close" />
    </Card>
  );
}

/** The returning guest the host chose: who they are at a glance, with a link to their profile. */
function ReturningGuest({ g, slug }: { g: GuestRow; slug: string }) {
  return (
    <Alert variant={g.noShows > 0 || g.allergies ? "warning" : "success"} data-testid="returning-guest">
      <p className="guest-summary">
        <strong>Returning guest{g.name ? `: ${g.name}` : ""}.</strong> {guestSummaryParts(g).join(" · ")}
        {g.lastVisit ? ` · last visit ${g.lastVisit}` : ""}.{" "}
        <Link href={`/manage/${slug}/guests/${guestKeyToParam(g.key)}`} target="_blank">
          Guest profile<span className="visually-hidden"> (opens in a new tab)</span>
        </Link>
      </p>
    </Alert>
  );
}

/** A walk-in: seated now, on a table that is free for the next hour and a half, or the best free one. */
export function WalkInForm({ book, onDone, onCancel }: { book: DayBook; onDone: () => void; onCancel: () => void }) {
  const ids = useId();
  const { form, submit, register, pending, error, fieldError } = useActionForm(walkInSchema, walkInAction, {
    defaultValues: { partySize: 2, name: "", tableId: null, notes: "" },
    wire: { restaurant_id: book.restaurant.id },
  });
  const party = form.watch("partySize");
  const free = useMemo(() => freeTablesNow(book.tables, book.reservations, Number.isFinite(party) && party > 0 ? party : 1, book.now), [book, party]);
  const onSubmit = submit(() => onDone());

  return (
    <Card as="form" className="owner-form book-form" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Walk-in</h2>
      <div className="form-grid">
        <Field id={`${ids}-party`} label="Party size" required error={fieldError("partySize")}>
          {(p) => (
            <input {...p} type="number" min={1} max={100} required inputMode="numeric" {...register("partySize", { valueAsNumber: true })} />
          )}
        </Field>
        <Field
          id={`${ids}-table`}
          label="Table"
          hint={free.length === 0 ? "No table for this party is free right now." : `${free.length} free now.`}
          error={fieldError("tableId")}
        >
          {(p) => <TableSelect control={p} tables={free} registration={register("tableId", bestFreeTable)} label={(t) => `${t.label} (${t.maxSeats} seats${t.area ? `, ${t.area}` : ""})`} />}
        </Field>
        <Field id={`${ids}-name`} label="Name" optional error={fieldError("name")}>
          {(p) => <input {...p} maxLength={120} autoComplete="off" placeholder="Walk-in" {...register("name")} />}
        </Field>
      </div>
      <Field id={`${ids}-notes`} label="Staff notes" optional error={fieldError("notes")}>
        {(p) => <textarea {...p} rows={2} maxLength={2000} {...register("notes")} />}
      </Field>
      <FormActions error={error} pending={pending} label="Seat now" pendingLabel="Seating…" onCancel={onCancel} cancelLabel="Close" />
    </Card>
  );
}
