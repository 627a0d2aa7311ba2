import Link from "next/link";
import { Button, buttonClass, classNames } from "@/components/ui/button";
import { fieldClass, FieldError, FieldHint, FieldOptional } from "@/components/ui/field";
import { RADIUS_CHOICES_KM, SEARCH_TERM_MAX, type SearchTerms } from "@/lib/restaurants/contract";
import { partyLabel } from "./format";
import { SearchLocation, type PlaceOption } from "./search-location";
import { Card } from "@/components/ui/card";

/** The search's terms as the page read them from its URL (the search contract's, without the page; `near` as the URL writes it). */
export type SearchValues = Partial<Omit<SearchTerms, "page" | "near">> & { near?: string };

/** 30-minute steps from breakfast to late supper; each restaurant reads them in its own zone. */
const TIMES: string[] = [];
for (let minutes = 7 * 60; minutes <= 23 * 60 + 30; minutes += 30) {
  TIMES.push(`${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`);
}
/** The largest party the search offers by number; beyond it, "More than 12" leads to the large-party note. */
export const LARGEST_SEARCH_PARTY = 12;
const PARTY_SIZES = Array.from({ length: LARGEST_SEARCH_PARTY }, (_, i) => i + 1);

/**
 * The search form: a plain GET form, so every search is a shareable URL, the back button works and
 * it needs no JavaScript. Names match the API's query parameters.
 */
export function SearchForm({
  values,
  error,
  action = "/restaurants",
  minDate,
  places = [],
  locationError,
}: {
  values: SearchValues;
  error?: string;
  action?: string;
  /** The earliest date worth searching (the browser's date picker starts there). */
  minDate?: string;
  /** Places the "Near" field suggests: the cities we have restaurants in. */
  places?: PlaceOption[];
  /** What was wrong with the location terms, shown on the "Where" group. */
  locationError?: string;
}) {
  const locationErrorId = locationError ? "search-where-error" : undefined;
  const errorId = error ? "search-when-error" : undefined;
  return (
    // autoComplete off: a browser restoring old field values on Back would contradict the URL.
    <Card as="form" className="search-form" method="get" action={action} role="search" aria-label="Restaurants" autoComplete="off">
      <div className="search-grid">
        <div className={classNames(fieldClass, "search-q")}>
          <label htmlFor="search-q">Restaurant, dish or area</label>
          <input id="search-q" name="q" type="search" defaultValue={values.q ?? ""} maxLength={SEARCH_TERM_MAX.q} autoComplete="off" />
        </div>
        <div className={fieldClass}>
          <label htmlFor="search-cuisine">Cuisine</label>
          <input id="search-cuisine" name="cuisine" type="text" defaultValue={values.cuisine ?? ""} maxLength={SEARCH_TERM_MAX.cuisine} placeholder="e.g. Italian" />
        </div>
        <div className={fieldClass}>
          <label htmlFor="search-city">City</label>
          <input id="search-city" name="city" type="text" defaultValue={values.city ?? ""} maxLength={SEARCH_TERM_MAX.city} placeholder="e.g. London" />
        </div>
        <div className={fieldClass}>
          <label htmlFor="search-min-rating">Rating</label>
          <select id="search-min-rating" name="min_rating" defaultValue={values.minRating ? String(values.minRating) : ""}>
            <option value="">Any rating</option>
            <option value="4.5">4.5 ★ and up</option>
            <option value="4">4 ★ and up</option>
            <option value="3">3 ★ and up</option>
          </select>
        </div>
        <div className={fieldClass}>
          <label htmlFor="search-price">Price</label>
          <select id="search-price" name="max_price_band" defaultValue={values.maxPriceBand ? String(values.maxPriceBand) : ""}>
            <option value="">Any price</option>
            <option value="1">$ only</option>
            <option value="2">Up to $$</option>
            <option value="3">Up to $$$</option>
          </select>
        </div>
        <div className={fieldClass}>
          <label htmlFor="search-sort">Sort by</label>
          <select id="search-sort" name="sort" defaultValue={values.sort ?? ""}>
            <option value="">Best match</option>
            <option value="rating">Highest rated</option>
            <option value="distance">Nearest first</option>
          </select>
        </div>
      </div>
      <fieldset className="search-where" aria-describedby={locationErrorId}>
        <legend>
          Where <FieldOptional>(optional: sorts by distance)</FieldOptional>
        </legend>
        <div className="search-grid search-grid-where">
          <SearchLocation place={values.place} near={values.near} places={places} />
          <div className={fieldClass}>
            <label htmlFor="search-radius">Within</label>
            <select id="search-radius" name="radius_km" defaultValue={values.radiusKm ? String(values.radiusKm) : ""} aria-invalid={locationError ? true : undefined}>
              <option value="">Any distance</option>
              {RADIUS_CHOICES_KM.map((km) => (
                <option key={km} value={km}>
                  {km} km
                </option>
              ))}
            </select>
          </div>
        </div>
        {locationError ? (
          <FieldError id={locationErrorId}>
            {locationError}
          </FieldError>
        ) : null}
      </fieldset>
      <div className="checkbox-field search-experiences">
        <input id="search-experiences" name="experiences" type="checkbox" value="true" defaultChecked={values.experiences === true} aria-describedby="search-experiences-hint" />
        <label htmlFor="search-experiences">Only restaurants with experiences</label>
        <FieldHint className="muted checkbox-hint" id="search-experiences-hint">
          Ticketed evenings sold by the seat: tasting menus, wine dinners, classes.
        </FieldHint>
      </div>
      <fieldset className="search-when" aria-describedby={errorId}>
        <legend>
          When <FieldOptional>(optional: shows only restaurants with a table then)</FieldOptional>
        </legend>
        <div className="search-grid search-grid-when">
          <div className={fieldClass}>
            <label htmlFor="search-date">Date</label>
            <input id="search-date" name="date" type="date" min={minDate} defaultValue={values.date ?? ""} aria-invalid={error ? true : undefined} />
          </div>
          <div className={fieldClass}>
            <label htmlFor="search-time">Time</label>
            <select id="search-time" name="time" defaultValue={values.time ?? ""} aria-invalid={error ? true : undefined}>
              <option value="">Any time</option>
              {TIMES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className={fieldClass}>
            <label htmlFor="search-party">Party size</label>
            <select
              id="search-party"
              name="party_size"
              defaultValue={values.partySize ? String(Math.min(values.partySize, LARGEST_SEARCH_PARTY + 1)) : ""}
              aria-invalid={error ? true : undefined}
            >
              <option value="">Any size</option>
              {PARTY_SIZES.map((n) => (
                <option key={n} value={n}>
                  {partyLabel(n)}
                </option>
              ))}
              <option value={LARGEST_SEARCH_PARTY + 1}>More than {LARGEST_SEARCH_PARTY}</option>
            </select>
          </div>
        </div>
        {error ? (
          <FieldError id={errorId}>
            {error}
          </FieldError>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <Button type="submit">
          Search
        </Button>
        <Link href={action} className={buttonClass("ghost")}>
          Clear
        </Link>
      </div>
    </Card>
  );
}
