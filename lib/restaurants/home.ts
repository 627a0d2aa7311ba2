import { asc, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { restaurants } from "@/db/schema";
import { photosOf, type RestaurantPhoto } from "@/lib/restaurants/photos";

export interface HomeRestaurant {
  id: string;
  slug: string;
  name: string;
  cuisine: string | null;
  city: string | null;
  priceBand: number | null;
  timezone: string;
  /** The cover photo alone (or none): cards show only that. */
  photos: RestaurantPhoto[];
}

/** Published restaurants for the home page, in name order, with their covers. Two queries. */
export async function listHomeRestaurants(db: DbOrTx = getDb(), options: { limit?: number } = {}): Promise<HomeRestaurant[]> {
  const rows = await db
    .select({
      id: restaurants.id,
      slug: restaurants.slug,
      name: restaurants.name,
      cuisine: restaurants.cuisine,
      city: restaurants.city,
      priceBand: restaurants.priceBand,
      timezone: restaurants.timezone,
    })
    .from(restaurants)
    .where(eq(restaurants.published, true))
    .orderBy(asc(restaurants.name), asc(restaurants.id))
    .limit(options.limit ?? 60);
  const covers = await photosOf(
    db,
    rows.map((r) => r.id),
    { coverOnly: true },
  );
  return rows.map((r) => ({ ...r, photos: covers.get(r.id) ?? [] }));
}
