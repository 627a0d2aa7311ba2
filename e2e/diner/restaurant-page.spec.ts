import { DEMO_RESTAURANTS } from "@/db/seed";
import { insertRestaurant } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createRestaurant, expect, localDate, randomIp, slotName, test } from "./support/fixtures";

test.describe("restaurant page", () => {
  test("shows details, hours from its sessions and its policy in plain words, with metadata and JSON-LD", async ({ page }) => {
    const larder = DEMO_RESTAURANTS.find((r) => r.slug === "the-larder-house")!;
    await page.goto(`/r/${larder.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: larder.name })).toBeVisible();
    await expect(page.getByText(larder.description)).toBeVisible();
    await expect(page.locator("address")).toHaveText(larder.address);
    const hours = page.getByRole("region", { name: "Hours" });
    await expect(hours).toContainText("Dinner");
    await expect(hours).toContainText("Tue–Sun, seatings 17:30 to 21:30");
    await expect(hours).toContainText("Lunch");
    await expect(hours).toContainText("Wed–Sun, seatings 12:00 to 14:00");
    const policy = page.getByRole("region", { name: "Booking policy" });
    await expect(policy).toContainText("Online bookings for parties of 1 to 8.");
    await expect(policy).toContainText("Book up to 60 days ahead, and at least 1 hour before you arrive.");
    await expect(policy).toContainText("We hold your table for 10 minutes while you confirm.");
    await expect(policy).toContainText("Cancel or change online up to 2 hours before your booking");

    await expect(page).toHaveTitle(`${larder.name}, ${larder.city} · Tablekeep`);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", `${larder.name} · book a table`);
    await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", new RegExp(`/r/${larder.slug}$`));
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", larder.description);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/r/${larder.slug}$`));

    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as Record<string, unknown>;
    expect(ld["@type"]).toBe("Restaurant");
    expect(ld.name).toBe(larder.name);
    expect(ld.servesCuisine).toBe(larder.cuisine);
    expect(ld.priceRange).toBe("$$$");
    expect(ld.acceptsReservations).toBe(true);
    expect(ld.address).toMatchObject({ "@type": "PostalAddress", streetAddress: larder.address, addressLocality: larder.city });
    const opening = ld.openingHoursSpecification as { dayOfWeek: string[]; opens: string; closes: string }[];
    expect(opening).toContainEqual(
      expect.objectContaining({ opens: "17:30", dayOfWeek: expect.arrayContaining(["https://schema.org/Tuesday", "https://schema.org/Sunday"]) }),
    );
  });

  test("an unknown or unpublished restaurant shows the not-found page, marked noindex", async ({ page }) => {
    const draft = await insertRestaurant(e2eDb().db, { published: false });
    for (const slug of ["no-such-restaurant-here", draft.slug]) {
      const response = await page.goto(`/r/${slug}`);
      // The root loading.tsx starts streaming before the page can say 404, so the status may be 200
      // (Next's documented behaviour); the noindex tag keeps the URL out of search results either way.
      expect([200, 404]).toContain(response?.status());
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.locator('meta[name="robots"][content*="noindex"]').first()).toBeAttached();
      await expect(page.getByText(draft.name)).toHaveCount(0);
    }
  });

  test.describe("times in the restaurant's zone", () => {
    test.use({ timezoneId: "America/New_York" });
    test("are labelled with its zone when the diner's differs", async ({ page }) => {
      const tokyo = await createRestaurant({ timezone: "Asia/Tokyo" });
      const date = localDate(tokyo.timezone, 2);
      await page.goto(`/r/${tokyo.slug}?date=${date}&party_size=2`);
      await expect(page.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();
      await expect(page.getByTestId("zone-note")).toHaveText("· times are local to the restaurant (Asia/Tokyo)");
    });
  });

  test.describe("for a diner in the same zone", () => {
    test.use({ timezoneId: "Europe/London" });
    test("are shown without a zone note", async ({ page }) => {
      const london = await createRestaurant({ timezone: "Europe/London" });
      const date = localDate(london.timezone, 2);
      await page.goto(`/r/${london.slug}?date=${date}&party_size=2`);
      await expect(page.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();
      await expect(page.getByTestId("zone-note")).toHaveCount(0);
    });
  });

  test("the day's times follow the date and party size, and refresh when the tab regains focus", async ({ page, request }) => {
    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }] });
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await expect(page.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();

    // Party of 6: no table that size, so no time that day suits them.
    await page.getByLabel("Party size", { exact: true }).selectOption("6");
    await expect(page.getByText(`No times left for 6 people on`)).toBeVisible();
    await page.getByLabel("Party size", { exact: true }).selectOption("2");
    await expect(page.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();

    // Someone else takes the only table at 19:00 through the API while this tab is in the background.
    const starts = (await page.getByRole("button", { name: slotName("19:00", date, 2) }).getAttribute("data-starts-at"))!;
    const held = await request.post("/api/v1/reservations", {
      data: { restaurant_id: r.id, starts_at: starts, party_size: 2 },
      headers: { "x-forwarded-for": randomIp() },
    });
    expect(held.status()).toBe(201);

    // Coming back to the tab refetches: 19:00 is gone without a reload.
    // What the browser fires when the diner switches back to this tab (the page never left "visible" here).
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange", { bubbles: true })));
    await expect(page.getByRole("button", { name: slotName("19:00", date, 2) })).toHaveCount(0);
    await expect(page.getByRole("button", { name: slotName("17:30", date, 2) })).toBeVisible();
  });
});
