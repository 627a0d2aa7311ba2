/** Review routes. app/ re-exports them. */
import { route } from "@/lib/api/handler";
import { idOrSlugParams, idParams, replyBody, reviewBody, reviewPatchBody, reviewsQuery } from "@/lib/api/schemas";
import { serializeReview } from "@/lib/api/serialize";
import { editReview, listRestaurantReviews, replyToReview, submitReview } from "@/lib/reviews";

// /api/v1/reservations/[id]/review
export const submitReviewHandler = route({ params: idParams, body: reviewBody, status: 201 }, async ({ db, principal, params, body, manageToken }) =>
  serializeReview(await submitReview(db, { reservationId: params.id, access: { principal, token: manageToken }, rating: body.rating, text: body.text })),
);

export const editReviewHandler = route({ params: idParams, body: reviewPatchBody }, async ({ db, principal, params, body, manageToken }) =>
  serializeReview(await editReview(db, { reservationId: params.id, access: { principal, token: manageToken }, rating: body.rating, text: body.text })),
);

// /api/v1/restaurants/[id]/reviews
export const listReviewsHandler = route({ params: idOrSlugParams, query: reviewsQuery }, async ({ db, principal, params, query }) => {
  const result = await listRestaurantReviews(db, { restaurant: params.id, principal, page: query.page });
  return { items: result.items.map(serializeReview), rating: result.rating, next_page: result.nextPage };
});

// /api/v1/reviews/[id]/reply
export const replyHandler = route({ auth: "required", params: idParams, body: replyBody }, async ({ db, principal, params, body }) =>
  serializeReview(await replyToReview(db, { reviewId: params.id, principal, text: body.text })),
);
