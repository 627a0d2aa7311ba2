/** Experience routes (ticketed seatings). app/ re-exports them; seat holds go through POST /api/v1/reservations. */
import { MEMBER_ERRORS } from "@/lib/api/doc";
import { route } from "@/lib/api/handler";
import { experienceBody, experiencePatchBody, experienceResponse, experiencesQuery, idOrSlugParams, idParams, listOf } from "@/lib/api/schemas";
import { serializeExperience } from "@/lib/api/serialize";
import { cancelExperience, createExperience, getExperience, listExperiences, updateExperience } from "@/lib/experiences";

export const createExperienceHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/restaurants/{id}/experiences",
    example: { body: { name: "Wine dinner", description: "Five courses.", starts_at: "2031-06-01T19:00:00Z", duration_minutes: 180, currency: "EUR", sections: [{ name: "Counter", capacity: 10, price_cents: 9500 }] } },
    tag: "Experiences",
    summary: "Create an experience",
    description:
      "Owner or manager. A dated, ticketed evening sold by the seat in sections (each a capacity and a price per seat in minor units; 0 is free). `starts_at` is an instant; `duration_minutes` sets `ends_at`. With `closes_regular_service`, regular tables are not offered while it runs (once published).",
    response: experienceResponse,
    errors: MEMBER_ERRORS,
  },
  auth: "signed_in",
  params: idParams,
  body: experienceBody,
  status: 201,
}, async ({ db, principal, params, body }) =>
  serializeExperience(await createExperience(db, { restaurantId: params.id, principal, experience: { ...body, startsAt: body.startsAt.toISOString() } })),
);

export const listExperiencesHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/restaurants/{id}/experiences",
    example: { query: { from: "2031-06-01T19:00:00Z", to: "2031-06-01T19:00:00Z" } },
    tag: "Experiences",
    summary: "A restaurant's experiences",
    description:
      "By start. Published ones only, unless a member asks. `from` and `to` bound the start (instants); without `from`, those not yet over. `seats_left` counts unexpired holds and confirmed seats.",
    response: listOf(experienceResponse),
    errors: ["invalid_input", "not_found", "unavailable"],
  },
  auth: "optional",
  params: idOrSlugParams,
  query: experiencesQuery,
}, async ({ db, principal, params, query }) => ({
  items: (await listExperiences(db, params.id, principal, { from: query.from, to: query.to })).map(serializeExperience),
}));

export const getExperienceHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/experiences/{id}",
    tag: "Experiences",
    summary: "Get an experience",
    description: "Published (or any, for the restaurant's members), with seats left per section.",
    response: experienceResponse,
    errors: ["not_found", "unavailable"],
  },
  auth: "optional",
  params: idParams,
}, async ({ db, principal, params }) => serializeExperience(await getExperience(db, params.id, principal)));

export const updateExperienceHandler = route({
  doc: {
    method: "PATCH",
    path: "/api/v1/experiences/{id}",
    example: { body: { name: "Wine dinner", description: "Six courses.", starts_at: "2031-06-01T19:00:00Z", currency: "EUR" } },
    tag: "Experiences",
    summary: "Edit or publish an experience",
    description:
      "Owner or manager. Any field of the create body. `sections` lists every section to keep (with its `id`) and new ones (without); one left out is removed only if it was never booked. A capacity below the seats taken is 409 `conflict` with `details.seats_taken`.",
    response: experienceResponse,
    errors: [...MEMBER_ERRORS, "conflict", "invalid_transition"],
  },
  auth: "signed_in",
  params: idParams,
  body: experiencePatchBody,
}, async ({ db, principal, params, body }) =>
  serializeExperience(
    await updateExperience(db, { experienceId: params.id, principal, changes: { ...body, startsAt: body.startsAt?.toISOString() } }),
  ),
);

export const cancelExperienceHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/experiences/{id}/cancel",
    tag: "Experiences",
    summary: "Cancel an experience",
    description:
      "Owner or manager. Stops sales and cancels every held or confirmed booking as the restaurant: paid seats are refunded in full and every guest is emailed. Calling it again finishes whatever was left.",
    response: experienceResponse,
    errors: MEMBER_ERRORS,
  },
  auth: "signed_in",
  params: idParams,
  idempotent: true,
}, async ({ db, principal, params }) => serializeExperience((await cancelExperience(db, { experienceId: params.id, principal })).experience));
