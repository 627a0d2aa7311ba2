import { createElement } from "react";
import { render } from "@react-email/render";
import { DateTime } from "luxon";
import HoldExpired, { holdExpiredSubject } from "@/components/emails/hold-expired";
import PaymentRefunded, { paymentRefundedSubject } from "@/components/emails/payment-refunded";
import ReservationCancellation, { cancellationSubject } from "@/components/emails/reservation-cancellation";
import ReservationConfirmation, { confirmationSubject } from "@/components/emails/reservation-confirmation";
import type { ReservationEmailDetails } from "@/components/emails/reservation-details";
import ReservationReminder, { reminderSubject } from "@/components/emails/reservation-reminder";
import ReservationUpdated, { updatedSubject } from "@/components/emails/reservation-updated";
import ReviewRequest, { reviewRequestSubject } from "@/components/emails/review-request";
import WaitlistOffer, { waitlistOfferSubject } from "@/components/emails/waitlist-offer";
import type { Notification, Payment, Reservation, Restaurant } from "@/db/schema";
import { formatMoney } from "@/lib/payments/money";
import { cutoffDeadline, paymentStatusSentence } from "@/lib/payments/policy";
import { paymentView } from "@/lib/payments/view";
import { appUrl, getEnv } from "@/lib/env";
import { countOf } from "@/lib/text/plural";
import { buildIcs } from "@/lib/calendar/ics";
import { manageLinkFor, REVIEW_WINDOW_DAYS, reviewLinkExpiry, reviewLinkFor, waitlistOfferLinkFor } from "./links";

export type NotificationKind = Notification["kind"];

/** Everything a message is built from, loaded in one query by the dispatcher. */
export interface NotificationContext {
  notification: Notification;
  reservation: Reservation;
  restaurant: Pick<Restaurant, "id" | "slug" | "name" | "timezone" | "address" | "city" | "cancellationCutoffMinutes">;
  /** The reservation's deposit or card guarantee, if it has one. */
  payment?: Pick<Payment, "kind" | "status" | "amountCents" | "currency" | "capturedCents" | "refundedCents"> | null;
  /** Seats at an experience: its name and the section. */
  experience?: { name: string; sectionName: string } | null;
}

export interface EmailAttachment {
  filename: string;
  /** base64 */
  content: string;
  contentType: string;
}

/** A provider-neutral email, as the transports take it. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  tags: { name: string; value: string }[];
}

function baseUrl(): string {
  return appUrl().replace(/\/+$/, "");
}

/** Human wording of a policy length: "2 hours", "1 day", "45 minutes". */
export function formatDuration(minutes: number): string {
  if (minutes % 1440 === 0) return countOf(minutes / 1440, "day");
  if (minutes % 60 === 0) return countOf(minutes / 60, "hour");
  return countOf(minutes, "minute");
}

/** Start time in the restaurant's zone: the local date and wall-clock time the diner will read. */
export function localParts(instant: Date, timeZone: string) {
  const dt = DateTime.fromJSDate(instant, { zone: timeZone }).setLocale("en-GB");
  return {
    localDate: dt.toFormat("cccc d LLLL yyyy"),
    localTime: dt.toFormat("HH:mm"),
    zoneAbbreviation: dt.offsetNameShort ?? dt.toFormat("ZZ"),
  };
}

export function emailDetails(ctx: NotificationContext): ReservationEmailDetails {
  const { reservation: r, restaurant } = ctx;
  return {
    restaurantName: restaurant.name,
    restaurantAddress: [restaurant.address, restaurant.city].filter(Boolean).join(", ") || null,
    guestName: r.guestName,
    code: r.code,
    partySize: r.partySize,
    ...localParts(r.startsAt, restaurant.timezone),
    timeZone: restaurant.timezone,
    manageUrl: manageLinkFor(r),
    experience: ctx.experience ?? null,
  };
}

/**
 * Why this message should no longer go out, or null if it should. Checked after the claim and
 * before sending, because the reservation may have changed since the row was written.
 */
export function reasonNotToSend(ctx: NotificationContext, now: Date): string | null {
  const r = ctx.reservation;
  switch (ctx.notification.kind) {
    case "confirmation":
      if (r.status !== "confirmed" && r.status !== "seated") return `The reservation is ${r.status}.`;
      if (r.endsAt <= now) return "The reservation is over.";
      return null;
    case "updated":
      if (r.status !== "confirmed") return `The reservation is ${r.status}.`;
      // A later change has its own message; this one would only repeat it.
      if (ctx.notification.revision < r.sequence) return "A later change replaced this one.";
      if (r.endsAt <= now) return "The reservation is over.";
      return null;
    case "reminder":
      if (r.status !== "confirmed") return `The reservation is ${r.status}.`;
      // A reminder after the start time helps nobody (it was delayed by an outage).
      if (r.startsAt <= now) return "The reservation has already started.";
      return null;
    case "cancellation":
      return r.status === "cancelled" ? null : `The reservation is ${r.status}.`;
    case "hold_expired":
      return r.status === "expired" ? null : `The reservation is ${r.status}.`;
    case "payment_refunded":
      return null;
    case "review_request":
      if (r.status !== "completed") return `The reservation is ${r.status}.`;
      if (now.getTime() >= reviewLinkExpiry(r.endsAt) * 1000) return "The time to review this visit has passed.";
      return null;
    case "waitlist_offer":
      if (r.status !== "held") return `The offered hold is ${r.status}.`;
      if (!r.holdExpiresAt || r.holdExpiresAt <= now) return "The offered hold has run out.";
      return null;
    case "verify_email":
    case "password_reset":
    case "invite":
    case "party_request":
    case "party_request_declined":
    case "party_request_received":
    case "party_request_accepted":
      return "Not a reservation message.";
  }
}

