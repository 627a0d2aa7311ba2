import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { NotAllowed } from "@/components/owner/not-allowed";
import { PublishControl } from "@/components/owner/settings-forms";
import { getSetupChecklist } from "@/lib/restaurants/publish";
import { SETUP_STEPS } from "@/lib/restaurants/contract";
import { loadWorkspace } from "../../workspace";

export const metadata: Metadata = { title: "Set up" };

function Step({ done, children, n }: { done: boolean; children: React.ReactNode; n: number }) {
  const title = SETUP_STEPS[n - 1]!;
  return (
    <li className={done ? "checklist-item is-done" : "checklist-item"}>
      <span className="checklist-mark" aria-hidden="true">
        {done ? "✓" : n}
      </span>
      <div>
        <h2>
          <span className="muted small">
            Step {n} of {SETUP_STEPS.length}
            <span className="visually-hidden">:</span>
          </span>{" "}
          {title} <span className="visually-hidden">{done ? "(done)" : "(to do)"}</span>
        </h2>
        {children}
      </div>
    </li>
  );
}

/** Onboarding checklist: tables, sessions, policy, publish. */
export default async function SetupPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "restaurant.publish", `/manage/${slug}/setup`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  const c = await getSetupChecklist(getDb(), ws.principal, r.id);
  const base = `/manage/${r.slug}`;
  return (
    <div className="owner-narrow stack">
      <div>
        <h1>Set up {r.name}</h1>
        <p className="muted">
          {SETUP_STEPS.length} steps to taking bookings, and the first is done. You can come back to any of them later.
        </p>
      </div>
      <ol className="checklist">
        <Step n={1} done>
          <p>{r.name} exists as a draft that only your team can see.</p>
        </Step>
        <Step n={2} done={c.activeTables > 0}>
          <p>
            {c.activeTables > 0
              ? `${c.activeTables} active ${c.activeTables === 1 ? "table" : "tables"} (${c.onlineTables} bookable online).`
              : "Each table's label and how many it seats."}{" "}
            <Link href={`${base}/floor`}>Floor</Link>
          </p>
        </Step>
        <Step n={3} done={c.sessions > 0}>
          <p>
            {c.sessions > 0 ? `${c.sessions} ${c.sessions === 1 ? "session" : "sessions"}.` : "When you serve, e.g. Dinner Tue–Sat 18:00–21:30."}{" "}
            <Link href={`${base}/sessions`}>Sessions</Link>
          </p>
        </Step>
        <Step n={4} done={c.policyReviewed}>
          <p>
            Hold time, party sizes, how far ahead, notice and cancellation cut-off. The defaults work for most restaurants.{" "}
            <Link href={`${base}/settings#policy`}>Booking policy</Link>
          </p>
        </Step>
        <Step n={5} done={c.published}>
          <PublishControl restaurantId={r.id} published={c.published} missing={c.missing} />
        </Step>
      </ol>
    </div>
  );
}
