import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BookingPanel } from "@/components/diner/booking-panel";
import {
  formatDateIn,
  formatTimeIn,
  partyLabel,
  seatsLabel,
} from "@/components/diner/format";
import { ReservationSummary } from "@/components/diner/reservation-summary";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { isDomainError } from "@/lib/errors";
import { experiencePath } from "@/lib/experiences/presentation";
import { getBookingPaymentPolicy } from "@/lib/payments/checkout";
import { cutoffDeadline, paymentDue, policySentence, seatPaymentSentence } from "@/lib/payments/policy";
import { getReservation } from "@/lib/reservations";
import { getChangeOrigin } from "@/lib/reservations/change";
import { reservationCode } from "@/lib/reservations/contract";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import { readManageToken } from "../manage-token";
import "@/components/diner/diner.css";
import { buttonClass } from "@/components/ui/button";
import { QueryProvider } from "@/components/providers";

export const metadata: Metadata = {
  title: "Complete your booking",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

type Props = {
  params: Promise<{ code: string }>;
};

export default async function BookingPage({ params }: Props) {
  const parsed = reservationCode.safeParse((await params).code);
  if (!parsed.success) return <NotYours />;
  const code = parsed.data;

  const db = getDb();
  const principal = await getSessionPrincipal();
  const manageToken = await readManageToken(code);
  let view;
  let change;
  let moneyPolicy;
  try {
    const access = { principal, manageToken };
    [view, change, moneyPolicy] = await Promise.all([
      getReservation(db, { reservationId: code, access }),
      // A change's hold keeps the booking's details: the form starts from them.
      getChangeOrigin(db, { reservationId: code, access }),
      // The session's own deposit or card policy where it has one.
      getBookingPaymentPolicy(db, { reservationId: code, access }),
    ]);
  } catch (e) {
    if (
      isDomainError(e) &&
      (e.code === "not_found" || e.code === "unauthenticated")
    )
      return <NotYours />;
    throw e;
  }
  if (
    view.status === "confirmed" ||
    view.status === "seated" ||
    view.status === "completed"
  ) {
    redirect(`/reservations/${encodeURIComponent(view.code)}/confirmed`);
  }
  const restaurant = await getRestaurant(db, principal, view.restaurantId);
  const now = new Date();
  const dateLabel = formatDateIn(view.startsAt, restaurant.timezone);
  const timeLabel = formatTimeIn(view.startsAt, restaurant.timezone);
  // A hold past its expiry is over even if no job has marked it expired yet.
  const live =
    view.status === "held" &&
    view.holdExpiresAt !== null &&
    view.holdExpiresAt > now;
  const deadline = cutoffDeadline(view.startsAt, restaurant.cancellationCutoffMinutes, restaurant.timezone, now);
  // Seats at an experience are paid in full (free ones confirm directly); tables follow the restaurant's policy.
  const seats = view.experience;
  const paymentNote = seats
    ? seatPaymentSentence(view.amountCents, view.currency, view.partySize, deadline)
    : change
      ? null
      : policySentence(moneyPolicy, view.partySize, deadline);
  const paymentKind = seats
    ? (view.amountCents ?? 0) > 0
      ? ("prepayment" as const)
      : null
    : change
      ? null
      : (paymentDue(moneyPolicy, view.partySize)?.kind ?? null);
  const summaryLine = seats
    ? `${seatsLabel(view.partySize)} in ${seats.section.name} at ${seats.name}, ${restaurant.name}, ${dateLabel} at ${timeLabel}.`
    : `${partyLabel(view.partySize)} at ${restaurant.name}, ${dateLabel} at ${timeLabel}.`;

  return (
    <div className="booking-page">
      <p className="breadcrumb">
        <Link href={`/r/${encodeURIComponent(restaurant.slug)}`}>
          ← {restaurant.name}
        </Link>
      </p>
      <QueryProvider>
        <BookingPanel
          code={view.code}
          restaurantId={restaurant.id}
          restaurantSlug={restaurant.slug}
          restaurantName={restaurant.name}
          timeZone={restaurant.timezone}
          serviceDate={view.serviceDate}
          dateLabel={dateLabel}
          startsAt={view.startsAt.toISOString()}
          partySize={view.partySize}
          holdExpiresAt={
            live && view.holdExpiresAt ? view.holdExpiresAt.toISOString() : null
          }
          holdExtended={view.holdExtended}
          holdMinutes={restaurant.holdMinutes}
          serverNow={now.toISOString()}
          signedIn={principal !== null}
          defaults={
            change
              ? change.details
              : {
                  name: view.name ?? principal?.name ?? "",
                  email: view.email ?? principal?.email ?? "",
                  phone: view.phone ?? "",
                  smsOptIn: view.smsOptIn,
                  occasion: "",
                  specialRequests: view.specialRequests ?? "",
                }
          }
          replaces={
            change
              ? {
                  code: change.code,
                  was: `${partyLabel(change.partySize)}, ${formatDateIn(change.startsAt, restaurant.timezone)} at ${formatTimeIn(change.startsAt, restaurant.timezone)}`,
                }
              : undefined
          }
          status={view.status}
          paymentNote={paymentNote}
          paymentKind={paymentKind}
          summaryLine={summaryLine}
          seats={seats ? { experienceName: seats.name, experienceHref: experiencePath(restaurant.slug, seats.id) } : undefined}
          summary={
            <Card
              as="section"
              aria-label="Your booking"
              className="booking-summary"
            >
              <ReservationSummary
                restaurant={restaurant}
                reservation={{
                  startsAt: view.startsAt,
                  partySize: view.partySize,
                  experience: view.experience,
                }}
              />
            </Card>
          }
        />
      </QueryProvider>
    </div>
  );
}

function NotYours() {
  return (
    <div className="status-page">
      <h1>We can&rsquo;t find that booking here</h1>
      <p className="muted">
        Holds belong to the browser that made them. If you booked on another
        device, use the manage link in your confirmation email, or sign in if
        you booked with an account.
      </p>
      <p className="cluster" style={{ justifyContent: "center" }}>
        <Link href="/restaurants" className={buttonClass("primary")}>
          Find a table
        </Link>
        <Link href="/signin" className={buttonClass("secondary")}>
          Sign in
        </Link>
      </p>
    </div>
  );
}
