import { DateTime } from "luxon";
import { manageLinkFor, reviewLinkFor, waitlistOfferLinkFor } from "../links";
import type { NotificationContext } from "../render";

/** The kinds that also go by text message when the diner agreed to it. */
export const SMS_KINDS = ["confirmation", "updated", "reminder", "cancellation", "waitlist_offer", "review_request"] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

export function isSmsKind(kind: string): kind is SmsKind {
  return (SMS_KINDS as readonly string[]).includes(kind);
}

/** Carriers require it on marketing and expect it on every automated text. */
export const SMS_OPT_OUT = "Reply STOP to opt out.";

/**
 * The text of an SMS row: short (one or two segments), in the restaurant's zone, with the same links
 * as the email. Deterministic for a row, like the email, so every attempt says the same thing.
 */
export function buildSmsBody(ctx: NotificationContext): string {
  const { reservation: r, restaurant } = ctx;
  const start = DateTime.fromJSDate(r.startsAt, { zone: restaurant.timezone }).setLocale("en-GB");
  const when = `${start.toFormat("ccc d LLL")} at ${start.toFormat("HH:mm")}`;
  const party = `${r.partySize} ${r.partySize === 1 ? "guest" : "guests"}`;
  switch (ctx.notification.kind) {
    case "confirmation":
      return `${restaurant.name}: you're booked for ${when}, ${party}. Code ${r.code}. Change or cancel: ${manageLinkFor(r)} ${SMS_OPT_OUT}`;
    case "updated":
      return `${restaurant.name}: your booking ${r.code} is changed. Now ${when}, ${party}. Change or cancel: ${manageLinkFor(r)} ${SMS_OPT_OUT}`;
    case "reminder":
      return `${restaurant.name}: see you ${when}, ${party}. Code ${r.code}. Change or cancel: ${manageLinkFor(r)} ${SMS_OPT_OUT}`;
    case "cancellation":
      return `${restaurant.name}: your booking ${r.code} for ${when} is cancelled. ${SMS_OPT_OUT}`;
    case "waitlist_offer": {
      const until = DateTime.fromJSDate(r.holdExpiresAt ?? r.startsAt, { zone: restaurant.timezone }).toFormat("HH:mm");
      return `${restaurant.name}: a table opened for ${when}, ${party}. It's held for you until ${until}. Confirm: ${waitlistOfferLinkFor(r)} ${SMS_OPT_OUT}`;
    }
    case "review_request":
      return `${restaurant.name}: thanks for visiting. How was it? Review your visit: ${reviewLinkFor(r)} ${SMS_OPT_OUT}`;
    default:
      throw new Error(`No text message for ${ctx.notification.kind}.`);
  }
}