function reservationIcs(ctx: NotificationContext, d: ReservationEmailDetails, method: "PUBLISH" | "CANCEL" = "PUBLISH"): EmailAttachment {
  const r = ctx.reservation;
  const ics = buildIcs({
    method,
    // One UID for the booking's life; each change raised its sequence, and a cancellation outranks
    // every copy sent before it.
    sequence: method === "CANCEL" ? r.sequence + 1 : r.sequence,
    uid: `${r.id}@tablekeep`,
    start: r.startsAt,
    end: r.endsAt,
    // Deterministic, so the same row always renders the same bytes (a re-send must match the first).
    stamp: method === "CANCEL" ? (r.cancelledAt ?? r.confirmedAt ?? r.createdAt) : r.sequence > 0 ? r.updatedAt : (r.confirmedAt ?? r.createdAt),
    summary: ctx.experience
      ? `${ctx.experience.name} at ${ctx.restaurant.name}: ${countOf(r.partySize, "seat")}`
      : `Table for ${r.partySize} at ${ctx.restaurant.name}`,
    description: `Booking code ${r.code}. Manage your booking: ${d.manageUrl}`,
    location: d.restaurantAddress ?? ctx.restaurant.name,
    url: d.manageUrl,
  });
  return {
    filename: "reservation.ics",
    content: Buffer.from(ics, "utf8").toString("base64"),
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}

/** Renders the message for an outbox row: subject, HTML, plain text and attachments. */
export async function buildMessage(ctx: NotificationContext): Promise<OutgoingEmail> {
  const d = emailDetails(ctx);
  const bookAgainUrl = `${baseUrl()}/r/${encodeURIComponent(ctx.restaurant.slug)}`;
  let subject: string;
  let element: ReturnType<typeof createElement>;
  const attachments: EmailAttachment[] = [];
  switch (ctx.notification.kind) {
    case "confirmation":
    case "updated": {
      // The same booking either way; an update says what changed and its calendar file replaces the event.
      const updated = ctx.notification.kind === "updated";
      subject = updated ? updatedSubject(d) : confirmationSubject(d);
      const props = {
        ...d,
        specialRequests: ctx.reservation.specialRequests,
        cancellationCutoff: formatDuration(ctx.restaurant.cancellationCutoffMinutes),
        paymentNote: paymentStatusSentence(paymentView(ctx.payment), {
          // Judged when the message was queued, so a re-sent copy reads the same.
          deadline: cutoffDeadline(ctx.reservation.startsAt, ctx.restaurant.cancellationCutoffMinutes, ctx.restaurant.timezone, ctx.notification.createdAt),
          reservationStatus: ctx.reservation.status,
        }),
      };
      element = updated ? createElement(ReservationUpdated, props) : createElement(ReservationConfirmation, props);
      attachments.push(reservationIcs(ctx, d));
      break;
    }
    case "reminder":
      subject = reminderSubject(d);
      element = createElement(ReservationReminder, d);
      break;
    case "cancellation":
      subject = cancellationSubject(d);
      element = createElement(ReservationCancellation, { ...d, bookAgainUrl });
      attachments.push(reservationIcs(ctx, d, "CANCEL"));
      break;
    case "hold_expired":
      subject = holdExpiredSubject(d);
      element = createElement(HoldExpired, { ...d, bookAgainUrl });
      break;
    case "payment_refunded":
      subject = paymentRefundedSubject(d);
      element = createElement(PaymentRefunded, { ...d, bookAgainUrl, amount: formatMoney(ctx.payment?.capturedCents ?? 0, ctx.payment?.currency ?? "EUR") });
      break;
    case "review_request":
      subject = reviewRequestSubject(d);
      element = createElement(ReviewRequest, { ...d, reviewUrl: reviewLinkFor(ctx.reservation), windowDays: REVIEW_WINDOW_DAYS });
      break;
    case "waitlist_offer": {
      subject = waitlistOfferSubject(d);
      const until = localParts(ctx.reservation.holdExpiresAt ?? ctx.reservation.startsAt, ctx.restaurant.timezone);
      element = createElement(WaitlistOffer, { ...d, manageUrl: waitlistOfferLinkFor(ctx.reservation), holdUntil: `${until.localTime} (${until.zoneAbbreviation})` });
      break;
    }
    case "verify_email":
    case "password_reset":
      throw new Error("Account emails are built by lib/notifications/account.ts.");
    case "invite":
      throw new Error("Invite emails are built by lib/notifications/invite.ts.");
    case "party_request":
    case "party_request_declined":
    case "party_request_received":
    case "party_request_accepted":
      throw new Error("Large-party messages are built by lib/notifications/party-request.ts.");
  }
  const to = ctx.notification.toEmail;
  if (!to) throw new Error("The row has no email address.");
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return {
    from: getEnv().EMAIL_FROM,
    to: [to],
    subject,
    html,
    text,
    attachments,
    tags: [
      { name: "kind", value: ctx.notification.kind },
      { name: "notification_id", value: ctx.notification.id },
    ],
  };
}
