import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEMO_RESTAURANTS } from "@/db/seed";

/** The time a restaurant's clock shows at `at`, as the home page prints it ("HH:MM"). */
function clockIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

test.describe("home page", () => {
  test("lists every seeded restaurant with cuisine, city and a link to its page", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const cards = page.getByTestId("restaurant-card");
    // Other specs share the run's database and may publish restaurants of their own.
    await expect(cards.first()).toBeVisible();
    expect(await cards.count()).toBeGreaterThanOrEqual(DEMO_RESTAURANTS.length);
    for (const r of DEMO_RESTAURANTS) {
      const card = cards.filter({ has: page.getByRole("link", { name: r.name, exact: true }) });
      await expect(card).toHaveCount(1);
      await expect(card.getByRole("link", { name: r.name, exact: true })).toHaveAttribute("href", `/r/${r.slug}`);
      await expect(card).toContainText(r.cuisine);
      await expect(card).toContainText(r.city);
    }
  });

  test("shows the current local time in each restaurant's own time zone", async ({ page }) => {
    const before = new Date();
    await page.goto("/");
    const after = new Date();
    for (const r of DEMO_RESTAURANTS) {
      const card = page.getByTestId("restaurant-card").filter({ has: page.getByRole("link", { name: r.name, exact: true }) });
      const clock = card.getByTestId("local-time");
      await expect(clock).toContainText(r.timezone);
      // The page renders between `before` and `after`: its time is one of those two minutes.
      const shown = (await clock.locator("time").innerText()).split(" ").pop();
      expect([clockIn(r.timezone, before), clockIn(r.timezone, after)]).toContain(shown);
    }
    const zones = new Set(DEMO_RESTAURANTS.map((r) => r.timezone));
    expect(zones.size).toBeGreaterThanOrEqual(3);
  });

  test("has a skip link to the main content and no detectable accessibility violations", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await skip.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  test("fits a 390-pixel phone screen without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.getByTestId("restaurant-card").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("answers an unknown address with the not-found page and a way back", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Browse restaurants" }).click();
    await expect(page).toHaveURL("/");
  });
});
