import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { buttonClass } from "@/components/ui/button";
import { experienceState, ExperienceStateBadge, whenText } from "@/components/owner/experience-format";
import { listExperiences } from "@/lib/experiences";
import { formatMoney } from "@/lib/payments/money";
import { can } from "@/lib/restaurants/access";
import { loadWorkspace } from "../../workspace";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Experiences" };

/** How far back the list reaches, so last week's evening can still be looked up. */
const PAST_DAYS = 30;

/**
 * The restaurant's ticketed experiences (drafts, published, cancelled), each with its date in the
 * restaurant's zone and seats taken per section. Every role sees the list (hosts check guests in);
 * owners and managers create and change them.
 */
export default async function ExperiencesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "book.view", `/manage/${slug}/experiences`);
  const base = `/manage/${ws.restaurant.slug}/experiences`;
  const now = new Date();
  const items = await listExperiences(getDb(), ws.restaurant.id, ws.principal, {
    from: new Date(now.getTime() - PAST_DAYS * 86_400_000),
    includeCancelled: true,
  });
  const mayManage = can(ws.role, "restaurant.update");
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Experiences</h1>
          <p className="muted">
            Ticketed evenings sold by the seat: tasting menus, wine dinners, classes. Guests pay in full when they book.
          </p>
        </div>
        {mayManage ? (
          <Link className={buttonClass("primary")} href={`${base}/new`}>
            New experience
          </Link>
        ) : null}
      </div>
      {items.length === 0 ? (
        <Card as="p">No experiences yet{mayManage ? ": create the first one." : "."}</Card>
      ) : (
        <ul className="experience-list" aria-label="Experiences">
          {items.map((e) => {
            const capacity = e.sections.reduce((n, s) => n + s.capacity, 0);
            const taken = e.sections.reduce((n, s) => n + s.capacity - s.seatsLeft, 0);
            return (
              <Card as="li" className="experience-card" key={e.id} data-testid="experience-card">
                <div className="experience-card-head">
                  <h2>
                    <Link href={`${base}/${e.id}`}>{e.name}</Link>
                  </h2>
                  <ExperienceStateBadge state={experienceState(e, now)} />
                </div>
                <p>
                  {whenText(e.startsAt.toISOString(), e.endsAt.toISOString(), e.timezone)}
                  {e.closesRegularService ? " · closes the dining room" : ""}
                </p>
                <p>
                  <strong>
                    {taken} of {capacity} seats taken
                  </strong>
                </p>
                <ul className="experience-sections-summary" aria-label={`Sections of ${e.name}`}>
                  {e.sections.map((s) => (
                    <li key={s.id}>
                      {s.name}: {s.capacity - s.seatsLeft}/{s.capacity} · {s.priceCents === 0 ? "free" : `${formatMoney(s.priceCents, e.currency)} a seat`}
                    </li>
                  ))}
                </ul>
              </Card>
            );
          })}
        </ul>
      )}
    </div>
  );
}
