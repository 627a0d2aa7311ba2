import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { formatLocalDate, partyLabel } from "@/components/diner/format";
import { LARGEST_SEARCH_PARTY, SearchForm, type SearchValues } from "@/components/diner/search-form";
import { SearchResults, type SearchResultItem } from "@/components/diner/search-results";
import { RestaurantListSkeleton } from "@/components/home/restaurant-list";
import { getDb } from "@/lib/db";
import { localDateOf } from "@/lib/availability/slots";
import { toSnakeCase, snakeCaseBody } from "@/lib/contract/wire";
import { availabilityTerms, formatNearPoint, searchFields, searchPageLocation, searchPageSchema, type GeoPoint, type SearchTerms } from "@/lib/restaurants/contract";
import { listSearchPlaces, SEARCH_SLOTS_PER_RESTAURANT, searchRestaurants } from "@/lib/restaurants/search";
import "@/components/diner/diner.css";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = {
  title: "Find a table",
  description: "Search restaurants by name, cuisine, city and distance, and see which have a table when you want one.",
};

type RawParams = Record<string, string | string[] | undefined>;

/** The search contract under the URL's (the API's) parameter names; it never refuses a link. */
const paramsSchema = snakeCaseBody(searchPageSchema);

/** The zone where today starts last: a date before its today is in the past everywhere. */
const EARLIEST_ZONE = "Etc/GMT+12";

const FIELDS = Object.keys(searchFields) as (keyof typeof searchFields)[];
const PARAM_NAMES = FIELDS.map(toSnakeCase);

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function searchUrl(values: SearchValues, page: number): string {
  const params = new URLSearchParams();
  for (const k of FIELDS) {
    const v = k === "page" ? (page > 1 ? page : undefined) : values[k];
    if (v) params.set(toSnakeCase(k), String(v));
  }
  const qs = params.toString();
  return qs ? `/restaurants?${qs}` : "/restaurants";
}

/*
 * The heading, the form and the notes depend on the URL alone and go out at once; only the results
 * wait for the database, behind their own Suspense boundary (not a route loading.tsx, which would
 * hold back the whole page and with it the first meaningful paint).
 */
export default async function SearchPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const raw = await searchParams;
  // The form sends every field; drop the empty ones so shared links stay short and readable.
  if (PARAM_NAMES.some((k) => first(raw[k]) === "")) {
    const kept = new URLSearchParams();
    for (const k of PARAM_NAMES) {
      const v = first(raw[k]);
      if (v) kept.set(k, v);
    }
    const qs = kept.toString();
    redirect(qs ? `/restaurants?${qs}` : "/restaurants");
  }

  const p = paramsSchema.parse(Object.fromEntries(PARAM_NAMES.map((k) => [k, first(raw[k]) || undefined])));
  // A date already over in every time zone would only ever give an empty, misleading answer: search
  // today instead (the UTC date) and say so.
  const now = new Date();
  let dateNote: string | undefined;
  if (p.date && p.date < localDateOf(now, EARLIEST_ZONE)) {
    const today = localDateOf(now, "UTC");
    dateNote = `${formatLocalDate(p.date)} has passed, so we searched today, ${formatLocalDate(today)}, instead.`;
    p.date = today;
  }
  // Near a typed place: one of the cities we have, measured from the middle of its restaurants (one
  // small query, which the form's suggestions need too).
  const places = await listSearchPlaces(getDb());
  const location = searchPageLocation({ near: p.near, place: p.place, radiusKm: p.radiusKm, sort: p.sort });
  const locationNotes = location.notes.filter((n) => !n.startsWith("To sort by distance"));
  const locationError = location.notes.find((n) => n.startsWith("To sort by distance"));
  const place = location.place ? places.find((pl) => pl.name.toLowerCase() === location.place!.trim().toLowerCase()) : undefined;
  if (location.place && !place) {
    locationNotes.push(`We have no restaurants in "${location.place}" yet, so the results are not sorted by distance. Choose one of the places the Near field suggests.`);
  }
  const origin = place ? { lat: place.lat, lng: place.lng } : location.near;
  const originLabel = place ? place.name : location.near ? "you" : undefined;
  const radiusKm = origin ? location.radiusKm : undefined;
  const sort = origin ? location.sort : location.sort === "distance" ? undefined : location.sort;
  const values: SearchValues = {
    q: p.q,
    cuisine: p.cuisine,
    city: p.city,
    date: p.date,
    time: p.time,
    partySize: p.partySize,
    minRating: p.minRating,
    experiences: p.experiences,
    maxPriceBand: p.maxPriceBand,
    place: place?.name,
    near: !place && location.near ? formatNearPoint(location.near) : undefined,
    radiusKm,
    sort,
  };
  const when = availabilityTerms(p);
  const whenError = when === "some" ? "To see who has a table, choose a date, a time and a party size together." : undefined;
  const withAvailability = when === "all";

  const filtered = Boolean(p.q || p.cuisine || p.city || p.minRating || p.experiences || p.maxPriceBand);
  const whenText = withAvailability ? `${partyLabel(p.partySize!)} around ${p.time} on ${formatLocalDate(p.date!)}` : "";
  const whereText = originLabel ? ` near ${originLabel}${radiusKm ? `, within ${radiusKm} km` : ""}` : "";

  return (
    <div className="search-page">
      <h1>Find a table</h1>
      <SearchForm
        values={values}
        error={whenError}
        minDate={localDateOf(now, EARLIEST_ZONE)}
        places={places.map((pl) => ({ name: pl.name, restaurants: pl.restaurants }))}
        locationError={locationError}
      />
      {locationNotes.map((note) => (
        <p key={note} className="alert alert-warning" role="status" data-testid="location-note">
          {note}
        </p>
      ))}
      {dateNote ? (
        <Alert variant="warning" as="p" role="status" data-testid="date-note">
          {dateNote}
        </Alert>
      ) : null}
      {p.partySize !== undefined && p.partySize > LARGEST_SEARCH_PARTY ? (
        <Alert variant="warning" role="status" data-testid="large-party">
          <p>
            <strong>Booking for more than {LARGEST_SEARCH_PARTY}?</strong> Most restaurants take groups that size by request rather
            than online: each restaurant&rsquo;s page says the largest party it books online and lets you request a table for more.
          </p>
        </Alert>
      ) : null}

      <section aria-labelledby="results-heading" className="search-results-section">
        <h2 id="results-heading" className="results-heading">
          {withAvailability
            ? `Tables for ${whenText}${whereText}`
            : originLabel
              ? `Restaurants${whereText}`
              : filtered
                ? "Matching restaurants"
                : "All restaurants"}
        </h2>
        {withAvailability ? (
          <p className="muted">Times are each restaurant&rsquo;s local time. Choose one to hold the table while you confirm.</p>
        ) : null}
        {/* Keyed by the search, so a new one shows the skeleton rather than the last one's results. */}
        <Suspense key={JSON.stringify(p)} fallback={<ResultsLoading />}>
          <Results terms={p} values={values} withAvailability={withAvailability} near={{ origin, radiusKm, sort }} />
        </Suspense>
      </section>
    </div>
  );
}

