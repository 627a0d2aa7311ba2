import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { experiences, restaurants } from "@/db/schema";

/**
 * Every experience a search engine may index: published, not cancelled, not yet over, at a
 * published restaurant. For the sitemap; the soonest first.
 */
export async function listPublicExperiencePages(db: DbOrTx, limit: number): Promise<{ id: string; slug: string; updatedAt: Date }[]> {
  return db
    .select({ id: experiences.id, slug: restaurants.slug, updatedAt: experiences.updatedAt })
    .from(experiences)
    .innerJoin(restaurants, eq(restaurants.id, experiences.restaurantId))
    .where(and(eq(experiences.published, true), isNull(experiences.cancelledAt), gt(experiences.endsAt, new Date()), eq(restaurants.published, true)))
    .orderBy(asc(experiences.startsAt))
    .limit(limit);
}
