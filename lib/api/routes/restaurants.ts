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
    tag: "Restaurants",
    summary: "Search published restaurants",
    description:
      "Full text over name, cuisine, city and description, plus typo-tolerant name matching; 20 per page. `min_rating` keeps restaurants whose reviews average at least that; `sort=rating` puts the best rated first (unreviewed last); `experiences=true` keeps restaurants with an upcoming published experience. With `date`, `time` and `party_size` (all three), only restaurants with a table within an hour of that local time, each with those `slots`.",
    response: searchResponse,
    errors: ["invalid_input", "unavailable"],
  },
  auth: "none",
  query: searchQuery,
}, async ({ db, query }) => {
  const result = await searchRestaurants(db, query);
  return {
    items: result.items.map(({ restaurant, slots, photos }) => ({
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
    })),
    next_page: result.nextPage,
  };
});

export const createRestaurantHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/restaurants",
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
