"use client";

import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import type { DayBook } from "@/lib/reservations/day-book-types";
import { deliveryText, guestName, SOURCE_LABEL, STATUS_LABEL } from "./book-format";
import { PaymentMarkView } from "./payment-mark";
import { Card } from "@/components/ui/card";

/** Every reservation of the day in time order, cancelled ones included, with contact and messages. */
export function BookList({ book, onSelect }: { book: DayBook; onSelect: (id: string) => void }) {
  const tz = book.restaurant.timezone;
  if (book.reservations.length === 0) {
    return (
      <Card>
        <p>No reservations for this day yet.</p>
      </Card>
    );
  }
  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading" className="visually-hidden">
        Reservations
      </h2>
      <ul className="book-cards" aria-label="Reservations">
        {book.reservations.map((r) => (
          <li key={r.id} className={r.status === "cancelled" ? "book-card row-muted" : "book-card"} data-testid="book-card">
            <p className="book-card-head">
              <span className="book-card-time">{r.localStart}</span>
              <Button variant="link" className="book-card-name" onClick={() => onSelect(r.id)}>
                {guestName(r)}
              </Button>
              <span className={`status-pill status-${r.status}`}>{STATUS_LABEL[r.status]}</span>
              <PaymentMarkView payment={r.payment} />
            </p>
            <p className="book-card-meta small">
              Party of {r.partySize} · table {r.tableLabel} · until {r.localEnd} · {SOURCE_LABEL[r.source]}
              {r.phone ? (
                <>
                  {" · "}
                  <a href={`tel:${r.phone}`}>{r.phone}</a>
                </>
              ) : null}
            </p>
            {r.notes ? <p className="small note-line">Note: {r.notes}</p> : null}
            {r.specialRequests ? <p className="small note-line">Request: {r.specialRequests}</p> : null}
          </li>
        ))}
      </ul>
      <DataTable
        wide
        wrapClassName="book-table-wrap"
        className="book-table"
        label="Reservations table"
        caption={<>Reservations in time order, in the restaurant&rsquo;s time zone ({tz})</>}
        hideCaption
        columns={["Time", "Guest", "Party", "Table", "Status", "Contact", "Messages"]}
      >
        {book.reservations.map((r) => (
          <tr key={r.id} className={r.status === "cancelled" ? "row-muted" : undefined} data-testid="book-row">
            <td>
              {r.localStart}–{r.localEnd}
            </td>
            <td>
              <Button variant="link" onClick={() => onSelect(r.id)}>
                {guestName(r)}
              </Button>
              <span className="muted small"> {r.code}</span>
              {r.notes ? <p className="small note-line">Note: {r.notes}</p> : null}
              {r.specialRequests ? <p className="small note-line">Request: {r.specialRequests}</p> : null}
            </td>
            <td>{r.partySize}</td>
            <td>{r.tableLabel}</td>
            <td>
              <span className={`status-pill status-${r.status}`}>{STATUS_LABEL[r.status]}</span>
              <span className="muted small"> {SOURCE_LABEL[r.source]}</span>
              {r.payment ? (
                <>
                  <br />
                  <PaymentMarkView payment={r.payment} />
                </>
              ) : null}
            </td>
            <td className="small">
              {r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : null}
              {r.phone && r.email ? <br /> : null}
              {r.email ? <span className="break">{r.email}</span> : null}
            </td>
            <td className="small">
              {r.source === "walk_in" ? (
                <span className="muted">—</span>
              ) : (
                <>
                  {deliveryText("Confirmation", r.confirmation, tz, Boolean(r.email))}
                  <br />
                  {deliveryText("Reminder", r.reminder, tz, Boolean(r.email))}
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