type SearchPageTerms = ReturnType<typeof paramsSchema.parse>;

async function Results({
  terms,
  values,
  withAvailability,
  near,
}: {
  terms: SearchPageTerms;
  values: SearchValues;
  withAvailability: boolean;
  /** The location terms as the page corrected them. */
  near: { origin?: GeoPoint; radiusKm?: number; sort?: SearchTerms["sort"] };
}) {
  const db = getDb();
  const result = await searchRestaurants(db, {
    q: terms.q,
    cuisine: terms.cuisine,
    city: terms.city,
    minRating: terms.minRating,
    sort: near.sort,
    experiences: terms.experiences,
    maxPriceBand: terms.maxPriceBand,
    near: near.origin,
    radiusKm: near.radiusKm,
    ...(withAvailability
      ? { date: terms.date, time: terms.time, partySize: terms.partySize, slotsPerRestaurant: SEARCH_SLOTS_PER_RESTAURANT }
      : {}),
    page: terms.page,
  });
  const items: SearchResultItem[] = result.items.map(({ restaurant: row, slots, photos, distanceKm }) => ({
    restaurant: { ...row, photos },
    ...(slots ? { slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), localTime: s.localTime })) } : {}),
    ...(distanceKm !== undefined ? { distanceKm } : {}),
  }));
  const nextPage = result.nextPage;

  return (
    <>
      {items.length === 0 ? (
        <Card className="empty-state" data-testid="search-empty">
          {withAvailability ? (
            <>
              <p className="empty-title">
                {nextPage ? "No table then on this page of results." : "No restaurant has a table then."}
              </p>
              <p className="muted">Try another time or date, a smaller party, or fewer filters.</p>
            </>
          ) : (
            <>
              <p className="empty-title">{near.radiusKm ? `No restaurants match within ${near.radiusKm} km.` : "No restaurants match your search."}</p>
              <p className="muted">{near.radiusKm ? "Try a wider distance, or fewer filters." : "Check the spelling, or try a cuisine or a city instead."}</p>
            </>
          )}
          <p>
            <Link href="/restaurants">See all restaurants</Link>
          </p>
        </Card>
      ) : (
        <SearchResults items={items} date={terms.date} partySize={terms.partySize} withAvailability={withAvailability} />
      )}
      {terms.page > 1 || nextPage ? (
        <nav className="pagination" aria-label="Pages of results">
          {terms.page > 1 ? (
            <Link href={searchUrl(values, terms.page - 1)} rel="prev" className={buttonClass("secondary")}>
              ← Previous page
            </Link>
          ) : (
            <span />
          )}
          <span className="muted">Page {terms.page}</span>
          {nextPage ? (
            <Link href={searchUrl(values, nextPage)} rel="next" className={buttonClass("secondary")}>
              Next page →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

function ResultsLoading() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Searching…
      </p>
      <RestaurantListSkeleton count={6} />
    </div>
  );
}
