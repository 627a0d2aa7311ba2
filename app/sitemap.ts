import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { getDb } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { listHomeRestaurants } from "@/lib/restaurants/home";

/** A sitemap holds at most 50,000 URLs; beyond that it would need an index (generateSitemaps). */
const MAX_RESTAURANTS = 49_000;

/** Public pages: home, search, and every published restaurant. Built per request, from the database. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const base = appUrl().replace(/\/$/, "");
  const restaurants = await listHomeRestaurants(getDb(), { limit: MAX_RESTAURANTS });
  return [
    { url: `${base}/`, changeFrequency: "daily", priority: 1 },
    { url: `${base}/restaurants`, changeFrequency: "daily", priority: 0.8 },
    ...restaurants.map((r) => ({
      url: `${base}/r/${encodeURIComponent(r.slug)}`,
      changeFrequency: "daily" as const,
      priority: 0.7,
    })),
  ];
}
