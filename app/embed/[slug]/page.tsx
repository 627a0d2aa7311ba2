import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmbedWidget } from "@/components/diner/embed-widget";
import { QueryProvider } from "@/components/providers";
import { getDb } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { loadDayContext } from "@/lib/availability/load";
import { addDays, localDateOf } from "@/lib/availability/slots";
import { isDomainError } from "@/lib/errors";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import "@/components/diner/diner.css";
import "./embed.css";

/**
 * The booking widget restaurants put on their own sites (`<iframe src=".../embed/<slug>">`): date,
 * party, times and the hold-and-confirm flow, and nothing else. This is the one route other sites may
 * frame (proxy.ts), and the root layout leaves out the site's header and footer here.
 */
export const metadata: Metadata = { title: "Book a table", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function EmbedPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  let restaurant;
  try {
    // Published restaurants only: the widget is for the public, whoever is signed in.
    restaurant = await getRestaurant(getDb(), null, slug);
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") notFound();
    throw e;
  }
  const tz = restaurant.timezone;
  const today = localDateOf(new Date(), tz);
  const day = await loadDayContext(getDb(), restaurant.id, today);
  return (
    <div className="embed-widget">
      <QueryProvider>
        <EmbedWidget
          restaurantSlug={restaurant.slug}
          holdMinutes={restaurant.holdMinutes}
          siteUrl={appUrl().replace(/\/+$/, "")}
          picker={{
            restaurantId: restaurant.id,
            restaurantName: restaurant.name,
            timeZone: tz,
            today,
            lastDate: addDays(today, restaurant.bookingWindowDays),
            minPartySize: restaurant.minPartySize,
            maxPartySize: restaurant.maxPartySize,
            sessions: (day?.sessions ?? []).map((s) => ({ name: s.name, days: s.days, firstSeating: s.firstSeating, lastSeating: s.lastSeating })),
          }}
        />
      </QueryProvider>
      <p className="embed-credit muted small">
        <a href={`${appUrl().replace(/\/+$/, "")}/r/${encodeURIComponent(restaurant.slug)}`} target="_blank" rel="noopener">
          {restaurant.name} on Tablekeep
        </a>
      </p>
    </div>
  );
}
