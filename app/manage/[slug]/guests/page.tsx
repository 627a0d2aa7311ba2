import type { Metadata } from "next";
import Link from "next/link";
import { formatLocalDate } from "@/components/diner/format";
import { guestContact } from "@/components/owner/guest-format";
import { NotAllowed } from "@/components/owner/not-allowed";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass, classNames } from "@/components/ui/button";
import { getDb } from "@/lib/db";
import { guestKeyToParam, guestSearchSchema } from "@/lib/guests/contract";
import { GUEST_LIST_LIMIT, listGuests } from "@/lib/guests";
import { can } from "@/lib/restaurants/access";
import { countOf } from "@/lib/text/plural";
import { loadWorkspace } from "../../workspace";
import { fieldClass } from "@/components/ui/field";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Guests" };

/** The restaurant's guests, most recently booked first, with a search and (owners, managers) a CSV file. */
export default async function GuestsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ q?: string | string[] }> }) {
  const { slug } = await params;
  const raw = (await searchParams).q;
  const ws = await loadWorkspace(slug, "guests.view", `/manage/${slug}/guests`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  // Too long or junk searches are dropped, not refused: the page always shows something.
  const parsed = guestSearchSchema.safeParse({ q: typeof raw === "string" ? raw : undefined });
  const q = parsed.success ? parsed.data.q : undefined;
  const guests = await listGuests(getDb(), ws.principal, r.id, { q });
  const base = `/manage/${r.slug}/guests`;

  return (
    <div className="stack">
      <div>
        <h1>Guests</h1>
        <p className="muted">Everyone who has booked with an email or a phone number, most recent first. Visits count finished tables.</p>
      </div>
      <Card as="form" className="owner-form guest-search" method="get" action={base} role="search">
        <div className={classNames(fieldClass, "guest-search-field")}>
          <label htmlFor="guest-q">Search by name, email or phone</label>
          <input id="guest-q" type="search" name="q" defaultValue={q ?? ""} maxLength={100} autoComplete="off" />
        </div>
        <div className="cluster">
          <Button type="submit">Search</Button>
          {q ? (
            <Link className={buttonClass("ghost")} href={base}>
              Clear
            </Link>
          ) : null}
          {can(ws.role, "guests.export") ? (
            <a className={buttonClass("secondary")} href={`${base}/export${q ? `?q=${encodeURIComponent(q)}` : ""}`} download>
              Download CSV
            </a>
          ) : null}
        </div>
      </Card>
      <p role="status" className="muted">
        {guests.length === 0
          ? q
            ? `No guest matches “${q}”.`
            : "No guests yet: they appear here after their first booking."
          : guests.length >= GUEST_LIST_LIMIT
            ? `The ${GUEST_LIST_LIMIT} most recent guests${q ? " found" : ""}; search to narrow the list.`
            : countOf(guests.length, q ? "guest found" : "guest", q ? "guests found" : "guests")}
      </p>
      <ul className="guest-list">
        {guests.map((g) => (
          <Card as="li" className="guest-card" key={g.key} data-testid="guest-row">
            <p className="guest-card-head">
              <Link href={`${base}/${guestKeyToParam(g.key)}`} className="guest-name">
                {g.name ?? "No name given"}
              </Link>
              {g.tags.map((t) => (
                <Badge variant="brand" key={t}>
                  {t}
                </Badge>
              ))}
            </p>
            <p className="muted small break">{guestContact(g)}</p>
            <p className="small guest-stats">
              <span>{countOf(g.visits, "visit")}</span>
              <span>{countOf(g.noShows, "no-show")}</span>
              <span>{g.lastVisit ? `last visit ${formatLocalDate(g.lastVisit, "short")}` : "no visit yet"}</span>
              {g.upcoming > 0 ? <span>{countOf(g.upcoming, "upcoming booking")}</span> : null}
            </p>
            {g.allergies ? <p className="small guest-allergy">Allergies: {g.allergies}</p> : null}
          </Card>
        ))}
      </ul>
    </div>
  );
}
