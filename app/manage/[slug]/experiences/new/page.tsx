import type { Metadata } from "next";
import Link from "next/link";
import { ExperienceForm } from "@/components/owner/experience-form";
import { NotAllowed } from "@/components/owner/not-allowed";
import { loadWorkspace } from "../../../workspace";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "New experience" };

export default async function NewExperiencePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "restaurant.update", `/manage/${slug}/experiences/new`);
  if (!ws.allowed) return <NotAllowed slug={ws.restaurant.slug} role={ws.role} />;
  const r = ws.restaurant;
  return (
    <div className="stack">
      <p>
        <Link href={`/manage/${r.slug}/experiences`}>← Experiences</Link>
      </p>
      <h1>New experience</h1>
      <p className="muted">It is saved as a draft: publish it when it is ready for diners to book.</p>
      <Card>
        <ExperienceForm slug={r.slug} restaurantId={r.id} timezone={r.timezone} currency={r.currency} />
      </Card>
    </div>
  );
}
