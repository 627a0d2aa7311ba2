/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { MEMBER_ERRORS } from "@/lib/api/doc";
import { route } from "@/lib/api/handler";
import { createRestaurantBody, idOrSlugParams, idParams, restaurantResponse, searchQuery, searchResponse, updateRestaurantBody } from "@/lib/api/schemas";
import { isoInstant, serializeRestaurant } from "@/lib/api/serialize";
import { createRestaurant, getRestaurant, updateRestaurant } from "@/lib/restaurants/restaurants";
import { searchRestaurants } from "@/lib/restaurants/search";
import { listRestaurantPhotos } from "@/lib/restaurants/photos";
import type { DbOrTx } from "@/db/client";
import type { Restaurant } from "@/db/schema";

export const searchRestaurantsHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/restaurants",
    example: { query: { q: "pasta", cuisine: "Italian", city: "London", date: "2031-06-01", time: "19:00", party_size: "2", min_rating: "4", sort: "rating" } },
    tag: "Restaurants",
    summary: "Search published restaurants",
    description:
      "Full text over name, cuisine, city and description, plus typo-tolerant name matching; 20 per page. `min_rating` keeps restaurants whose reviews average at least that; `sort=rating` puts the best rated first (unreviewed last); `experiences=true` keeps restaurants with an upcoming published experience; `max_price_band` (1–4) keeps restaurants priced at most that band. With `date`, `time` and `party_size` (all three), only restaurants with a table within an hour of that local time, each with those `slots`.\n\nNear a point or a place: `near=lat,lng` (decimal degrees), or `place` naming a city of published restaurants (case ignored; measured from the middle of its restaurants, 400 if we have none there), not both. Only restaurants with a location are returned, each with `distance_km` (great-circle), nearest first unless `sort` says otherwise; `radius_km` (0.1–100) keeps those at most that far. `radius_km` or `sort=distance` without `near` or `place` is a 400. The answer's `origin` is the point distances were measured from.",
    response: searchResponse,
    errors: ["invalid_input", "unavailable"],
  },
  auth: "none",
  query: searchQuery,
}, async ({ db, query }) => {
  const result = await searchRestaurants(db, query);
  return {
    items: result.items.map(({ restaurant, slots, photos, ...item }) => ({
      ...serializeRestaurant(restaurant, photos),
      ...(slots
        ? {
            slots: slots.map((s) => ({
              starts_at: isoInstant(s.startsAt),
              local_time: s.localTime,
              available: s.available,
              tables_left: s.tablesLeft,
            })),
          }
        : {}),
      ...(item.distanceKm !== undefined ? { distance_km: Math.round(item.distanceKm * 100) / 100 } : {}),
    })),
    next_page: result.nextPage,
    origin: result.origin,
  };
});

export const createRestaurantHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/restaurants",
      example: { body: { name: "Trattoria", slug: "trattoria", timezone: "Europe/London", cuisine: "Italian", city: "London", address: "1 High St", description: "Pasta.", price_band: 2, policy: { hold_minutes: 10 } } },
      tag: "Restaurants",
      summary: "Create a restaurant",
      description: "The caller becomes its owner. The slug is derived from the name when absent. A draft unless `published`.",
      response: restaurantResponse,
      errors: ["invalid_input", "unauthenticated", "conflict", "unavailable"],
    },
    auth: "signed_in",
    body: createRestaurantBody,
    idempotent: true,
    status: 201,
  },
  async ({ db, principal, body }) => serializeRestaurant(await createRestaurant(db, principal, body), []),
);

export const getRestaurantHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/restaurants/{id}",
    tag: "Restaurants",
    summary: "Get a restaurant by id or slug",
    description: "Published restaurants for anyone; drafts for their members only.",
    response: restaurantResponse,
    errors: ["not_found", "unauthenticated", "unavailable"],
  },
  auth: "optional",
  params: idOrSlugParams,
}, async ({ db, principal, params }) =>
  withPhotos(db, await getRestaurant(db, principal, params.id)),
);

export const updateRestaurantHandler = route(
  {
    doc: {
      method: "PATCH",
      path: "/api/v1/restaurants/{id}",
      example: { body: { name: "Trattoria", city: "London", description: "Pasta." } },
      tag: "Restaurants",
      summary: "Change a restaurant",
      description: "Only the fields sent change; `policy` fields merge with the current policy.",
      roles: "owner, manager",
      response: restaurantResponse,
      errors: [...MEMBER_ERRORS, "conflict"],
    },
    auth: "member",
    params: idParams,
    body: updateRestaurantBody,
  },
  async ({ db, principal, params, body }) =>
    withPhotos(db, await updateRestaurant(db, principal, params.id, body)),
);

async function withPhotos(db: DbOrTx, restaurant: Restaurant) {
  return serializeRestaurant(restaurant, await listRestaurantPhotos(db, restaurant.id));
}
