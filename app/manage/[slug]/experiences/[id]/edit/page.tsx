import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { ExperienceForm } from "@/components/owner/experience-form";
import { NotAllowed } from "@/components/owner/not-allowed";
import { getExperience } from "@/lib/experiences";
import { isDomainError } from "@/lib/errors";
import { loadWorkspace } from "../../../../workspace";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Edit experience" };

export default async function EditExperiencePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ws = await loadWorkspace(slug, "restaurant.update", `/manage/${slug}/experiences/${id}/edit`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  const e = await getExperience(getDb(), id, ws.principal).catch((err: unknown) => {
    if (isDomainError(err) && err.code === "not_found") return null;
    throw err;
  });
  if (!e || e.restaurantId !== r.id) notFound();
  return (
    <div className="stack">
      <p>
        <Link href={`/manage/${r.slug}/experiences/${e.id}`}>← {e.name}</Link>
      </p>
      <h1>Edit {e.name}</h1>
      {e.cancelledAt ? (
        <Card as="p">This experience was cancelled; it can no longer be changed.</Card>
      ) : (
        <Card>
          <ExperienceForm
            slug={r.slug}
            restaurantId={r.id}
            timezone={e.timezone}
            currency={e.currency}
            experience={{
              id: e.id,
              name: e.name,
              description: e.description,
              startsAt: e.startsAt.toISOString(),
              durationMinutes: Math.round((e.endsAt.getTime() - e.startsAt.getTime()) / 60_000),
              currency: e.currency,
              maxSeatsPerBooking: e.maxSeatsPerBooking,
              closesRegularService: e.closesRegularService,
              sections: e.sections.map((s) => ({ id: s.id, name: s.name, capacity: s.capacity, priceCents: s.priceCents, taken: s.capacity - s.seatsLeft })),
            }}
          />
        </Card>
      )}
    </div>
  );
}
