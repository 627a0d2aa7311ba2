import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { ClosuresEditor } from "@/components/owner/closures-editor";
import { NotAllowed } from "@/components/owner/not-allowed";
import { RuleImpactPanel } from "@/components/owner/rule-impact-panel";
import { localDateOf } from "@/lib/availability/slots";
import { listClosures } from "@/lib/restaurants/closures";
import { listReservationsOutsideRules } from "@/lib/restaurants/rule-impact";
import { loadWorkspace } from "../../workspace";

export const metadata: Metadata = { title: "Closures" };

export default async function ClosuresPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "closures.manage", `/manage/${slug}/closures`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const db = getDb();
  const today = localDateOf(new Date(), ws.restaurant.timezone);
  const [closures, outside] = await Promise.all([
    listClosures(db, ws.principal, ws.restaurant.id, { from: today }),
    listReservationsOutsideRules(db, ws.principal, ws.restaurant.id),
  ]);
  return (
    <div className="stack">
      <div>
        <h1>Closures</h1>
        <p className="muted">
          Days when the restaurant takes no online bookings (holidays, private events). Reservations already on those
          days are kept and listed here, so you can contact the guests.
        </p>
      </div>
      <RuleImpactPanel slug={ws.restaurant.slug} items={outside} />
      <ClosuresEditor restaurantId={ws.restaurant.id} today={today} closures={closures.map((c) => ({ id: c.id, startDate: c.startDate, endDate: c.endDate, reason: c.reason }))} />
    </div>
  );
}
