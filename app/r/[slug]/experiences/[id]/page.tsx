import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { absoluteUrl } from "@/app/book/manage-token";
import { ExperienceBooking } from "@/components/diner/experience-booking";
import { formatDateIn, formatMinutes, formatTimeIn } from "@/components/diner/format";
import { priceFromLabel, seatsLeftLabel } from "@/components/restaurants/experience-list";
import { Card } from "@/components/ui/card";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { getExperience } from "@/lib/experiences";
import { experienceFacts, experienceJsonLd, experiencePath } from "@/lib/experiences/presentation";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import "@/components/diner/diner.css";
import { Alert } from "@/components/ui/alert";

type Props = { params: Promise<{ slug: string; id: string }> };

/**
 * One experience and its restaurant, as this visitor may see them: published ones for everyone, a
 * draft for the restaurant's team only. An experience under another restaurant's slug is not found.
 */
const load = cache(async (slug: string, id: string) => {
  const principal = await getSessionPrincipal();
  const db = getDb();
  try {
    const restaurant = await getRestaurant(db, principal, slug);
    const experience = await getExperience(db, id, principal);
    if (experience.restaurantId !== restaurant.id) return null;
    return { restaurant, experience };
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") return null;
    throw e;
  }
});

function summary(e: { name: string; description: string | null }, restaurantName: string, when: string): string {
  const text = e.description ?? `${e.name} at ${restaurantName}.`;
  const line = `${when}. ${text}`;
  return line.length > 160 ? `${line.slice(0, 157).trimEnd()}…` : line;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const found = await load(slug, id);
  if (!found) return { title: "Experience not found", robots: { index: false, follow: false } };
  const { restaurant, experience: e } = found;
  const url = absoluteUrl(experiencePath(restaurant.slug, e.id));
  const when = `${formatDateIn(e.startsAt, e.timezone)} at ${formatTimeIn(e.startsAt, e.timezone)}`;
  const description = summary(e, restaurant.name, when);
  const title = `${e.name} at ${restaurant.name}`;
  const hidden = !e.published || !restaurant.published || e.cancelledAt !== null;
  return {
    title,
    description,
    alternates: { canonical: url },
    robots: hidden ? { index: false, follow: false } : undefined,
    openGraph: { type: "website", url, siteName: "Tablekeep", title, description, locale: "en_GB" },
    twitter: { card: "summary", title, description },
  };
}

export default async function ExperiencePage({ params }: Props) {
  const { slug, id } = await params;
  const found = await load(slug, id);
  if (!found) notFound();
  const { restaurant, experience: e } = found;
  const now = new Date();
  const facts = experienceFacts(e, now);
  const url = absoluteUrl(experiencePath(restaurant.slug, e.id));
  const restaurantUrl = absoluteUrl(`/r/${restaurant.slug}`);
  const jsonLd = experienceJsonLd(e, { name: restaurant.name, url: restaurantUrl, address: restaurant.address, city: restaurant.city }, url, now);
  const tz = e.timezone;
  const durationMinutes = Math.round((e.endsAt.getTime() - e.startsAt.getTime()) / 60_000);

  return (
    <article className="experience-page">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }} />
      <p className="breadcrumb">
        <Link href={`/r/${encodeURIComponent(restaurant.slug)}`}>← {restaurant.name}</Link>
      </p>
      <header className="restaurant-header">
        <p className="muted">Experience at {restaurant.name}</p>
        <h1>{e.name}</h1>
        <p className="lead">
          <time dateTime={e.startsAt.toISOString()}>
            {formatDateIn(e.startsAt, tz)} at {formatTimeIn(e.startsAt, tz)}
          </time>{" "}
          <span className="muted">({tz})</span> · {formatMinutes(durationMinutes)}
        </p>
        {!e.published ? <Alert variant="warning" as="p">Draft: only the restaurant&rsquo;s team can see this page.</Alert> : null}
      </header>

      <div className="restaurant-layout">
        <div className="restaurant-main stack">
          {facts.cancelled ? (
            <Alert variant="warning" data-testid="experience-cancelled" role="status">
              <p>
                <strong>This experience was cancelled.</strong> Every booking was cancelled and refunded, and each guest was
                emailed.
              </p>
              <p>
                <Link href={`/r/${encodeURIComponent(restaurant.slug)}`}>Book a table at {restaurant.name}</Link> instead.
              </p>
            </Alert>
          ) : null}
          {e.description ? <p className="restaurant-description">{e.description}</p> : null}
          {!facts.cancelled ? (
            <Card>
              {facts.started ? (
                <Alert variant="warning" as="p">This experience has already started, so its seats are no longer sold online.</Alert>
              ) : (
                <ExperienceBooking
                  experienceId={e.id}
                  currency={e.currency}
                  maxSeatsPerBooking={e.maxSeatsPerBooking}
                  holdMinutes={restaurant.holdMinutes}
                  sections={e.sections.map((s) => ({ id: s.id, name: s.name, priceCents: s.priceCents, seatsLeft: s.seatsLeft }))}
                />
              )}
            </Card>
          ) : null}
        </div>
        <aside className="restaurant-aside stack" aria-label="At a glance">
          <section aria-labelledby="glance-heading">
            <h2 id="glance-heading">At a glance</h2>
            <dl className="summary-list">
              <div className="summary-row">
                <dt>Price</dt>
                <dd>{priceFromLabel(e)}</dd>
              </div>
              <div className="summary-row">
                <dt>Seats</dt>
                <dd data-testid="experience-seats-left">{facts.cancelled ? "Cancelled" : seatsLeftLabel(e)}</dd>
              </div>
              <div className="summary-row">
                <dt>Where</dt>
                <dd>
                  <Link href={`/r/${encodeURIComponent(restaurant.slug)}`}>{restaurant.name}</Link>
                  {restaurant.address ? <>, {restaurant.address}</> : null}
                </dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="terms-heading">
            <h2 id="terms-heading">Booking terms</h2>
            <ul className="policy-list">
              {facts.priceFromCents === 0 && facts.singlePrice ? (
                <li>Seats are free; booking confirms them straight away.</li>
              ) : (
                <li>Seats are paid in full when you book.</li>
              )}
              <li>
                {restaurant.cancellationCutoffMinutes > 0
                  ? `Cancel online up to ${formatMinutes(restaurant.cancellationCutoffMinutes)} before it starts and any payment is refunded in full; after that, the restaurant keeps it.`
                  : "Cancel online any time before it starts and any payment is refunded in full."}
              </li>
            </ul>
          </section>
        </aside>
      </div>
    </article>
  );
}
