import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { CardPhoto } from "@/components/restaurants/gallery";
import { LocalTime } from "@/components/restaurants/local-time";
import { PriceBand } from "@/components/restaurants/price-band";
import type { HomeRestaurant } from "@/lib/restaurants/home";

export function RestaurantList({ restaurants, now }: { restaurants: HomeRestaurant[]; now: Date }) {
  return (
    <ul className="grid restaurant-grid" aria-label="Restaurants">
      {restaurants.map((r) => (
        <RestaurantCard key={r.id} restaurant={r} now={now} />
      ))}
    </ul>
  );
}

function RestaurantCard({ restaurant: r, now }: { restaurant: HomeRestaurant; now: Date }) {
  return (
    <Card as="li" className="restaurant-card" data-testid="restaurant-card">
      <CardPhoto photos={r.photos} />
      <h3>
        <Link href={`/r/${r.slug}`}>{r.name}</Link>
      </h3>
      <p className="restaurant-meta">
        {r.cuisine ? <span>{r.cuisine}</span> : null}
        {r.city ? <span>{r.city}</span> : null}
        {r.priceBand ? <PriceBand band={r.priceBand} /> : null}
      </p>
      <LocalTime now={now} timeZone={r.timezone} />
    </Card>
  );
}

export function EmptyRestaurants() {
  return (
    <Card className="empty-state">
      <h2>No restaurants yet</h2>
      <p className="muted">
        When restaurants publish their tables on Tablekeep, they appear here with the time where they are.
      </p>
    </Card>
  );
}

export function RestaurantListSkeleton({ count = 6 }: { count?: number }) {
  return (
    <ul className="grid restaurant-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <Card as="li" key={i} className="restaurant-card">
          <Skeleton shape="title" />
          <Skeleton shape="line" style={{ width: "75%" }} />
          <Skeleton shape="line" style={{ width: "45%", marginTop: "auto" }} />
        </Card>
      ))}
    </ul>
  );
}
