import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { absoluteUrl } from "@/app/book/manage-token";
import { LazyAvailabilityPicker } from "@/components/diner/lazy-availability-picker";
import { LargePartyRequest } from "@/components/diner/large-party-request";
import { formatMinutes, formatWeekdays, partyLabel } from "@/components/diner/format";
import { PriceBand } from "@/components/restaurants/price-band";
import { RestaurantContact } from "@/components/restaurants/contact";
import { ExperienceList } from "@/components/restaurants/experience-list";
import { RestaurantGallery } from "@/components/restaurants/gallery";
import { coverPhoto } from "@/lib/restaurants/faces";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { loadDayContext } from "@/lib/availability/load";
import { addDays, localDateOf, turnMinutesFor, type SessionRule } from "@/lib/availability/slots";
import { isDomainError } from "@/lib/errors";
import { paymentPolicyOf, policySentence, sessionPaymentPolicy } from "@/lib/payments/policy";
import { listSessionMoneyPolicies } from "@/lib/restaurants/sessions";
import { listExperiences } from "@/lib/experiences";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import { listRestaurantPhotos } from "@/lib/restaurants/photos";
import { RestaurantReviews } from "@/components/reviews/restaurant-reviews";
import { getRatingDistribution, listRestaurantReviews } from "@/lib/reviews";
import "@/components/diner/diner.css";
import { Alert } from "@/components/ui/alert";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ date?: string; party_size?: string }> };

/** One load per request, shared by the metadata and the page. */
const loadRestaurant = cache(async (slug: string) => {
  const principal = await getSessionPrincipal();
  try {
    const restaurant = await getRestaurant(getDb(), principal, slug);
    return { ...restaurant, photos: await listRestaurantPhotos(getDb(), restaurant.id) };
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") return null;
    throw e;
  }
});

function summary(r: { description: string | null; cuisine: string | null; city: string | null; name: string }): string {
  if (r.description) return r.description.length > 160 ? `${r.description.slice(0, 157).trimEnd()}…` : r.description;
  return `Book a table at ${r.name}${r.cuisine ? `, ${r.cuisine}` : ""}${r.city ? ` in ${r.city}` : ""}.`;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const restaurant = await loadRestaurant((await params).slug);
  if (!restaurant) return { title: "Restaurant not found", robots: { index: false, follow: false } };
  const url = absoluteUrl(`/r/${restaurant.slug}`);
  const description = summary(restaurant);
  const cover = coverPhoto(restaurant.photos);
  return {
    title: `${restaurant.name}${restaurant.city ? `, ${restaurant.city}` : ""}`,
    description,
    alternates: { canonical: url },
    robots: restaurant.published ? undefined : { index: false, follow: false },
    openGraph: {
      type: "website",
      url,
      siteName: "Tablekeep",
      title: `${restaurant.name} · book a table`,
      description,
      locale: "en_GB",
      ...(cover ? { images: [{ url: absoluteUrl(cover.url), alt: cover.alt, width: cover.width, height: cover.height }] } : {}),
    },
    twitter: { card: cover ? "summary_large_image" : "summary", title: restaurant.name, description, ...(cover ? { images: [absoluteUrl(cover.url)] } : {}) },
  };
}

