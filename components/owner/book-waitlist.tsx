"use client";

import { useState } from "react";
import { offerWaitlistEntryAction } from "@/app/manage/waitlist-actions";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { BookWaitlistEntry, DayBook } from "@/lib/reservations/day-book-types";
import { useServerAction } from "./use-server-action";
import { FieldHint } from "@/components/ui/field";

const STATUS: Record<BookWaitlistEntry["status"], { label: string; badge: BadgeVariant }> = {
  waiting: { label: "Waiting", badge: "brand" },
  offered: { label: "Offered", badge: "warning" },
  booked: { label: "Booked", badge: "success" },
  lapsed: { label: "Offer lapsed", badge: "neutral" },
  left: { label: "Left the list", badge: "neutral" },
  expired: { label: "Expired", badge: "neutral" },
};

/**
 * The day's "notify me" list, in the order offers go out. A host may offer a waiting entry a table
 * by hand: the server holds the first free seating in its window for it and sends the offer, through
 * the same path as the automatic offers, so it cannot be offered twice or given a table someone holds.
 */
export function BookWaitlist({ book, onChanged }: { book: DayBook; onChanged: () => void }) {
  const entries = book.waitlist;
  const waiting = entries.filter((e) => e.status === "waiting").length;
  const [announcement, setAnnouncement] = useState("");
  return (
    <section aria-labelledby="waitlist-heading" className="book-waitlist" data-testid="book-waitlist">
      <h2 id="waitlist-heading">
        Waitlist{" "}
        <span className="muted waitlist-count">
          {entries.length === 0 ? "" : `${waiting} waiting${entries.length > waiting ? `, ${entries.length} in all` : ""}`}
        </span>
      </h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {entries.length === 0 ? (
        <p className="muted">Nobody is on the waitlist for this day. Diners can join it when the times they want are full.</p>
      ) : (
        <ol className="waitlist-entries">
          {entries.map((e, i) => (
            <WaitlistRow key={e.id} entry={e} position={i + 1} book={book} onOffered={(text) => { setAnnouncement(text); onChanged(); }} />
          ))}
        </ol>
      )}
    </section>
  );
}

function WaitlistRow({ entry: e, position, book, onOffered }: { entry: BookWaitlistEntry; position: number; book: DayBook; onOffered: (text: string) => void }) {
  const { run, pending, error } = useServerAction(offerWaitlistEntryAction);
  const status = STATUS[e.status];
  const closed = e.status === "left" || e.status === "expired" || e.status === "lapsed";
  const tz = book.restaurant.timezone;
  const until = e.offer?.holdExpiresAt
    ? new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(e.offer.holdExpiresAt))
    : null;
  const who = e.email;
  const labelId = `waitlist-${e.id}`;

  async function offer() {
    if (pending) return;
    const done = await run({ restaurant_id: book.restaurant.id, entry_id: e.id });
    if (done) onOffered(`Offered a table to ${who}.`);
  }

  return (
    <li className={closed ? "waitlist-entry waitlist-entry-closed" : "waitlist-entry"} aria-labelledby={labelId} data-testid="waitlist-entry">
      <div className="waitlist-main">
        <p id={labelId} className="waitlist-what">
          <span className="waitlist-position" aria-label={`Number ${position}`}>
            {position}.
          </span>{" "}
          Party of {e.partySize}, {e.fromTime}–{e.toTime}
        </p>
        <Badge variant={status.badge}>{status.label}</Badge>
      </div>
      <p className="waitlist-contact">
        <a href={`mailto:${e.email}`}>{e.email}</a>
        {e.phone ? (
          <>
            {" · "}
            <a href={`tel:${e.phone}`}>{e.phone}</a>
          </>
        ) : null}
      </p>
      {e.offer ? (
        <p className="waitlist-offer muted">
          {e.status === "offered" && until
            ? `Held ${e.offer.localStart} for them until ${until} (booking ${e.offer.code}).`
            : e.status === "booked"
              ? `Booked for ${e.offer.localStart} (booking ${e.offer.code}).`
              : `Was offered ${e.offer.localStart} (booking ${e.offer.code}).`}
        </p>
      ) : null}
      {e.status === "waiting" ? (
        <div className="waitlist-actions">
          <Button variant="secondary" onClick={offer} pending={pending} aria-describedby={labelId}>
            {pending ? "Offering…" : "Offer a table"}
          </Button>
          <FieldHint as="span" className="muted">Holds the first free time in their window and sends them the link.</FieldHint>
        </div>
      ) : null}
      {error ? (
        <Alert variant="danger" live="alert">
          <p>{error.message}</p>
        </Alert>
      ) : null}
    </li>
  );
}
