"use server";

import { z } from "zod";
import { uuid } from "@/lib/contract/common";
import { replyToReview } from "@/lib/reviews";
import { replySchema } from "@/lib/reviews/contract";
import { ownerAction } from "./action-steps";

/** The restaurant's public reply to a review (owner or manager; the service checks the role). */
export const replyToReviewAction = ownerAction(
  z.object({ reviewId: uuid }).extend(replySchema.shape),
  async (input, { db, principal }) => {
    const review = await replyToReview(db, { reviewId: input.reviewId, principal, text: input.text ?? "" });
    return { reply: review.reply?.text ?? null };
  },
);
