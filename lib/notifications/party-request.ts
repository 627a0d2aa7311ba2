import { createElement } from "react";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import PartyRequestEmail, { partyRequestSubject } from "@/components/emails/party-request";
import PartyRequestDeclined, { partyRequestDeclinedSubject } from "@/components/emails/party-request-declined";
import type { DbOrTx } from "@/db/client";
import { partyRequests, reservations, restaurants, type Notification } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { restaurantRecipients } from "@/lib/party-requests/party-requests";
import { renderedEmail, type PreparedEmail } from "./account";
import { manageLinkFor } from "./links";
import { SMS_OPT_OUT } from "./sms/render";

/** "Friday 4 December 2026 at 19:30", a request's local date and time as written. */
function when(date: string, time: string): string {
  return `${DateTime.fromISO(date).setLocale("en-GB").toFormat("cccc d LLLL yyyy")} at ${time.slice(0, 5)}`;
}

/** A request with its restaurant, for the messages about it. */
async function loadRequest(db: DbOrTx, id: string) {
  const [found] = await db
    .select({ request: partyRequests, restaurant: { name: restaurants.name, slug: restaurants.slug, timezone: restaurants.timezone } })
    .from(partyRequests)
    .innerJoin(restaurants, eq(restaurants.id, partyRequests.restaurantId))
    .where(eq(partyRequests.id, id))
    .limit(1);
  return found ?? null;
}

/**
 * Builds a large-party email for its outbox row (the request to the restaurant, or the decline to
 * the group), or says why it should no longer go out. The row fixes the kind; the request's current
 * state decides whether it is still worth sending.
 */
export async function preparePartyRequestEmail(db: DbOrTx, row: Notification): Promise<PreparedEmail> {
  if (!row.partyRequestId || !row.toEmail) return { skip: "The message names no request." };
  const found = await loadRequest(db, row.partyRequestId);
  if (!found) return { skip: "The request no longer exists." };
  const { request: r, restaurant } = found;
  const base = appUrl().replace(/\/+$/, "");
  let to: string[];
  let subject: string;
  let element;
  if (row.kind === "party_request") {
    if (r.status !== "pending") return { skip: `The request was already ${r.status}.` };
    // Every owner and manager as they are now; the row's own address if the team has none left.
    const team = await restaurantRecipients(db, r.restaurantId);
    to = team.length > 0 ? team : [row.toEmail];
    const props = {
      restaurantName: restaurant.name,
      name: r.name,
      partySize: r.partySize,
      when: when(r.serviceDate, r.localTime),
      email: r.email,
      phone: r.phone,
      notes: r.notes,
      bookUrl: `${base}/manage/${encodeURIComponent(restaurant.slug)}?date=${r.serviceDate}#party-requests`,
    };
    subject = partyRequestSubject(props);
    element = createElement(PartyRequestEmail, props);
  } else if (row.kind === "party_request_declined") {
    if (r.status !== "declined" || !r.declineMessage) return { skip: `The request is ${r.status}.` };
    to = [row.toEmail];
    const props = {
      restaurantName: restaurant.name,
      name: r.name,
      partySize: r.partySize,
      when: when(r.serviceDate, r.localTime),
      message: r.declineMessage,
      restaurantUrl: `${base}/r/${encodeURIComponent(restaurant.slug)}`,
    };
    subject = partyRequestDeclinedSubject(props);
    element = createElement(PartyRequestDeclined, props);
  } else {
    return { skip: "Not a large-party message." };
  }
  return { send: await renderedEmail(row, to, subject, element) };
}

/** A decline's message as a text carries it: on one line, and short enough for a few segments. */
const SMS_MESSAGE_MAX = 300;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** "Fri 4 Dec at 19:30", as texts write a local date and time. */
function shortWhen(date: string, time: string): string {
  return `${DateTime.fromISO(date).setLocale("en-GB").toFormat("ccc d LLL")} at ${time.slice(0, 5)}`;
}

/**
 * The text for a large party's SMS row (to a group that gave only a phone): the acknowledgement, the
 * booking it became, or the decline with the restaurant's message; or why it should no longer go out.
 * Deterministic for a row's state, so a retry says the same thing.
 */
export async function preparePartyRequestSms(db: DbOrTx, row: Notification): Promise<{ skip: string } | { body: string }> {
  if (!row.partyRequestId || !row.toPhone) return { skip: "The text names no request." };
  const found = await loadRequest(db, row.partyRequestId);
  if (!found) return { skip: "The request no longer exists." };
  const { request: r, restaurant } = found;
  const party = `${r.partySize} ${r.partySize === 1 ? "guest" : "guests"}`;
  switch (row.kind) {
    case "party_request_received":
      // Answered before this went out: the answer's own text says more.
      if (r.status !== "pending") return { skip: `The request was already ${r.status}.` };
      return { body: `${restaurant.name}: we have your request for a table for ${party} on ${shortWhen(r.serviceDate, r.localTime)} and will text you our answer. ${SMS_OPT_OUT}` };
    case "party_request_accepted": {
      if (r.status !== "accepted" || !r.reservationId) return { skip: `The request is ${r.status}.` };
      const [booking] = await db.select().from(reservations).where(eq(reservations.id, r.reservationId));
      if (!booking || booking.status !== "confirmed") return { skip: "The booking is no longer confirmed." };
      const start = DateTime.fromJSDate(booking.startsAt, { zone: restaurant.timezone }).setLocale("en-GB");
      const when = `${start.toFormat("ccc d LLL")} at ${start.toFormat("HH:mm")}`;
      const guests = `${booking.partySize} ${booking.partySize === 1 ? "guest" : "guests"}`;
      return { body: `${restaurant.name}: your table is booked for ${when}, ${guests}. Code ${booking.code}. Change or cancel: ${manageLinkFor(booking)} ${SMS_OPT_OUT}` };
    }
    case "party_request_declined":
      if (r.status !== "declined" || !r.declineMessage) return { skip: `The request is ${r.status}.` };
      return {
        body: `${restaurant.name}: sorry, we cannot take your group of ${party} on ${shortWhen(r.serviceDate, r.localTime)}. "${oneLine(r.declineMessage, SMS_MESSAGE_MAX)}" ${SMS_OPT_OUT}`,
      };
    default:
      return { skip: "Not a large-party text." };
  }
}
