import type { Metadata } from "next";
import Link from "next/link";
import { formatLocalDate } from "@/components/diner/format";
import { ReviewForm } from "@/components/reviews/review-form";
import { Stars } from "@/components/reviews/stars";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { isDomainError } from "@/lib/errors";
import { getVisitReview } from "@/lib/reviews";
import "@/components/diner/diner.css";
import { manageAccess, privatePageMetadata, type ReservationPageProps } from "../load";

export const metadata: Metadata = privatePageMetadata("Review your visit");

/**
 * The page the review request's link opens: the visit's diner (by the signed link, the booking's
 * manage token in this browser, or their account) writes or edits the review. Works without signing in.
 */
export default async function ReviewPage(props: ReservationPageProps) {
  const { principal, code, token, linkToken } = await manageAccess((await props.params).code, (await props.searchParams).token);
  if (code === null) return <Unavailable signedIn={principal !== null} />;
  let loaded;
  try {
    loaded = await getVisitReview(getDb(), { reservationId: code, access: { principal, token } });
  } catch (e) {
    if (isDomainError(e) && (e.code === "not_found" || e.code === "unauthenticated")) return <Unavailable signedIn={principal !== null} />;
    if (isDomainError(e) && e.code === "outside_policy") return <Unavailable signedIn={principal !== null} reason={e.message} />;
    throw e;
  }
  const { visit, review, canWrite, reason } = loaded;
  return (
    <div className="manage-page">
      <h1>Your visit to {visit.restaurantName}</h1>
      <p className="lead">{formatLocalDate(visit.serviceDate)}</p>
      <Card as="section" aria-labelledby="review-heading">
        <h2 id="review-heading">{review ? "Your review" : "How was it?"}</h2>
        {review ? (
          <p>
            <Stars rating={review.rating} /> {review.reply ? "The restaurant has replied to it." : null}
          </p>
        ) : null}
        {canWrite ? (
          <ReviewForm code={visit.code} token={linkToken ?? undefined} initial={review ? { rating: review.rating, text: review.text } : undefined} />
        ) : (
          <p>{reason}</p>
        )}
      </Card>
    </div>
  );
}

function Unavailable({ signedIn, reason }: { signedIn: boolean; reason?: string }) {
  return (
    <div className="manage-page">
      <h1>This review link does not work</h1>
      <p>{reason ?? "The link may be incomplete, or the visit is not yours to review."}</p>
      {signedIn ? null : (
        <p>
          If you booked with an account, <Link href="/signin">sign in</Link> and open the link again.
        </p>
      )}
    </div>
  );
}
