import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { bookingSizeLabel, formatDateIn, formatTimeIn, zoneLabel } from "@/components/diner/format";
import { statusLabel } from "@/components/diner/reservation-summary";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { ResendVerification } from "@/components/account/confirm-email";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { sessionState } from "@/lib/auth/users";
import { isDomainError } from "@/lib/errors";
import { listMyReservations, type ReservationView } from "@/lib/reservations";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import "@/components/diner/diner.css";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "My reservations", robots: { index: false, follow: false } };

type RestaurantInfo = { name: string; slug: string; timezone: string };

export default async function MyReservationsPage() {
  const principal = await getSessionPrincipal();
  if (!principal) redirect("/signin?next=/me");
  const db = getDb();
  const [all, account] = await Promise.all([listMyReservations(db, principal), sessionState(db, principal.userId)]);
  // A diner books at a handful of places: one lookup per distinct restaurant.
  const ids = [...new Set(all.map((r) => r.restaurantId))];
  const restaurants = new Map<string, RestaurantInfo>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        const r = await getRestaurant(db, principal, id);
        restaurants.set(id, { name: r.name, slug: r.slug, timezone: r.timezone });
      } catch (e) {
        if (!(isDomainError(e) && e.code === "not_found")) throw e;
      }
    }),
  );
  const now = new Date();
  const upcoming = all.filter((r) => r.endsAt > now && (r.status === "confirmed" || r.status === "held" || r.status === "seated"));
  const past = all.filter((r) => !upcoming.includes(r) && r.status !== "expired").reverse();
  // Each time is the restaurant's own wall clock; once they are not all in one zone, each says which.
  const zones = new Set([...upcoming, ...past].map((r) => restaurants.get(r.restaurantId)?.timezone ?? "UTC"));
  const labelZones = zones.size > 1;

  return (
    <div className="me-page">
      <h1>My reservations</h1>
      <p className="muted">Signed in as {principal.email}.</p>
      {account && !account.emailVerified ? <ResendVerification email={principal.email} /> : null}
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming</h2>
        {upcoming.length === 0 ? (
          <Card className="empty-state">
            <p className="empty-title">No upcoming reservations.</p>
            <p>
              <Link href="/restaurants" className={buttonClass("primary")}>
                Find a table
              </Link>
            </p>
          </Card>
        ) : (
          <ReservationList items={upcoming} restaurants={restaurants} labelZones={labelZones} />
        )}
      </section>
      {past.length > 0 ? (
        <section aria-labelledby="past-heading" className="me-past">
          <h2 id="past-heading">Past and cancelled</h2>
          <ReservationList items={past} restaurants={restaurants} labelZones={labelZones} />
        </section>
      ) : null}
    </div>
  );
}

function ReservationList({
  items,
  restaurants,
  labelZones,
}: {
  items: ReservationView[];
  restaurants: Map<string, RestaurantInfo>;
  labelZones: boolean;
}) {
  return (
    <ul className="reservation-list" aria-label="Reservations">
      {items.map((r) => {
        const restaurant = restaurants.get(r.restaurantId);
        const tz = restaurant?.timezone ?? "UTC";
        return (
          <Card as="li" key={r.id} className="reservation-item" data-testid="my-reservation">
            <div>
              <h3>
                <Link href={r.status === "held" ? `/book/${r.code}` : `/reservations/${r.code}`}>
                  {r.experience ? `${r.experience.name} at ${restaurant?.name ?? "the restaurant"}` : (restaurant?.name ?? "Restaurant")}
                </Link>
              </h3>
              <p className="reservation-when">
                {formatDateIn(r.startsAt, tz)} at {formatTimeIn(r.startsAt, tz)}
                {labelZones ? <span className="muted"> {zoneLabel(tz, r.startsAt)}</span> : null} · {bookingSizeLabel(r)}
                {r.experience ? ` in ${r.experience.section.name}` : ""}
              </p>
            </div>
            <p className="reservation-meta">
              <span className={`status-badge status-${r.status}`}>{statusLabel(r.status)}</span>
              <span className="muted">Code {r.code}</span>
            </p>
          </Card>
        );
      })}
    </ul>
  );
}
