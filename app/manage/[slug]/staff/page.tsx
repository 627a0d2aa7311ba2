import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { NotAllowed } from "@/components/owner/not-allowed";
import { StaffManager } from "@/components/owner/staff-manager";
import { listStaff } from "@/lib/restaurants/staff";
import { loadWorkspace } from "../../workspace";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "staff.manage", `/manage/${slug}/staff`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} who="owner" />;
  const { members, invites } = await listStaff(getDb(), ws.principal, ws.restaurant.id);
  const timeZone = ws.restaurant.timezone;
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone });
  const moment = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone });
  return (
    <div className="stack">
      <div>
        <h1>Staff</h1>
        <p className="muted">
          Owners manage everything. Managers run the floor, sessions, closures, settings and reports. Hosts run the
          day&rsquo;s book.
        </p>
      </div>
      <StaffManager
        restaurantId={ws.restaurant.id}
        me={ws.principal.userId}
        members={members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role }))}
        invites={invites.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          expiresOn: day.format(i.expiresAt),
          expired: i.expired,
          resends: i.resends,
          emailState: i.emailState,
          emailSentAt: i.emailSentAt ? moment.format(i.emailSentAt) : null,
        }))}
      />
    </div>
  );
}
