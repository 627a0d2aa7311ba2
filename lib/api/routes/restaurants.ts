/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { route } from "@/lib/api/handler";
import { createRestaurantBody, idOrSlugParams, idParams, searchQuery, updateRestaurantBody } from "@/lib/api/schemas";
import { isoInstant, serializeRestaurant } from "@/lib/api/serialize";
import { createRestaurant, getRestaurant, updateRestaurant } from "@/lib/restaurants/restaurants";
import { searchRestaurants } from "@/lib/restaurants/search";

// /api/v1/restaurants
export const searchRestaurantsHandler = route({ query: searchQuery }, async ({ db, query }) => {
  const result = await searchRestaurants(db, {
    q: query.q,
    cuisine: query.cuisine,
    city: query.city,
    date: query.date,
    time: query.time,
    partySize: query.party_size,
    minRating: query.min_rating,
    sort: query.sort,
    page: query.page,
  });
  return {
    items: result.items.map(({ restaurant, slots }) => ({
      ...serializeRestaurant(restaurant),
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
  { auth: "required", body: createRestaurantBody, idempotent: true, status: 201 },
  async ({ db, principal, body }) => serializeRestaurant(await createRestaurant(db, principal, body)),
);

// /api/v1/restaurants/[id]
export const getRestaurantHandler = route({ params: idOrSlugParams }, async ({ db, principal, params }) =>
  serializeRestaurant(await getRestaurant(db, principal, params.id)),
);

export const updateRestaurantHandler = route(
  { auth: "required", params: idParams, body: updateRestaurantBody },
  async ({ db, principal, params, body }) =>
    serializeRestaurant(await updateRestaurant(db, principal, params.id, body)),
);
