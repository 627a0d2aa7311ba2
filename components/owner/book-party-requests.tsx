"use client";

import { useId, useState } from "react";
import { acceptPartyRequestAction, declinePartyRequestAction } from "@/app/manage/party-request-actions";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { acceptPartyRequestSchema, declinePartyRequestSchema } from "@/lib/party-requests/contract";
import type { BookPartyRequest, DayBook } from "@/lib/reservations/day-book-types";
import { wallClockInstant } from "./book-format";
import { FormActions } from "./form-bits";
import { bestFreeTable, TableSelect } from "./table-select";
import { useActionForm } from "./use-action-form";

const STATUS: Record<BookPartyRequest["status"], { label: string; badge: BadgeVariant }> = {
  pending: { label: "To answer", badge: "warning" },
  accepted: { label: "Accepted", badge: "success" },
  declined: { label: "Declined", badge: "neutral" },
};

/**
 * Large parties asking for a table this day. Accepting books them (confirmed, at the table and time
 * chosen here, through the same service as a phone booking) and sends their confirmation; declining
 * sends them the message written here.
 */
export function BookPartyRequests({ book, onChanged }: { book: DayBook; onChanged: () => void }) {
  const requests = book.partyRequests;
  const [announcement, setAnnouncement] = useState("");
  if (requests.length === 0) return null;
  const open = requests.filter((r) => r.status === "pending").length;
  return (
    <section aria-labelledby="party-requests-heading" className="book-waitlist" id="party-requests" data-testid="party-requests">
      <h2 id="party-requests-heading">
        Large-party requests <span className="muted waitlist-count">{open > 0 ? `${open} to answer` : ""}</span>
      </h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <ul className="waitlist-entries">
        {requests.map((r) => (
          <RequestRow
            key={r.id}
            request={r}
            book={book}
            onAnswered={(text) => {
              setAnnouncement(text);
              onChanged();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

type Mode = "none" | "accept" | "decline";

function RequestRow({ request: r, book, onAnswered }: { request: BookPartyRequest; book: DayBook; onAnswered: (text: string) => void }) {
  const [mode, setMode] = useState<Mode>("none");
  const labelId = `party-request-${r.id}`;
  const status = STATUS[r.status];
  return (
    <li className="waitlist-entry" aria-labelledby={labelId} data-testid="party-request">
      <div className="waitlist-main">
        <p id={labelId} className="waitlist-what">
          {r.name}: party of {r.partySize} at {r.time}
        </p>
        <Badge variant={status.badge}>{status.label}</Badge>
      </div>
      <p className="waitlist-contact">
        {r.email ? <a href={`mailto:${r.email}`}>{r.email}</a> : null}
        {r.email && r.phone ? " · " : null}
        {r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : null}
      </p>
      {r.notes ? <p className="party-request-notes">“{r.notes}”</p> : null}
      {r.booking ? (
        <p className="waitlist-offer muted">
          Booked for {r.booking.localStart} at table {r.booking.tableLabel} (booking {r.booking.code}).
        </p>
      ) : null}
      {r.status === "declined" && r.declineMessage ? <p className="waitlist-offer muted">Declined: “{r.declineMessage}”</p> : null}
      {r.status === "pending" && mode === "none" ? (
        <div className="waitlist-actions cluster">
          <Button variant="primary" onClick={() => setMode("accept")} aria-describedby={labelId}>
            Accept…
          </Button>
          <Button variant="secondary" onClick={() => setMode("decline")} aria-describedby={labelId}>
            Decline…
          </Button>
        </div>
      ) : null}
      {r.status === "pending" && mode === "accept" ? (
        <AcceptForm request={r} book={book} onCancel={() => setMode("none")} onDone={(text) => { setMode("none"); onAnswered(text); }} />
      ) : null}
      {r.status === "pending" && mode === "decline" ? (
        <DeclineForm request={r} book={book} onCancel={() => setMode("none")} onDone={(text) => { setMode("none"); onAnswered(text); }} />
      ) : null}
    </li>
  );
}

function AcceptForm({ request: r, book, onCancel, onDone }: { request: BookPartyRequest; book: DayBook; onCancel: () => void; onDone: (text: string) => void }) {
  const ids = useId();
  const tz = book.restaurant.timezone;
  const [time, setTime] = useState(r.time);
  const { form, submit, register, pending, error, fieldError } = useActionForm(acceptPartyRequestSchema, acceptPartyRequestAction, {
    defaultValues: { requestId: r.id, startsAt: wallClockInstant(book.date, r.time, tz) ?? "", tableId: null },
    wire: { restaurant_id: book.restaurant.id },
  });
  const fitting = book.tables.filter((t) => t.active && t.maxSeats >= r.partySize);
  const onSubmit = submit((data) => onDone(`Accepted: ${r.name}, party of ${r.partySize}, booked at table ${data.table} (booking ${data.code}).`));
  const timeError = fieldError("startsAt") ? (wallClockInstant(book.date, time, tz) ? fieldError("startsAt") : "That time does not exist on this day.") : undefined;
  return (
    <form className="owner-form party-request-form" onSubmit={onSubmit} noValidate aria-label={`Accept ${r.name}'s request`}>
      <div className="form-grid">
        <Field id={`${ids}-time`} label="Time" required hint={`On ${book.date}, ${tz}`} error={timeError}>
          {(p) => (
            <input
              {...p}
              type="time"
              required
              value={time}
              onChange={(e) => {
                setTime(e.target.value);
                form.setValue("startsAt", wallClockInstant(book.date, e.target.value, tz) ?? "", { shouldValidate: form.formState.isSubmitted });
              }}
            />
          )}
        </Field>
        <Field id={`${ids}-table`} label="Table" hint={fitting.length === 0 ? `No single table seats ${r.partySize}.` : "Or let the book pick the best free one."} error={fieldError("tableId")}>
          {(p) => <TableSelect control={p} tables={fitting} registration={register("tableId", bestFreeTable)} />}
        </Field>
      </div>
      <FormActions error={error} pending={pending} label="Accept and book" pendingLabel="Booking…" onCancel={onCancel} />
    </form>
  );
}

function DeclineForm({ request: r, book, onCancel, onDone }: { request: BookPartyRequest; book: DayBook; onCancel: () => void; onDone: (text: string) => void }) {
  const ids = useId();
  const { submit, register, pending, error, fieldError } = useActionForm(declinePartyRequestSchema, declinePartyRequestAction, {
    defaultValues: { requestId: r.id, message: "" },
    wire: { restaurant_id: book.restaurant.id },
  });
  const onSubmit = submit(() => onDone(`Declined ${r.name}'s request.`));
  return (
    <form className="owner-form party-request-form" onSubmit={onSubmit} noValidate aria-label={`Decline ${r.name}'s request`}>
      <Field
        id={`${ids}-message`}
        label="Message to the group"
        required
        hint={r.email ? `Emailed to ${r.email}.` : "They gave no email: call them on the number above as well."}
        error={fieldError("message")}
      >
        {(p) => <textarea {...p} rows={3} maxLength={1000} required {...register("message")} />}
      </Field>
      <FormActions error={error} pending={pending} variant="danger" label="Decline and send" pendingLabel="Declining…" onCancel={onCancel} />
    </form>
  );
}
