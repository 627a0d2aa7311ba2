import Link from "next/link";
import { PriceBand } from "@/components/restaurants/price-band";
import { formatRating, Stars } from "@/components/reviews/stars";
import { Card } from "@/components/ui/card";
import { CardPhoto } from "@/components/restaurants/gallery";
import type { RestaurantPhoto } from "@/lib/restaurants/faces";
import { formatDistanceKm } from "@/lib/restaurants/contract";
import { averageOf } from "@/lib/reviews/contract";
import { partyLabel } from "./format";
import { SlotButtons, type SlotOption } from "./slot-buttons";

export interface SearchResultItem {
  restaurant: {
    id: string;
    slug: string;
    name: string;
    cuisine: string | null;
    city: string | null;
    priceBand: number | null;
    description: string | null;
    timezone: string;
    ratingSum: number;
    ratingCount: number;
    photos?: RestaurantPhoto[];
  };
  slots?: SlotOption[];
  /** Kilometres from where the diner searched near. */
  distanceKm?: number;
}

function excerpt(text: string | null, max = 140): string | null {
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Search results as cards; with a date, time and party size, each card offers its nearest times. */
export function SearchResults({
  items,
  date,
  partySize,
  withAvailability,
}: {
  items: SearchResultItem[];
  date?: string;
  partySize?: number;
  withAvailability: boolean;
}) {
  return (
    <ul className="grid restaurant-grid search-results" aria-label="Search results">
      {items.map(({ restaurant: r, slots, distanceKm }) => {
        const params = new URLSearchParams();
        if (date) params.set("date", date);
        if (partySize) params.set("party_size", String(partySize));
        const href = `/r/${encodeURIComponent(r.slug)}${params.size > 0 ? `?${params}` : ""}`;
        return (
          <Card as="li" key={r.id} className="restaurant-card search-card" data-testid="search-result">
            <CardPhoto photos={r.photos} />
            <h3>
              <Link href={href}>{r.name}</Link>
            </h3>
            <p className="restaurant-meta">
              {distanceKm !== undefined ? (
                <span className="search-distance" data-testid="search-distance">
                  {formatDistanceKm(distanceKm)}
                  <span className="visually-hidden"> away</span>
                </span>
              ) : null}
              {r.cuisine ? <span>{r.cuisine}</span> : null}
              {r.city ? <span>{r.city}</span> : null}
              {r.priceBand ? <PriceBand band={r.priceBand} /> : null}
              {r.ratingCount > 0 ? (
                <span className="search-rating" data-testid="search-rating">
                  <Stars rating={averageOf(r.ratingSum, r.ratingCount)!} /> {formatRating(Math.round(averageOf(r.ratingSum, r.ratingCount)! * 10) / 10)} ({r.ratingCount})
                </span>
              ) : null}
            </p>
            {excerpt(r.description) ? <p className="search-excerpt">{excerpt(r.description)}</p> : null}
            {withAvailability && slots && partySize ? (
              <div className="search-slots">
                <SlotButtons
                  restaurantId={r.id}
                  timeZone={r.timezone}
                  partySize={partySize}
                  slots={slots}
                  size="small"
                  label={`Times at ${r.name} for ${partyLabel(partySize)}`}
                />
              </div>
            ) : null}
          </Card>
        );
      })}
    </ul>
  );
}
