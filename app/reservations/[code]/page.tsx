import type { Metadata } from "next";
import { telHref } from "@/components/restaurants/contact";
import Link from "next/link";
import { CancelReservation } from "@/components/diner/cancel-reservation";
import { ChangeReservation } from "@/components/diner/change-reservation";
import { formatDateIn, formatMinutes, formatTimeIn, localDateIn, partyLabel, seatsLabel } from "@/components/diner/format";
import { experiencePath } from "@/lib/experiences/presentation";
import { ReservationSummary, statusLabel } from "@/components/diner/reservation-summary";
import { Card } from "@/components/ui/card";
import { addDays } from "@/lib/availability/slots";
import { formatMoney } from "@/lib/payments/money";
import { cutoffDeadline, paymentStatusSentence } from "@/lib/payments/policy";
import type { PaymentView } from "@/lib/payments/view";
import { calendarHref, loadReservationPage, privatePageMetadata, type ReservationPageProps } from "./load";
import { NotAvailable } from "./not-available";
import "@/components/diner/diner.css";
import { buttonClass } from "@/components/ui/button";
import { QueryProvider } from "@/components/providers";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = privatePageMetadata("Manage your booking");

export default async function ManagePage(props: ReservationPageProps) {
  const loaded = await loadReservationPage(props);
  if (!loaded.ok) return <NotAvailable signedIn={loaded.signedIn} link={loaded.link} />;
  const { view, restaurant, linkToken } = loaded;
  const tz = restaurant.timezone;
  const now = new Date();
  const when = `${formatDateIn(view.startsAt, tz)} at ${formatTimeIn(view.startsAt, tz)}`;
  const cutoff = new Date(view.startsAt.getTime() - restaurant.cancellationCutoffMinutes * 60_000);
  const beforeCutoff = now < cutoff;
  const upcoming = view.startsAt > now;
  const calendar = calendarHref(view.code, linkToken);
  const today = localDateIn(now, tz);
  const seats = view.experience;
  const bookAgain = seats
    ? { href: experiencePath(restaurant.slug, seats.id), label: `See ${seats.name} again` }
    : { href: `/r/${encodeURIComponent(restaurant.slug)}`, label: `Book at ${restaurant.name}` };
  const paymentNote = paymentStatusSentence(view.payment, {
    deadline: cutoffDeadline(view.startsAt, restaurant.cancellationCutoffMinutes, tz, now),
    reservationStatus: view.status,
  });

  return (
    <div className="manage-page">
      <p className="breadcrumb">
        {loaded.principal ? <Link href="/me">← My reservations</Link> : <Link href="/restaurants">← Find a table</Link>}
      </p>
      <h1>{seats ? `Your seats at ${seats.name}` : `Your booking at ${restaurant.name}`}</h1>
      <p className="lead">
        {seats ? `${seatsLabel(view.partySize)} in ${seats.section.name} at ${restaurant.name}` : partyLabel(view.partySize)}, {when}.{" "}
        <span className={`status-badge status-${view.status}`} data-testid="reservation-status">
          {statusLabel(view.status)}
        </span>
      </p>

      <div className="booking-layout">
        <Card as="section" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <ReservationSummary restaurant={restaurant} reservation={view} />
          {paymentNote ? (
            <p className="payment-note" data-testid="payment-status">
              {paymentNote}
            </p>
          ) : null}
          {view.status === "confirmed" ? (
            <p>
              <a href={calendar} className={buttonClass("secondary")} download={`tablekeep-${view.code}.ics`}>
                Add to calendar (.ics)
              </a>
            </p>
          ) : null}
        </Card>

        <div className="stack">
          {view.status === "held" ? (
            <Card as="section" aria-labelledby="held-heading">
              <h2 id="held-heading">Not confirmed yet</h2>
              <p>
                {seats ? "These seats are only held. Add your details to confirm them" : "This table is only held. Add your details to confirm it"} before
                the hold runs out.
              </p>
              <p>
                <Link href={`/book/${encodeURIComponent(view.code)}`} className={buttonClass("primary")}>
                  Finish booking
                </Link>
              </p>
            </Card>
          ) : null}

          {view.status === "cancelled" || view.status === "expired" ? (
            <Card as="section" aria-labelledby="over-heading">
              <h2 id="over-heading">{view.status === "cancelled" ? "This booking is cancelled" : "This hold expired"}</h2>
              <p>Nothing is booked for this code. You are welcome to book again.</p>
              <p>
                <Link href={bookAgain.href} className={buttonClass("primary")}>
                  {bookAgain.label}
                </Link>
              </p>
            </Card>
          ) : null}

          {view.status === "confirmed" ? (
            <Card as="section" aria-labelledby="policy-heading" className="stack-sm">
              <h2 id="policy-heading">{seats ? "Cancel" : "Change or cancel"}</h2>
              <p data-testid="cancellation-policy">
                {restaurant.name} lets you {seats ? "cancel" : "cancel or change"} online until{" "}
                <strong>{restaurant.cancellationCutoffMinutes > 0 ? formatMinutes(restaurant.cancellationCutoffMinutes) : "the moment"}</strong>{" "}
                before your booking
                {restaurant.cancellationCutoffMinutes > 0 ? (
                  <>
                    {" "}
                    (until {formatDateIn(cutoff, tz)}, {formatTimeIn(cutoff, tz)})
                  </>
                ) : null}
                . After that, please call the restaurant
                {restaurant.phone ? (
                  <>
                    {" "}
                    on <a href={telHref(restaurant.phone)}>{restaurant.phone}</a>
                  </>
                ) : null}
                .
              </p>
              {upcoming && beforeCutoff ? (
                <CancelReservation
                  code={view.code}
                  token={linkToken ?? undefined}
                  when={when}
                  what={seats ? `your ${seatsLabel(view.partySize)} at ${seats.name}` : undefined}
                  consequence={cancelConsequence(view.payment)}
                />
              ) : (
                <Alert variant="warning" as="p">
                  {upcoming ? (
                    <>
                      It is now too close to your booking to {seats ? "cancel" : "change or cancel"} it online. Please call the restaurant
                      {restaurant.phone ? (
                        <>
                          {" "}
                          on <a href={telHref(restaurant.phone)}>{restaurant.phone}</a>
                        </>
                      ) : null}
                      .
                    </>
                  ) : (
                    "This booking is in the past."
                  )}
                </Alert>
              )}
            </Card>
          ) : null}

          {/* Seats are cancelled and booked again; only a table booking moves to another time. */}
          {view.status === "confirmed" && upcoming && beforeCutoff && !seats ? (
            <Card className="change-box">
              <QueryProvider>
                <ChangeReservation
                  restaurantId={restaurant.id}
                  restaurantName={restaurant.name}
                  timeZone={tz}
                  today={today}
                  lastDate={addDays(today, restaurant.bookingWindowDays)}
                  minPartySize={restaurant.minPartySize}
                  maxPartySize={restaurant.maxPartySize}
                  initialDate={view.serviceDate}
                  initialPartySize={view.partySize}
                  replaces={{ code: view.code, ...(linkToken ? { token: linkToken } : {}) }}
                />
              </QueryProvider>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** What a cancel before the cut-off does to the money, said before the diner confirms it. */
function cancelConsequence(p: PaymentView): string | null {
  const what = p.kind === "prepayment" ? "prepayment" : "deposit";
  if (p.status === "paid" && p.currency) return `Your ${what} of ${formatMoney(p.amountCents, p.currency)} will be refunded in full.`;
  if (p.status === "partially_refunded" && p.currency) {
    return `The rest of your ${what} (${formatMoney(p.amountCents - p.refundedCents, p.currency)}) will be refunded.`;
  }
  if (p.status === "card_saved") return "Nothing will be charged to your card.";
  return null;
}
