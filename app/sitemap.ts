import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { getDb } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { experiencePath } from "@/lib/experiences/presentation";
import { listPublicExperiencePages } from "@/lib/experiences/public";
import { listHomeRestaurants } from "@/lib/restaurants/home";

/** A sitemap holds at most 50,000 URLs; beyond that it would need an index (generateSitemaps). */
const MAX_RESTAURANTS = 45_000;
const MAX_EXPERIENCES = 4_000;

/**
 * Public pages: home, search, every published restaurant and every upcoming published experience.
 * Built per request, from the database.
 */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const base = appUrl().replace(/\/$/, "");
  const [restaurants, experiences] = await Promise.all([
    listHomeRestaurants(getDb(), { limit: MAX_RESTAURANTS }),
    listPublicExperiencePages(getDb(), MAX_EXPERIENCES),
  ]);
  return [
    { url: `${base}/`, changeFrequency: "daily", priority: 1 },
    { url: `${base}/restaurants`, changeFrequency: "daily", priority: 0.8 },
    ...restaurants.map((r) => ({
      url: `${base}/r/${encodeURIComponent(r.slug)}`,
      changeFrequency: "daily" as const,
      priority: 0.7,
    })),
    ...experiences.map((e) => ({
      url: `${base}${experiencePath(e.slug, e.id)}`,
      lastModified: e.updatedAt,
      changeFrequency: "daily" as const,
      priority: 0.6,
    })),
  ];
}
