import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listMyRestaurants } from "@/lib/restaurants/restaurants";
import { requireSignedIn } from "./workspace";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

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
        <Card className="empty-state">
          <h2>No restaurants yet</h2>
          <p>Create your restaurant to set up its floor and service times, then publish it to take bookings.</p>
          <p className="muted">Joining a team? Open the invite link the owner sent you.</p>
        </Card>
      ) : (
        <ul className="grid owner-restaurant-list">
          {mine.map(({ restaurant, role }) => (
            <Card as="li" className="owner-restaurant-card" key={restaurant.id}>
              <h2>
                <Link href={`/manage/${restaurant.slug}`}>{restaurant.name}</Link>
              </h2>
              <p className="cluster">
                <Badge>{ROLE_LABEL[role]}</Badge>
                <Badge variant={restaurant.published ? "success" : "warning"}>
                  {restaurant.published ? "Published" : "Draft"}
                </Badge>
              </p>
              <p className="muted">
                {[restaurant.city, restaurant.timezone].filter(Boolean).join(" · ")}
              </p>
            </Card>
          ))}
        </ul>
      )}
    </div>
  );
}
