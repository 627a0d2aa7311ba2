import { DEMO_RESTAURANTS } from "@/db/seed";
import { insertRestaurant } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createRestaurant, expect, test } from "./support/fixtures";

test.describe("sitemap and robots", () => {
  test("sitemap.xml lists the search page and every published restaurant, and no draft", async ({ request, baseURL }) => {
    const published = await createRestaurant();
    const draft = await insertRestaurant(e2eDb().db, { published: false, slug: `draft-${published.word}` });
    const response = await request.get("/sitemap.xml");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("xml");
    const xml = await response.text();
    expect(xml).toContain(`<loc>${baseURL}/restaurants</loc>`);
    for (const r of DEMO_RESTAURANTS) expect(xml).toContain(`/r/${r.slug}</loc>`);
    expect(xml).toContain(`/r/${published.slug}</loc>`);
    expect(xml).not.toContain(draft.slug);
    // Each demo restaurant's upcoming experience has its own page in the sitemap.
    const experiences = await e2eDb().sql`
      select e.id, r.slug from experiences e join restaurants r on r.id = e.restaurant_id
      where e.published and e.cancelled_at is null and e.ends_at > now() and r.slug in ('the-larder-house', 'osteria-fiume')`;
    expect(experiences.length).toBeGreaterThanOrEqual(2);
    for (const e of experiences) expect(xml).toContain(`/r/${e.slug}/experiences/${e.id}</loc>`);
  });

  test("robots.txt allows the public pages, keeps crawlers out of bookings, and points at the sitemap", async ({ request, baseURL }) => {
    const text = await (await request.get("/robots.txt")).text();
    expect(text).toContain("Allow: /");
    for (const path of ["/book/", "/reservations/", "/me", "/api/"]) expect(text).toContain(`Disallow: ${path}`);
    // The running app's address (APP_URL), not one fixed at build time.
    expect(text).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  });

  test("booking and manage pages are not indexed and send no referrer", async ({ page }) => {
    await page.goto("/reservations/NOPE234");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  });
});
