import Link from "next/link";
import { connection } from "next/server";
import { Suspense } from "react";
import { SearchForm } from "@/components/diner/search-form";
import { EmptyRestaurants, RestaurantList, RestaurantListSkeleton } from "@/components/home/restaurant-list";
import { listHomeRestaurants } from "@/lib/restaurants/home";
import { countOf } from "@/lib/text/plural";

/*
 * The loading state is a Suspense boundary here rather than app/loading.tsx: a root loading.tsx would
 * wrap every route, and a streamed response is committed to status 200, so pages below it could no
 * longer answer 404 for an unknown restaurant or booking.
 */
export default function HomePage() {
  return (
    <>
      <section className="hero">
        <h1>Find a table, wherever you are</h1>
        <p>Live availability at restaurants around the world. Hold a table for a few minutes while you confirm.</p>
      </section>
      <SearchForm values={{}} />
      <section aria-labelledby="restaurants-heading">
        <Suspense fallback={<RestaurantsLoading />}>
          <Restaurants />
        </Suspense>
      </section>
    </>
  );
}

async function Restaurants() {
  // Per request: the list changes as restaurants publish, and local times are "now".
  await connection();
  const restaurants = await listHomeRestaurants();
  const now = new Date();
  return (
    <>
      <div className="section-heading">
        <h2 id="restaurants-heading">Restaurants</h2>
        {restaurants.length > 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            {countOf(restaurants.length, "restaurant")} ·{" "}
            <Link href="/restaurants">Search by date and party size</Link>
          </p>
        ) : null}
      </div>
      {restaurants.length === 0 ? <EmptyRestaurants /> : <RestaurantList restaurants={restaurants} now={now} />}
    </>
  );
}

function RestaurantsLoading() {
  return (
    <div aria-busy="true">
      <div className="section-heading">
        <h2 id="restaurants-heading">Restaurants</h2>
      </div>
      <p role="status" className="visually-hidden">
        Loading restaurants…
      </p>
      <RestaurantListSkeleton />
    </div>
  );
}
