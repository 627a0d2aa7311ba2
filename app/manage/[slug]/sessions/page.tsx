import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { NotAllowed } from "@/components/owner/not-allowed";
import { RuleImpactPanel } from "@/components/owner/rule-impact-panel";
import { SessionsEditor } from "@/components/owner/sessions-editor";
import { localDateOf } from "@/lib/availability/slots";
import { listClosures } from "@/lib/restaurants/closures";
import { listReservationsOutsideRules } from "@/lib/restaurants/rule-impact";
import { listSessions, listUpcomingBookingsBySession, toSessionRule } from "@/lib/restaurants/sessions";
import { sessionOverlaps } from "@/lib/restaurants/session-overlap";
import { Alert } from "@/components/ui/alert";
import { formatWeekdays } from "@/components/diner/format";
import { loadWorkspace } from "../../workspace";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "sessions.manage", `/manage/${slug}/sessions`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const db = getDb();
  const today = localDateOf(new Date(), ws.restaurant.timezone);
  const [sessions, closures, outside, upcoming] = await Promise.all([
    listSessions(db, ws.principal, ws.restaurant.id),
    listClosures(db, ws.principal, ws.restaurant.id, { from: today }),
    listReservationsOutsideRules(db, ws.principal, ws.restaurant.id),
    listUpcomingBookingsBySession(db, ws.principal, ws.restaurant.id),
  ]);
  const rules = sessions.map(toSessionRule);
  const overlaps = sessionOverlaps(rules);
  return (
    <div className="stack">
      <div>
        <h1>Service sessions</h1>
        <p className="muted">
          When diners can book: the days, the first and last seating, how often, and how long each party keeps its
          table. Times are in {ws.restaurant.timezone}. Changing a session never cancels a reservation; any that no
          longer fit are listed here for you to handle.
        </p>
      </div>
      <RuleImpactPanel slug={ws.restaurant.slug} items={outside} />
      {overlaps.length > 0 ? (
        <Alert variant="warning" title={overlaps.length === 1 ? "Two sessions overlap" : "Some sessions overlap"}>
          <ul>
            {overlaps.map((o) => (
              <li key={`${o.first.id}-${o.second.id}`}>
                {o.first.name} and {o.second.name} both offer{" "}
                {o.from === o.to ? `a seating at ${o.from}` : `seatings from ${o.from} to ${o.to}`} on {formatWeekdays(o.days)}.
              </li>
            ))}
          </ul>
          <p>Each offers those times with its own rules. If that is not meant, change one of them below.</p>
        </Alert>
      ) : null}
      <SessionsEditor
        restaurantId={ws.restaurant.id}
        timezone={ws.restaurant.timezone}
        today={today}
        upcoming={upcoming}
        currency={ws.restaurant.currency}
        money={Object.fromEntries(sessions.map((s) => [s.id, { depositCents: s.depositCents, depositMinPartySize: s.depositMinPartySize, noShowFeeCents: s.noShowFeeCents }]))}
        sessions={rules}
        closures={closures.map((c) => ({ startDate: c.startDate, endDate: c.endDate, reason: c.reason }))}
      />
    </div>
  );
}
