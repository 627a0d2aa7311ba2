import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { FloorEditor } from "@/components/owner/floor-editor";
import { NotAllowed } from "@/components/owner/not-allowed";
import { RuleImpactPanel } from "@/components/owner/rule-impact-panel";
import { listReservationsOutsideRules } from "@/lib/restaurants/rule-impact";
import { getTableUsage } from "@/lib/restaurants/table-usage";
import { listTables } from "@/lib/restaurants/tables";
import { loadWorkspace } from "../../workspace";

export const metadata: Metadata = { title: "Floor" };

export default async function FloorPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "floor.manage", `/manage/${slug}/floor`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const db = getDb();
  const [tables, usage, outside] = await Promise.all([
    listTables(db, ws.principal, ws.restaurant.id),
    getTableUsage(db, ws.principal, ws.restaurant.id),
    listReservationsOutsideRules(db, ws.principal, ws.restaurant.id),
  ]);
  const collator = new Intl.Collator("en", { numeric: true });
  tables.sort((a, b) => Number(b.active) - Number(a.active) || collator.compare(a.label, b.label));
  return (
    <div className="stack">
      <div>
        <h1>Floor</h1>
        <p className="muted">
          Tables, their seats, and whether diners can book them online. A table with reservations is never deleted:
          deactivate it and it stops taking new bookings.
        </p>
      </div>
      <RuleImpactPanel slug={ws.restaurant.slug} items={outside} />
      <FloorEditor
        restaurantId={ws.restaurant.id}
        tables={tables.map((t) => ({ id: t.id, label: t.label, area: t.area, minSeats: t.minSeats, maxSeats: t.maxSeats, online: t.online, active: t.active }))}
        usage={usage}
      />
    </div>
  );
}
