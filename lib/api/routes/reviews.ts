/** Review routes. app/ re-exports them. */
import { MEMBER_ERRORS } from "@/lib/api/doc";
import { route } from "@/lib/api/handler";
import { idOrSlugParams, idParams, replyBody, reviewBody, reviewPatchBody, reviewResponse, reviewsQuery, reviewsResponse } from "@/lib/api/schemas";
import { serializeReview } from "@/lib/api/serialize";
import { editReview, listRestaurantReviews, replyToReview, submitReview } from "@/lib/reviews";

export const submitReviewHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/reservations/{id}/review",
    example: { body: { rating: 5, text: "Lovely evening.\nWe will be back." } },
    tag: "Reviews",
    summary: "Review a visit",
    description:
      "Only for a `completed` visit, once, within 60 days of it: as the diner who booked it, or with `X-Manage-Token` (the manage token, an email's manage link token, or the review request's link token). Staff cannot review their restaurant's bookings. `text` is plain text, at most 2000 characters. A second review of the same visit is 409 `conflict` (edit it with PATCH); a visit not completed is 409 `invalid_transition`; past 60 days is 422 `outside_policy`.",
    response: reviewResponse,
    errors: ["invalid_input", "unauthenticated", "not_found", "conflict", "invalid_transition", "outside_policy", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
  body: reviewBody,
  status: 201,
}, async ({ db, principal, params, body, manageToken }) =>
  serializeReview(await submitReview(db, { reservationId: params.id, access: { principal, token: manageToken }, rating: body.rating, text: body.text })),
);

export const editReviewHandler = route({
  doc: {
    method: "PATCH",
    path: "/api/v1/reservations/{id}/review",
    example: { body: { rating: 4, text: "Good." } },
    tag: "Reviews",
    summary: "Edit your review",
    description: "The same people and window as writing it; send `rating`, `text` or both (`text: \"\"` removes the text).",
    response: reviewResponse,
    errors: ["invalid_input", "unauthenticated", "not_found", "invalid_transition", "outside_policy", "unavailable"],
  },
  auth: "manage_token_or_signed_in",
  params: idParams,
  body: reviewPatchBody,
}, async ({ db, principal, params, body, manageToken }) =>
  serializeReview(await editReview(db, { reservationId: params.id, access: { principal, token: manageToken }, rating: body.rating, text: body.text })),
);

export const listReviewsHandler = route({
  doc: {
    method: "GET",
    path: "/api/v1/restaurants/{id}/reviews",
    example: { query: { page: "2" } },
    tag: "Reviews",
    summary: "A restaurant's reviews",
    description:
      "Newest first, 10 per page, with the restaurant's `rating` (average to two decimals, null without reviews). `author` is a first name and initial; `visited_on` the visit's local date.",
    response: reviewsResponse,
    errors: ["invalid_input", "not_found", "unavailable"],
  },
  auth: "optional",
  params: idOrSlugParams,
  query: reviewsQuery,
}, async ({ db, principal, params, query }) => {
  const result = await listRestaurantReviews(db, { restaurant: params.id, principal, page: query.page });
  return { items: result.items.map(serializeReview), rating: result.rating, next_page: result.nextPage };
});

export const replyHandler = route({
  doc: {
    method: "POST",
    path: "/api/v1/reviews/{id}/reply",
    example: { body: { text: "Thank you!" } },
    tag: "Reviews",
    summary: "Reply to a review",
    description: "The restaurant's public answer, plain text up to 2000 characters; sending it again replaces it, `\"\"` removes it.",
    roles: "owner, manager",
    response: reviewResponse,
    errors: MEMBER_ERRORS,
  },
  auth: "member",
  params: idParams,
  body: replyBody,
}, async ({ db, principal, params, body }) =>
  serializeReview(await replyToReview(db, { reviewId: params.id, principal, text: body.text })),
);
