import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { appUrl } from "@/lib/env";

/**
 * Restaurants and search are for everyone; bookings, accounts and the API are not for crawlers.
 * Made per request so the sitemap's address is the running app's APP_URL, not the build machine's.
 */
export default async function robots(): Promise<MetadataRoute.Robots> {
  await connection();
  const base = appUrl().replace(/\/$/, "");
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: ["/api/", "/book/", "/reservations/", "/me", "/signin", "/signup"] }],
    sitemap: `${base}/sitemap.xml`,
  };
}
