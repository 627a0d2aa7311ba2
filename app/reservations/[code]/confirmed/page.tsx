import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { absoluteUrl, manageLink } from "@/app/book/manage-token";
import { formatDateIn, formatTimeIn, partyLabel, seatsLabel } from "@/components/diner/format";
import { ReservationSummary } from "@/components/diner/reservation-summary";
import { Card } from "@/components/ui/card";
import { cutoffDeadline, paymentStatusSentence } from "@/lib/payments/policy";
import { NotAvailable } from "../not-available";
import { calendarHref, loadReservationPage, privatePageMetadata, type ReservationPageProps } from "../load";
import "@/components/diner/diner.css";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = privatePageMetadata("Booking confirmed");

export default async function ConfirmationPage(props: ReservationPageProps) {
  const loaded = await loadReservationPage(props);
  if (!loaded.ok) return <NotAvailable signedIn={loaded.signedIn} link={loaded.link} />;
  const { view, restaurant, token } = loaded;
  if (view.status === "held") redirect(`/book/${encodeURIComponent(view.code)}`);
  if (view.status !== "confirmed") redirect(manageLink(view.code, loaded.linkToken));

  const tz = restaurant.timezone;
  const paymentNote = paymentStatusSentence(view.payment, {
    deadline: cutoffDeadline(view.startsAt, restaurant.cancellationCutoffMinutes, tz),
    reservationStatus: view.status,
  });
  const manage = manageLink(view.code, token);
  const calendar = calendarHref(view.code, loaded.linkToken);

  return (
    <div className="confirmation-page">
      <div className="confirmation-hero">
        <p className="confirmation-check" aria-hidden="true">
          ✓
        </p>
        <h1>{view.sequence > 0 ? "Your booking is changed" : <>You&rsquo;re booked</>}</h1>
        <p className="lead">
          {view.experience
            ? `${seatsLabel(view.partySize)} in ${view.experience.section.name} at ${view.experience.name}, ${restaurant.name},`
            : `${partyLabel(view.partySize)} at ${restaurant.name}`}{" "}
          on {formatDateIn(view.startsAt, tz)} at{" "}
          {formatTimeIn(view.startsAt, tz)}.{" "}
          {view.sequence > 0 ? (
            <>
              Same booking code and link; an email with the new time and an updated calendar file is on its way to <strong>{view.email}</strong>.
            </>
          ) : (
            <>
              A confirmation is on its way to <strong>{view.email}</strong>.
            </>
          )}
        </p>
        <p className="confirmation-code">
          Your booking code <strong data-testid="booking-code">{view.code}</strong>
        </p>
      </div>
      <div className="booking-layout">
        <Card as="section" aria-labelledby="details-heading">
          <h2 id="details-heading">Booking details</h2>
          <ReservationSummary restaurant={restaurant} reservation={view} />
          {paymentNote ? (
            <p className="payment-note" data-testid="payment-status">
              {paymentNote}
            </p>
          ) : null}
        </Card>
        <Card as="section" aria-labelledby="next-heading" className="stack">
          <h2 id="next-heading">What next</h2>
          <p>
            <a href={calendar} className={buttonClass("secondary")} download={`tablekeep-${view.code}.ics`}>
              Add to calendar (.ics)
            </a>
          </p>
          <div>
            <h3>Your manage link</h3>
            <p>
              Keep this link to {view.experience ? "cancel" : "change or cancel"} your booking. Anyone with it can manage the booking.
            </p>
            <p className="manage-link">
              <Link href={manage}>{absoluteUrl(manage)}</Link>
            </p>
          </div>
          <p>
            <Link href={manage} className={buttonClass("primary")}>
              Manage or cancel this booking
            </Link>
          </p>
        </Card>
      </div>
    </div>
  );
}
