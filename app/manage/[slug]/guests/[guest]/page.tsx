import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatLocalDate } from "@/components/diner/format";
import { STATUS_LABEL } from "@/components/owner/book-format";
import { guestContact } from "@/components/owner/guest-format";
import { GuestProfileForm } from "@/components/owner/guest-profile-form";
import { NotAllowed } from "@/components/owner/not-allowed";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { guestKeyFromParam } from "@/lib/guests/contract";
import { getGuestProfile, type GuestProfileView } from "@/lib/guests";
import { OCCASIONS } from "@/lib/reservations/contract";
import { countOf } from "@/lib/text/plural";
import { loadWorkspace } from "../../../workspace";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Guest" };

const occasionLabel = (v: string | null) => OCCASIONS.find((o) => o.value === v)?.label ?? v;

/** One guest: their counts, every booking here, and the tags, allergies and notes staff keep. */
export default async function GuestPage({ params }: { params: Promise<{ slug: string; guest: string }> }) {
  const { slug, guest } = await params;
  const ws = await loadWorkspace(slug, "guests.view", `/manage/${slug}/guests`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const key = guestKeyFromParam(guest);
  if (!key) notFound();
  let g: GuestProfileView;
  try {
    g = await getGuestProfile(getDb(), ws.principal, ws.restaurant.id, key);
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") notFound();
    throw e;
  }

  return (
    <div className="stack">
      <div>
        <nav aria-label="Breadcrumb">
          <p className="eyebrow">
            <Link href={`/manage/${ws.restaurant.slug}/guests`}>All guests</Link>
          </p>
        </nav>
        <h1>{g.name ?? "No name given"}</h1>
        <p className="muted break">{guestContact(g)}</p>
        {g.allergies ? (
          <Alert variant="warning" as="p" data-testid="guest-allergies">
            <strong>Allergies:</strong> {g.allergies}
          </Alert>
        ) : null}
      </div>
      <dl className="book-counts">
        <div className="book-count">
          <dt>Visits</dt>
          <dd>{g.visits}</dd>
        </div>
        <div className="book-count">
          <dt>Covers</dt>
          <dd>{g.covers}</dd>
        </div>
        <div className="book-count">
          <dt>No-shows</dt>
          <dd>{g.noShows}</dd>
        </div>
        <div className="book-count">
          <dt>Cancellations</dt>
          <dd>{g.cancellations}</dd>
        </div>
        <div className="book-count">
          <dt>Upcoming</dt>
          <dd>{g.upcoming}</dd>
        </div>
        <div className="book-count">
          <dt>Last visit</dt>
          <dd className="small">{g.lastVisit ? formatLocalDate(g.lastVisit, "short") : "–"}</dd>
        </div>
      </dl>

      <GuestProfileForm restaurantId={ws.restaurant.id} guestKey={g.key} initial={{ tags: g.tags, allergies: g.allergies, notes: g.notes }} />

      <section className="stack" aria-labelledby="guest-history">
        <h2 id="guest-history">Bookings</h2>
        <p className="muted small">{countOf(g.history.length, "booking")}, newest first, times in {g.timezone}.</p>
        <ol className="guest-history">
          {g.history.map((h) => (
            <li key={h.id} className="guest-visit">
              <span className="guest-visit-when">
                {formatLocalDate(h.date, "short")} {h.localTime}
              </span>
              <span className={`status-pill status-${h.status}`}>{STATUS_LABEL[h.status]}</span>
              <span>
                {countOf(h.partySize, "guest")}
                {h.table ? ` · table ${h.table}` : ""}
                {h.occasion ? ` · ${occasionLabel(h.occasion)}` : ""} · <span className="muted">code {h.code}</span>
              </span>
              {h.specialRequests ? <span className="small guest-visit-note">Requests: {h.specialRequests}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