/** Seating range to an approximate closing time: the last seating plus its longest turn. */
function closingTime(session: SessionRule): string {
  const [h, m] = session.lastSeating.split(":").map(Number);
  const turn = turnMinutesFor(session.turnMinutes, 1000);
  const minutes = ((h ?? 0) * 60 + (m ?? 0) + turn) % (24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export default async function RestaurantPage({ params, searchParams }: Props) {
  const restaurant = await loadRestaurant((await params).slug);
  if (!restaurant) notFound();
  const query = await searchParams;
  const tz = restaurant.timezone;
  const today = localDateOf(new Date(), tz);
  const lastDate = addDays(today, restaurant.bookingWindowDays);
  const day = await loadDayContext(getDb(), restaurant.id, today);
  const sessions = day?.sessions ?? [];
  const closedToday = (day?.closures.length ?? 0) > 0;
  const restaurantPolicy = paymentPolicyOf(restaurant);
  const paymentNote = policySentence(restaurantPolicy);
  // Sessions with a policy of their own say so beside the restaurant's.
  const sessionNotes = (await listSessionMoneyPolicies(getDb(), restaurant.id)).map(
    (s) => `${s.name}: ${policySentence(sessionPaymentPolicy(restaurantPolicy, s)) ?? "no deposit and no card are asked."}`,
  );
  const initialDate = query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date) && query.date <= lastDate ? query.date : undefined;
  const wantedParty = Number(query.party_size);
  const initialPartySize = Number.isInteger(wantedParty) && wantedParty > 0 ? wantedParty : undefined;

  const [reviewPage, distribution, experiences] = await Promise.all([
    listRestaurantReviews(getDb(), { restaurant: restaurant.id, principal: null, pageSize: 5 }).catch(() => null),
    getRatingDistribution(getDb(), restaurant.id),
    // What the public sees: published, not cancelled, not over (a draft restaurant has none to show).
    listExperiences(getDb(), restaurant.id, null).catch((e: unknown) => {
      if (isDomainError(e) && e.code === "not_found") return [];
      throw e;
    }),
  ]);
  const rating = reviewPage?.rating ?? { average: null, count: 0 };
  const latest = reviewPage?.items ?? [];

  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Restaurant",
    "@id": absoluteUrl(`/r/${restaurant.slug}`),
    name: restaurant.name,
    url: absoluteUrl(`/r/${restaurant.slug}`),
    description: restaurant.description ?? undefined,
    servesCuisine: restaurant.cuisine ?? undefined,
    priceRange: restaurant.priceBand ? "$".repeat(restaurant.priceBand) : undefined,
    acceptsReservations: true,
    telephone: restaurant.phone ?? undefined,
    menu: restaurant.menuUrl ?? undefined,
    sameAs: restaurant.website ?? undefined,
    image: restaurant.photos.length ? restaurant.photos.map((p) => absoluteUrl(p.url)) : undefined,
    address: restaurant.address
      ? { "@type": "PostalAddress", streetAddress: restaurant.address, addressLocality: restaurant.city ?? undefined }
      : undefined,
    geo:
      restaurant.latitude !== null && restaurant.longitude !== null
        ? { "@type": "GeoCoordinates", latitude: restaurant.latitude, longitude: restaurant.longitude }
        : undefined,
    aggregateRating:
      rating.count > 0 && rating.average !== null
        ? { "@type": "AggregateRating", ratingValue: rating.average, reviewCount: rating.count, bestRating: 5, worstRating: 1 }
        : undefined,
    review: latest.length
      ? latest.map((r) => ({
          "@type": "Review",
          author: { "@type": "Person", name: r.author },
          datePublished: r.createdAt.toISOString().slice(0, 10),
          reviewRating: { "@type": "Rating", ratingValue: r.rating, bestRating: 5, worstRating: 1 },
          reviewBody: r.text ?? undefined,
        }))
      : undefined,
    openingHoursSpecification: sessions.map((s) => ({
      "@type": "OpeningHoursSpecification",
      name: s.name,
      dayOfWeek: s.days.map((d) => `https://schema.org/${SCHEMA_DAYS[d - 1]}`),
      opens: s.firstSeating,
      closes: closingTime(s),
    })),
  };

  return (
    <article className="restaurant-page">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }} />
      <header className="restaurant-header">
        <h1>{restaurant.name}</h1>
        <p className="restaurant-meta">
          {restaurant.cuisine ? <span>{restaurant.cuisine}</span> : null}
          {restaurant.city ? <span>{restaurant.city}</span> : null}
          {restaurant.priceBand ? <PriceBand band={restaurant.priceBand} /> : null}
        </p>
        {!restaurant.published ? <Alert variant="warning" as="p">Draft: only the restaurant&rsquo;s team can see this page.</Alert> : null}
      </header>
      <RestaurantGallery name={restaurant.name} photos={restaurant.photos} />

      <div className="restaurant-layout">
        <div className="restaurant-main stack">
          {restaurant.description ? <p className="restaurant-description">{restaurant.description}</p> : null}
          {experiences.length > 0 ? (
            <section aria-labelledby="experiences-heading" className="experiences-section">
              <h2 id="experiences-heading">Experiences</h2>
              <p className="muted small">Ticketed evenings, sold by the seat. Times are local to the restaurant.</p>
              <ExperienceList restaurantSlug={restaurant.slug} items={experiences} />
            </section>
          ) : null}
          <Card>
            <LazyAvailabilityPicker
              restaurantId={restaurant.id}
              restaurantName={restaurant.name}
              timeZone={tz}
              today={today}
              lastDate={lastDate}
              minPartySize={restaurant.minPartySize}
              maxPartySize={restaurant.maxPartySize}
              initialDate={initialDate}
              initialPartySize={initialPartySize}
              sessions={sessions.map((s) => ({ name: s.name, days: s.days, firstSeating: s.firstSeating, lastSeating: s.lastSeating }))}
            />
            {restaurant.published ? (
              <LargePartyRequest
                restaurantId={restaurant.id}
                restaurantName={restaurant.name}
                maxPartySize={restaurant.maxPartySize}
                today={today}
                lastDate={lastDate}
                timeZone={tz}
                initialDate={initialDate}
                phone={restaurant.phone}
                asked={initialPartySize !== undefined && initialPartySize > restaurant.maxPartySize ? initialPartySize : undefined}
              />
            ) : null}
          </Card>
          <RestaurantReviews rating={rating} distribution={distribution} reviews={latest} />
        </div>

        <aside className="restaurant-aside stack" aria-label={`About ${restaurant.name}`}>
          <RestaurantContact r={restaurant} />
          <section aria-labelledby="hours-heading">
            <h2 id="hours-heading">Hours</h2>
            {sessions.length === 0 ? (
              <p className="muted">No seatings published yet.</p>
            ) : (
              <dl className="hours-list">
                {sessions.map((s) => (
                  <div key={s.id} className="summary-row">
                    <dt>{s.name}</dt>
                    <dd>
                      {formatWeekdays(s.days)}, seatings {s.firstSeating} to {s.lastSeating}
                      {s.lastSeating < s.firstSeating ? " (past midnight)" : ""}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            <p className="muted small">Times are local to the restaurant ({tz}).</p>
            {closedToday ? <Alert variant="warning" as="p">Closed today.</Alert> : null}
          </section>
          <section aria-labelledby="policy-heading">
            <h2 id="policy-heading">Booking policy</h2>
            <ul className="policy-list">
              <li>
                Online bookings for{" "}
                {restaurant.maxPartySize > restaurant.minPartySize
                  ? `parties of ${restaurant.minPartySize} to ${restaurant.maxPartySize}`
                  : partyLabel(restaurant.minPartySize)}
                .
              </li>
              <li>
                Book up to {restaurant.bookingWindowDays} days ahead
                {restaurant.minNoticeMinutes > 0 ? `, and at least ${formatMinutes(restaurant.minNoticeMinutes)} before you arrive` : ""}.
              </li>
              <li>We hold your table for {formatMinutes(restaurant.holdMinutes)} while you confirm.</li>
              <li>
                {restaurant.cancellationCutoffMinutes > 0
                  ? `Cancel or change online up to ${formatMinutes(restaurant.cancellationCutoffMinutes)} before your booking; after that, please call${restaurant.phone ? ` ${restaurant.phone}` : ""}.`
                  : "Cancel or change online any time before your booking."}
              </li>
              {paymentNote ? <li data-testid="payment-policy">{paymentNote}</li> : null}
              {sessionNotes.map((note) => (
                <li key={note} data-testid="session-payment-policy">
                  {note}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </article>
  );
}
