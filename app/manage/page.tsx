import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listMyRestaurants } from "@/lib/restaurants/restaurants";
import { requireSignedIn } from "./workspace";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Your restaurants" };

const ROLE_LABEL = { owner: "Owner", manager: "Manager", host: "Host" } as const;

export default async function ManageHomePage() {
  const principal = await requireSignedIn("/manage");
  const mine = await listMyRestaurants(getDb(), principal);
  return (
    <div className="stack">
      <div className="section-heading">
        <h1>Your restaurants</h1>
        <Link href="/manage/new" className={buttonClass("primary")}>
          Create a restaurant
        </Link>
      </div>
      {mine.length === 0 ? (
        <div className="card empty-state">
          <h2>No restaurants yet</h2>
          <p>Create your restaurant to set up its floor and service times, then publish it to take bookings.</p>
          <p className="muted">Joining a team? Open the invite link the owner sent you.</p>
        </div>
      ) : (
        <ul className="grid owner-restaurant-list">
          {mine.map(({ restaurant, role }) => (
            <li key={restaurant.id} className="card owner-restaurant-card">
              <h2>
                <Link href={`/manage/${restaurant.slug}`}>{restaurant.name}</Link>
              </h2>
              <p className="cluster">
                <span className="badge">{ROLE_LABEL[role]}</span>
                <span className={restaurant.published ? "badge badge-success" : "badge badge-warning"}>
                  {restaurant.published ? "Published" : "Draft"}
                </span>
              </p>
              <p className="muted">
                {[restaurant.city, restaurant.timezone].filter(Boolean).join(" · ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
