"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DayBook } from "@/lib/reservations/day-book-types";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { BookList } from "./book-list";
import { BookTimeline } from "./book-timeline";
import { BookPartyRequests } from "./book-party-requests";
import { BookWaitlist } from "./book-waitlist";
import { addDays } from "@/lib/availability/calendar";
import { longDate, guestName } from "./book-format";
import { PhoneBookingForm, WalkInForm } from "./booking-forms";
import { ReservationDialog, type StatusChange } from "./reservation-dialog";
import { UndoToast } from "./undo-toast";
import { Alert } from "@/components/ui/alert";

/** How often the book asks for changes (online bookings, other hosts' actions). */
export const BOOK_POLL_MS = 4_000;

async function fetchBook(slug: string, date: string): Promise<DayBook> {
  const res = await fetch(`/manage/${encodeURIComponent(slug)}/book?date=${date}`, { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The book could not be loaded (${res.status}).`);
  }
  return (await res.json()) as DayBook;
}

type Panel = "none" | "phone" | "walk-in";

export function DayBookView({ initial }: { initial: DayBook }) {
  const slug = initial.restaurant.slug;
  const date = initial.date;
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ["book", slug, date],
    queryFn: () => fetchBook(slug, date),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.now),
    refetchInterval: BOOK_POLL_MS,
    // The book is the host's live view: another host's change is news after a second, not fifteen.
    staleTime: 1_000,
  });
  const book = query.data;
  const tz = book.restaurant.timezone;
  const [view, setView] = useState<"timeline" | "list">("timeline");
  const [panel, setPanel] = useState<Panel>("none");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [lastChange, setLastChange] = useState<StatusChange | null>(null);
  const dismissChange = useCallback(() => setLastChange(null), []);
  // Holds are diners mid-booking: a booking is news once it is confirmed (or seated).
  const known = useRef<Set<string>>(new Set(initial.reservations.filter((r) => r.status !== "held").map((r) => r.id)));

  // Say so (politely) when a booking arrives from elsewhere, e.g. a diner booking online.
  useEffect(() => {
    const fresh = book.reservations.filter((r) => r.status !== "held" && !known.current.has(r.id));
    for (const r of fresh) known.current.add(r.id);
    if (fresh.length === 1) setAnnouncement(`New booking: ${guestName(fresh[0]!)}, party of ${fresh[0]!.partySize}, at ${fresh[0]!.localStart}.`);
    else if (fresh.length > 1) setAnnouncement(`${fresh.length} new bookings.`);
  }, [book.reservations]);

  const refetch = () => queryClient.invalidateQueries({ queryKey: ["book", slug, date] });
  const selected = book.reservations.find((r) => r.id === selectedId) ?? null;
  const isToday = date === book.today;
  const updated = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(
    new Date(query.dataUpdatedAt || Date.parse(book.now)),
  );

  return (
    <div className="day-book stack">
      <div className="book-toolbar">
        <div>
          <h1 className="book-title">
            {longDate(date)}
            {isToday ? <Badge variant="brand">Today</Badge> : null}
          </h1>
          <p className="book-live muted">
            <span className={query.isError ? "live-dot live-dot-off" : "live-dot"} aria-hidden="true" />
            {query.isError ? `Not updating: ${(query.error as Error).message}` : `Live · updated ${updated}`}
          </p>
        </div>
        <nav className="book-dates" aria-label="Choose a date">
          <Link className={buttonClass("secondary", "book-date-step")} href={`/manage/${slug}?date=${addDays(date, -1)}`}>
            <span aria-hidden="true">←</span> <span className="narrow-hidden">Previous day</span>
            <span className="visually-hidden narrow-only">Previous day</span>
          </Link>
          {!isToday ? (
            <Link className={buttonClass("secondary", "book-date-step")} href={`/manage/${slug}`}>
              Today
            </Link>
          ) : null}
          <Link className={buttonClass("secondary", "book-date-step")} href={`/manage/${slug}?date=${addDays(date, 1)}`}>
            <span className="narrow-hidden">Next day</span>
            <span className="visually-hidden narrow-only">Next day</span> <span aria-hidden="true">→</span>
          </Link>
          <form className="book-date-form" action={`/manage/${slug}`} method="get">
            <label htmlFor="book-date" className="visually-hidden">
              Date
            </label>
            <input id="book-date" type="date" name="date" defaultValue={date} required />
            <Button type="submit" variant="secondary" className="book-date-step">
              Go
            </Button>
          </form>
        </nav>
      </div>

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {book.closed ? (
        <Alert variant="warning">
          Closed to online booking this day{book.closed.reason ? ` (${book.closed.reason})` : ""}. Staff can still book.
        </Alert>
      ) : null}

      {book.experiences.length > 0 ? (
        <ul className="book-experiences" aria-label="Experiences this day">
          {book.experiences.map((e) => (
            <Alert as="li" className="book-experience-notice" key={e.id} data-testid="book-experience">
              <strong>
                {e.localStart}–{e.localEnd}: <Link href={`/manage/${slug}/experiences/${e.id}`}>{e.name}</Link>
              </strong>{" "}
              · {e.seatsTaken} of {e.capacity} seats taken{e.published ? "" : " · draft"}
              {e.closesRegularService ? " · the regular dining room is closed while it runs" : ""}
            </Alert>
          ))}
        </ul>
      ) : null}

      <dl className="book-counts" aria-label="Counts for the day">
        <Count label="Bookings" value={book.counts.bookings} />
        <Count label="Covers" value={book.counts.covers} />
        <Count label="Confirmed" value={book.counts.confirmed} />
        <Count label="Seated" value={book.counts.seated} />
        <Count label="Finished" value={book.counts.completed} />
        <Count label="No-shows" value={book.counts.noShow} />
        <Count label="Cancelled" value={book.counts.cancelled} />
        {book.counts.held > 0 ? <Count label="Being booked" value={book.counts.held} /> : null}
      </dl>

      <div className="cluster book-actions">
        <Button variant={panel === "phone" ? "primary" : "secondary"} aria-expanded={panel === "phone"} aria-controls="book-panel" onClick={() => setPanel(panel === "phone" ? "none" : "phone")}>
          Phone booking
        </Button>
        {isToday ? (
          <Button variant={panel === "walk-in" ? "primary" : "secondary"} aria-expanded={panel === "walk-in"} aria-controls="book-panel" onClick={() => setPanel(panel === "walk-in" ? "none" : "walk-in")}>
            Walk-in
          </Button>
        ) : (
          <span className="muted">Walk-ins are seated on today&rsquo;s book.</span>
        )}
        <div className="view-switch" role="group" aria-label="View">
          <Button variant={view === "timeline" ? "primary" : "ghost"} aria-pressed={view === "timeline"} onClick={() => setView("timeline")}>
            Timeline
          </Button>
          <Button variant={view === "list" ? "primary" : "ghost"} aria-pressed={view === "list"} onClick={() => setView("list")}>
            List
          </Button>
        </div>
      </div>

      <div id="book-panel">
        {panel === "phone" ? (
          <PhoneBookingForm book={book} onDone={() => { setPanel("none"); void refetch(); }} onCancel={() => setPanel("none")} />
        ) : null}
        {panel === "walk-in" && isToday ? (
          <WalkInForm book={book} onDone={() => { setPanel("none"); void refetch(); }} onCancel={() => setPanel("none")} />
        ) : null}
      </div>

      {view === "timeline" ? (
        <BookTimeline book={book} onSelect={setSelectedId} />
      ) : (
        <BookList book={book} onSelect={setSelectedId} />
      )}

      <BookPartyRequests book={book} onChanged={() => void refetch()} />

      <BookWaitlist book={book} onChanged={() => void refetch()} />

      <section aria-labelledby="covers-heading" className="covers">
        <h2 id="covers-heading">Covers per seating</h2>
        {book.coversBySlot.length === 0 ? (
          <p className="muted">No seatings this day.</p>
        ) : (
          <ol className="covers-strip">
            {book.coversBySlot.map((s) => (
              <li key={s.startsAt} className={s.covers > 0 ? "has-covers" : undefined}>
                <span className="covers-time">{s.localTime}</span>
                <span className="covers-count">{s.covers}</span>
                <span className="visually-hidden">{s.covers === 1 ? " cover" : " covers"}, {s.reservations} {s.reservations === 1 ? "booking" : "bookings"}</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <ReservationDialog
        book={book}
        reservation={selected}
        onClose={() => setSelectedId(null)}
        onChanged={() => void refetch()}
        onStatusChanged={setLastChange}
      />
      <UndoToast restaurantId={book.restaurant.id} change={lastChange} onUndone={() => void refetch()} onDismiss={dismissChange} />
    </div>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div className="book-count">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
