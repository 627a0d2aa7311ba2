import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formatLocalDate, partyLabel } from "@/components/diner/format";
import { LARGEST_SEARCH_PARTY, SearchForm, type SearchValues } from "@/components/diner/search-form";
import { SearchResults, type SearchResultItem } from "@/components/diner/search-results";
import { getDb } from "@/lib/db";
import { localDateOf } from "@/lib/availability/slots";
import { localDate, localTime, partySizeQuery, text } from "@/lib/contract/common";
import { SEARCH_SLOTS_PER_RESTAURANT, searchRestaurants } from "@/lib/restaurants/search";
import "@/components/diner/diner.css";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = {
  title: "Find a table",
  description: "Search restaurants by name, cuisine and city, and see which have a table when you want one.",
};

type RawParams = Record<string, string | string[] | undefined>;

/** Search terms from the URL: cut to length; anything the contract refuses (control characters) is ignored. */
const term = (max: number) =>
  z
    .string()
    .transform((v) => v.slice(0, max))
    .pipe(text(max))
    .optional()
    .catch(undefined);

const paramsSchema = z.object({
  q: term(200),
  cuisine: term(60),
  city: term(80),
  date: localDate.optional().catch(undefined),
  time: localTime.optional().catch(undefined),
  party_size: partySizeQuery.optional().catch(undefined),
  min_rating: z.coerce.number().min(1).max(5).optional().catch(undefined),
  sort: z.enum(["relevance", "rating"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1).default(1),
});

/** The zone where today starts last: a date before its today is in the past everywhere. */
const EARLIEST_ZONE = "Etc/GMT+12";

const PARAM_NAMES = ["q", "cuisine", "city", "date", "time", "party_size", "min_rating", "sort", "page"] as const;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function searchUrl(values: SearchValues, page: number): string {
  const params = new URLSearchParams();
  if (values.q) params.set("q", values.q);
  if (values.cuisine) params.set("cuisine", values.cuisine);
  if (values.city) params.set("city", values.city);
  if (values.date) params.set("date", values.date);
  if (values.time) params.set("time", values.time);
  if (values.partySize) params.set("party_size", String(values.partySize));
  if (values.minRating) params.set("min_rating", String(values.minRating));
  if (values.sort) params.set("sort", values.sort);
  if (page > 1) params.set("page", String(page));
  const qs = params.toString();
  return qs ? `/restaurants?${qs}` : "/restaurants";
}

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
  const values: SearchValues = { q: p.q, cuisine: p.cuisine, city: p.city, date: p.date, time: p.time, partySize: p.party_size, minRating: p.min_rating, sort: p.sort };
  const whenGiven = [p.date, p.time, p.party_size].filter((v) => v !== undefined).length;
  const whenError =
    whenGiven > 0 && whenGiven < 3 ? "To see who has a table, choose a date, a time and a party size together." : undefined;
  const withAvailability = whenGiven === 3;

  const db = getDb();
  const result = await searchRestaurants(db, {
    q: p.q,
    cuisine: p.cuisine,
    city: p.city,
    minRating: p.min_rating,
    sort: p.sort,
    ...(withAvailability
      ? { date: p.date, time: p.time, partySize: p.party_size, slotsPerRestaurant: SEARCH_SLOTS_PER_RESTAURANT }
      : {}),
    page: p.page,
  });
  const items: SearchResultItem[] = result.items.map(({ restaurant, slots }) =>
    slots ? { restaurant, slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), localTime: s.localTime })) } : { restaurant },
  );
  const nextPage = result.nextPage;

  const filtered = Boolean(p.q || p.cuisine || p.city || p.min_rating);
  const whenText = withAvailability ? `${partyLabel(p.party_size!)} around ${p.time} on ${formatLocalDate(p.date!)}` : "";

  return (
    <div className="search-page">
      <h1>Find a table</h1>
      <SearchForm values={values} error={whenError} minDate={localDateOf(now, EARLIEST_ZONE)} />
      {dateNote ? (
        <p className="alert alert-warning" role="status" data-testid="date-note">
          {dateNote}
        </p>
      ) : null}
      {p.party_size !== undefined && p.party_size > LARGEST_SEARCH_PARTY ? (
        <div className="alert alert-warning" role="status" data-testid="large-party">
          <p>
            <strong>Booking for more than {LARGEST_SEARCH_PARTY}?</strong> Most restaurants take groups that size directly rather
            than online. Each restaurant&rsquo;s page says the largest party it books online and how to reach it.
          </p>
        </div>
      ) : null}

      <section aria-labelledby="results-heading" className="search-results-section">
        <h2 id="results-heading" className="results-heading">
          {withAvailability ? `Tables for ${whenText}` : filtered ? "Matching restaurants" : "All restaurants"}
        </h2>
        {withAvailability ? (
          <p className="muted">Times are each restaurant&rsquo;s local time. Choose one to hold the table while you confirm.</p>
        ) : null}
        {items.length === 0 ? (
          <div className="card empty-state" data-testid="search-empty">
            {withAvailability ? (
              <>
                <p className="empty-title">
                  {nextPage ? "No table then on this page of results." : "No restaurant has a table then."}
                </p>
                <p className="muted">Try another time or date, a smaller party, or fewer filters.</p>
              </>
            ) : (
              <>
                <p className="empty-title">No restaurants match your search.</p>
                <p className="muted">Check the spelling, or try a cuisine or a city instead.</p>
              </>
            )}
            <p>
              <Link href="/restaurants">See all restaurants</Link>
            </p>
          </div>
        ) : (
          <SearchResults items={items} date={p.date} partySize={p.party_size} withAvailability={withAvailability} />
        )}
        {p.page > 1 || nextPage ? (
          <nav className="pagination" aria-label="Pages of results">
            {p.page > 1 ? (
              <Link href={searchUrl(values, p.page - 1)} rel="prev" className={buttonClass("secondary")}>
                ← Previous page
              </Link>
            ) : (
              <span />
            )}
            <span className="muted">Page {p.page}</span>
            {nextPage ? (
              <Link href={searchUrl(values, nextPage)} rel="next" className={buttonClass("secondary")}>
                Next page →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
