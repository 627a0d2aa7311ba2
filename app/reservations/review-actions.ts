"use server";

import { z } from "zod";
import { readManageToken } from "@/app/book/manage-token";
import { action } from "@/lib/actions";
import { reservationRefSchema } from "@/lib/reservations/contract";
import { editReview, submitReview } from "@/lib/reviews";
import { reviewSchema } from "@/lib/reviews/contract";

const reviewActionSchema = reservationRefSchema.extend(reviewSchema.shape).extend({ edit: z.boolean().optional() });

/**
 * Writes or edits the review of a visit from the review page: the signed-in diner, or whoever opened
 * the emailed review link (or holds the booking's manage token in this browser). The service decides
 * whether the visit may be reviewed.
 */
export const reviewVisitAction = action(reviewActionSchema, async (input, { db, principal }) => {
  const token = await readManageToken(input.code, input.token);
  const access = { principal, token };
  const review = input.edit
    ? await editReview(db, { reservationId: input.code, access, rating: input.rating, text: input.text ?? "" })
    : await submitReview(db, { reservationId: input.code, access, rating: input.rating, text: input.text });
  return { id: review.id, rating: review.rating };
});
