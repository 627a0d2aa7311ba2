"use client";

import Link from "next/link";
import { useEffect, useRef, type CSSProperties } from "react";
import { Button } from "@/components/ui/button";
import type { BookReservation, DayBook } from "@/lib/reservations/day-book-types";
import { guestName, STATUS_LABEL } from "./book-format";
import { paymentMark } from "./payment-format";
import { Card } from "@/components/ui/card";

/** Pixels per hour of the timeline; it scrolls sideways on narrow screens. */
const HOUR_PX = 120;

/**
 * Tables down, time across, in the restaurant's zone. Each reservation is a button (name, party size,
 * status colour) that opens its details; cancelled ones are left off (the list view keeps them).
 */
export function BookTimeline({ book, onSelect }: { book: DayBook; onSelect: (id: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const start = Date.parse(book.timeline.start);
  const end = Date.parse(book.timeline.end);
  const span = Math.max(end - start, 1);
  const pct = (iso: string) => ((Date.parse(iso) - start) / span) * 100;
  const hours = span / 3_600_000;
  const now = Date.parse(book.now);
  const showNow = now >= start && now <= end;
  const onTimeline = book.reservations.filter((r) => r.status !== "cancelled" && r.status !== "expired");
  const nowFraction = showNow ? (now - start) / span : null;

  // Open today's timeline at the current time (an hour back), once; the host scrolls from there.
  useEffect(() => {
    const el = scroller.current;
    if (!el || nowFraction === null) return;
    const track = el.scrollWidth - (el.querySelector(".timeline-label")?.clientWidth ?? 0);
    el.scrollLeft = Math.max(0, nowFraction * track - track / hours);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on first render: polling must not move the view
  }, []);

  const byTable = new Map<string, BookReservation[]>();
  for (const r of onTimeline) byTable.set(r.tableId, [...(byTable.get(r.tableId) ?? []), r]);

  if (book.tables.length === 0) {
    return (
      <Card>
        <p>No tables yet. Add tables on the Floor page to see the timeline.</p>
      </Card>
    );
  }

  const trackStyle = { "--timeline-width": `${Math.round(hours * HOUR_PX)}px` } as CSSProperties;
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="visually-hidden">
        Timeline
      </h2>
      <div className="timeline-legend" aria-hidden="true">
        {(["held", "confirmed", "seated", "completed", "no_show"] as const).map((s) => (
          <span key={s} className={`legend-item status-${s}`}>
            {STATUS_LABEL[s]}
          </span>
        ))}
      </div>
      <div ref={scroller} className="timeline-scroll" tabIndex={0} role="region" aria-label="Timeline of tables and times; scroll sideways for later times">
        <div className="timeline-grid" style={trackStyle}>
          <div className="timeline-row timeline-head" aria-hidden="true">
            <div className="timeline-label" />
            <div className="timeline-track">
              {book.timeline.ticks.map((t) => (
                <span key={t.at} className="timeline-tick" style={{ left: `${pct(t.at)}%` }}>
                  {t.label}
                </span>
              ))}
            </div>
          </div>
          {book.experiences.length > 0 ? (
            <div className="timeline-row timeline-experience-row" data-testid="timeline-experiences">
              <div className="timeline-label">
                <span className="timeline-table">Experiences</span>
              </div>
              <div className="timeline-track">
                {book.experiences.map((e) => {
                  const left = Math.max(0, pct(e.startsAt));
                  const width = Math.max(1.5, Math.min(100, pct(e.endsAt)) - left);
                  return (
                    <Link
                      key={e.id}
                      href={`/manage/${book.restaurant.slug}/experiences/${e.id}`}
                      className="timeline-block timeline-experience-band"
                      style={{ left: `${left}%`, width: `${width}%` }}
                      data-testid="timeline-experience"
                    >
                      <span className="block-name">{e.name}</span>
                      <span className="block-meta">
                        {e.localStart}–{e.localEnd} · {e.seatsTaken}/{e.capacity} seats
                        {e.closesRegularService ? " · dining room closed" : ""}
                      </span>
                    </Link>
                  );
                })}
              </div>
            </div>
          ) : null}
          <ul className="timeline-rows">
            {book.tables.map((table) => {
              const rows = byTable.get(table.id) ?? [];
              return (
                <li key={table.id} className="timeline-row" data-testid={`timeline-row-${table.label}`}>
                  <div className="timeline-label">
                    <span className="timeline-table">{table.label}</span>
                    <span className="timeline-seats">
                      {table.minSeats === table.maxSeats ? table.maxSeats : `${table.minSeats}–${table.maxSeats}`} seats
                      {!table.online ? " · house" : ""}
                      {!table.active ? " · inactive" : ""}
                    </span>
                  </div>
                  <div className="timeline-track">
                    {book.timeline.ticks.map((t) => (
                      <span key={t.at} className="timeline-gridline" style={{ left: `${pct(t.at)}%` }} aria-hidden="true" />
                    ))}
                    {book.experiences
                      .filter((e) => e.closesRegularService)
                      .map((e) => (
                        <span
                          key={e.id}
                          className="timeline-experience"
                          style={{ left: `${Math.max(0, pct(e.startsAt))}%`, width: `${Math.min(100, pct(e.endsAt)) - Math.max(0, pct(e.startsAt))}%` }}
                          aria-hidden="true"
                        />
                      ))}
                    {showNow ? <span className="timeline-now" style={{ left: `${((now - start) / span) * 100}%` }} aria-hidden="true" /> : null}
                    {rows.length === 0 ? <span className="visually-hidden">No reservations at table {table.label}.</span> : null}
                    {rows.map((r) => {
                      const left = Math.max(0, pct(r.startsAt));
                      const width = Math.max(1.5, Math.min(100, pct(r.endsAt)) - left);
                      const mark = paymentMark(r.payment);
                      return (
                        <Button
                          key={r.id}
                          variant="plain"
                          className={`timeline-block status-${r.status}`}
                          style={{ left: `${left}%`, width: `${width}%` }}
                          onClick={() => onSelect(r.id)}
                          data-testid="timeline-block"
                          data-status={r.status}
                        >
                          {/* One sentence for assistive technology (it starts with the visible name); the short form is for the eye. */}
                          <span className="visually-hidden">{`${guestName(r)}, party of ${r.partySize}, ${r.localStart} to ${r.localEnd}, table ${table.label}, ${STATUS_LABEL[r.status]}${mark ? `, ${mark.label.toLowerCase()}` : ""}`}</span>
                          <span className="block-name" aria-hidden="true">
                            {guestName(r)}
                          </span>
                          <span className="block-meta" aria-hidden="true">
                            {r.partySize} · {r.localStart}
                            {mark ? <span className={`pay-mark pay-${mark.tone}`}>{mark.short}</span> : null}
                          </span>
                        </Button>
                      );
                    })}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </section>
  );
}
