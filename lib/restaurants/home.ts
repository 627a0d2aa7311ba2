import type { RestaurantPhoto } from "@/db/schema";
import { asc, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { restaurants } from "@/db/schema";

export interface HomeRestaurant {
  id: string;
  slug: string;
  name: string;
  cuisine: string | null;
  city: string | null;
  priceBand: number | null;
  timezone: string;
  photos: RestaurantPhoto[];
}

/** Published restaurants for the home page, in name order. One query. */
export async function listHomeRestaurants(db: DbOrTx = getDb(), options: { limit?: number } = {}): Promise<HomeRestaurant[]> {
  return db
    .select({
      id: restaurants.id,
      slug: restaurants.slug,
      name: restaurants.name,
      cuisine: restaurants.cuisine,
      city: restaurants.city,
      priceBand: restaurants.priceBand,
      timezone: restaurants.timezone,
      photos: restaurants.photos,
    })
    .from(restaurants)
    .where(eq(restaurants.published, true))
    .orderBy(asc(restaurants.name), asc(restaurants.id))
    .limit(options.limit ?? 60);
}
