import { absoluteUrl } from "@/app/book/manage-token";
import { buildIcs } from "@/lib/calendar/ics";
import { partyLabel, seatsLabel } from "@/components/diner/format";
import { loadManagedReservation } from "../load";

/**
 * The booking as an iCalendar file, for "add to calendar". Reached like the manage page: the diner's
 * session, the manage token in the link, or this browser's cookie. The file never carries the token.
 */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const token = new URL(request.url).searchParams.get("token");
  const loaded = await loadManagedReservation((await params).code, token);
  if (!loaded.ok) {
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const { view, restaurant } = loaded;
  const manageUrl = absoluteUrl(`/reservations/${encodeURIComponent(view.code)}`);
  const seats = view.experience;
  const what = seats
    ? `${seatsLabel(view.partySize)} in ${seats.section.name} at ${seats.name}, ${restaurant.name}.`
    : `${partyLabel(view.partySize)} at ${restaurant.name}.`;
  const ics = buildIcs({
    uid: `${view.id}@tablekeep`,
    start: view.startsAt,
    end: view.endsAt,
    stamp: new Date(),
    summary: seats ? `${seats.name} at ${restaurant.name}: ${seatsLabel(view.partySize)}` : `${restaurant.name}: table for ${view.partySize}`,
    location: [restaurant.address, restaurant.city].filter(Boolean).join(", ") || restaurant.name,
    description: [
      what,
      `Booking code: ${view.code}.`,
      `Change or cancel with the manage link in your confirmation email, or at ${manageUrl}`,
    ].join("\n"),
    url: manageUrl,
    status: view.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
    // Same UID for the booking's life: a change raised its sequence; a cancellation outranks them all.
    sequence: view.status === "cancelled" ? view.sequence + 1 : view.sequence,
  });
  return new Response(ics, {
    status: 200,
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="tablekeep-${view.code}.ics"`,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
