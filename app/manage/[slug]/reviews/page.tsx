import type { Metadata } from "next";
import { formatLocalDate } from "@/components/diner/format";
import { NotAllowed } from "@/components/owner/not-allowed";
import { ReplyForm } from "@/components/reviews/reply-form";
import { formatRating, Stars } from "@/components/reviews/stars";
import { getDb } from "@/lib/db";
import { averageOf } from "@/lib/reviews/contract";
import { listReviewsForOwner } from "@/lib/reviews";
import { loadWorkspace } from "../../workspace";
import "@/components/reviews/reviews.css";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Reviews" };

/** Reviews of the restaurant, newest first, each with its public reply (owners and managers). */
export default async function ReviewsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "reviews.reply", `/manage/${slug}/reviews`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  const items = await listReviewsForOwner(getDb(), { restaurantId: r.id, principal: ws.principal });
  const average = averageOf(r.ratingSum, r.ratingCount);
  const unanswered = items.filter((i) => !i.reply).length;
  return (
    <div className="stack">
      <div>
        <h1>Reviews</h1>
        <p className="muted">
          {average === null
            ? "No reviews yet. Diners are asked the morning after a visit you mark finished."
            : `${formatRating(Math.round(average * 10) / 10)} out of 5 from ${r.ratingCount} ${r.ratingCount === 1 ? "review" : "reviews"}; ${unanswered} without a reply.`}
        </p>
      </div>
      <ol className="review-list">
        {items.map((review) => (
          <Card as="li" className="review" key={review.id} data-testid="owner-review">
            <p className="review-head">
              <Stars rating={review.rating} />
              <strong className="review-author">{review.author}</strong>
              <span className="muted">visited {formatLocalDate(review.visitedOn)}</span>
              {review.reply ? null : <span className="status-badge">New</span>}
            </p>
            {review.text ? <p className="review-text">{review.text}</p> : <p className="muted">No text, just a rating.</p>}
            <ReplyForm reviewId={review.id} initial={review.reply?.text ?? null} />
          </Card>
        ))}
      </ol>
    </div>
  );
}
