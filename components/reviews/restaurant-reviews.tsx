import { formatLocalDate } from "@/components/diner/format";
import type { RatingDistribution } from "@/lib/reviews/contract";
import type { RatingSummary, ReviewView } from "@/lib/reviews/reviews";
import { formatRating, Stars } from "./stars";
import "./reviews.css";

/**
 * The restaurant page's reviews: the average, the count, how many gave each number of stars, and
 * the latest reviews with the restaurant's replies. Every text is rendered by React (escaped).
 */
export function RestaurantReviews({
  rating,
  distribution,
  reviews,
}: {
  rating: RatingSummary;
  distribution: RatingDistribution;
  reviews: ReviewView[];
}) {
  return (
    <section aria-labelledby="reviews-heading" className="reviews" data-testid="reviews">
      <h2 id="reviews-heading">Reviews</h2>
      {rating.count === 0 || rating.average === null ? (
        <p className="muted">No reviews yet. Only diners who have eaten here can review it.</p>
      ) : (
        <>
          <div className="rating-summary">
            <p className="rating-average">
              <span className="rating-number" data-testid="rating-average">
                {formatRating(Math.round(rating.average * 10) / 10)}
              </span>
              <Stars rating={rating.average} />
              <span className="muted" data-testid="rating-count">
                {rating.count} {rating.count === 1 ? "review" : "reviews"} from verified diners
              </span>
            </p>
            <dl className="rating-distribution" aria-label="Ratings by stars">
              {distribution.map((d) => (
                <div key={d.stars} className="rating-bar-row">
                  <dt>{d.stars} ★</dt>
                  <dd>
                    <span className="rating-bar" aria-hidden="true">
                      <span style={{ width: `${rating.count ? Math.round((d.count / rating.count) * 100) : 0}%` }} />
                    </span>
                    <span className="rating-bar-count">{d.count}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <ol className="review-list">
            {reviews.map((r) => (
              <li key={r.id} className="review" data-testid="review">
                <p className="review-head">
                  <Stars rating={r.rating} />
                  <strong className="review-author">{r.author}</strong>
                  <span className="muted">visited {formatLocalDate(r.visitedOn)}</span>
                </p>
                {r.text ? <p className="review-text">{r.text}</p> : null}
                {r.reply ? (
                  <div className="review-reply" data-testid="review-reply">
                    <p className="review-reply-label">Reply from the restaurant</p>
                    <p className="review-text">{r.reply.text}</p>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
