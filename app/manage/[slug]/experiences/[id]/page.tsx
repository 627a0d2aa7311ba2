import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { ExperienceNightView } from "@/components/owner/experience-night";
import { isDomainError } from "@/lib/errors";
import { getGuestListAt, toExperienceNight } from "@/lib/experiences/night";
import { loadWorkspace } from "../../../workspace";

export const metadata: Metadata = { title: "Experience" };

/**
 * One experience: live sales per section, the guest list with check-in, the CSV export; for owners
 * and managers also edit, publish and cancel. Refreshed in the browser from ./guests.
 */
export default async function ExperiencePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ws = await loadWorkspace(slug, "book.view", `/manage/${slug}/experiences/${id}`);
  const found = await getGuestListAt(getDb(), { restaurantId: ws.restaurant.id, experienceId: id, principal: ws.principal }).catch((err: unknown) => {
    if (isDomainError(err) && err.code === "not_found") return null;
    throw err;
  });
  if (!found) notFound();
  return <ExperienceNightView slug={ws.restaurant.slug} initial={toExperienceNight(found.list, found.role, new Date())} />;
}
