import { DEMO_DINER } from "@/db/seed";
import { e2eDb } from "../support/db";
import type { Page } from "@playwright/test";
import { A11Y_VIEWPORTS, horizontalOverflow } from "../support/a11y";
import {
  codeFromUrl,
  createRestaurant,
  expect,
  fillDetailsAndConfirm,
  localDate,
  seriousA11yViolations,
  slotName,
  test,
} from "./support/fixtures";

/**
 * Every diner page, in each of its states, at a phone's and a desktop's width: no serious or critical
 * WCAG 2.2 A/AA finding, and nothing that scrolls sideways.
 */
async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(await seriousA11yViolations(page), label).toEqual([]);
  expect(await horizontalOverflow(page), `${label}: sideways scroll`).toBeLessThanOrEqual(0);
}

for (const vp of A11Y_VIEWPORTS) test.describe(`axe at ${vp.name} width (${vp.width}px)`, () => {
  test.use({ viewport: { width: vp.width, height: vp.height } });
  // Each test runs axe on several pages; axe takes seconds a page on a busy machine.
  test.setTimeout(90_000);

  test("home, and search: all, filtered with times, empty, and a half-filled 'when'", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("restaurant-card").first()).toBeVisible();
    await expectAccessible(page, "home");
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    for (const url of [
      "/restaurants",
      `/restaurants?q=${r.word}&date=${date}&time=19:00&party_size=2`,
      "/restaurants?q=nothing-matches-this-zzz",
      `/restaurants?date=${date}`,
    ]) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1, name: "Find a table" })).toBeVisible();
      await expectAccessible(page, url);
    }
  });

  test("restaurant page with its times loaded, and the slot buttons say date, time and party size", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=4`);
    const slots = page.getByRole("list", { name: /^Available times on/ }).getByRole("button");
    await expect(slots.first()).toBeVisible();
    const names = await slots.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")));
    expect(names[0]).toBe(slotName("12:00", date, 4));
    for (const name of names) expect(name).toMatch(/^\d\d:\d\d on \w+day \d{1,2} \w+ \d{4} for \d+ (people|person)$/);
    await expectAccessible(page, "restaurant page with times");

    await page.goto("/r/the-larder-house");
    await expect(page.getByRole("heading", { level: 1, name: "The Larder House" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /available on|Loading/ })).toHaveCount(1);
    await expectAccessible(page, "restaurant page, first visit");
  });

  test("booking (with and without errors), confirmation, manage and cancelled pages", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\//);
    await expect(page.getByRole("timer")).toBeVisible();
    await expectAccessible(page, "booking");

    // The form with every field in error.
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await expect(page.getByText("Enter the name the booking is under.")).toBeVisible();
    await expectAccessible(page, "booking with errors");

    await fillDetailsAndConfirm(page, { name: "Axe Tester", email: "axe@example.test" });
    await expectAccessible(page, "confirmation");

    await page.getByRole("link", { name: "Manage or cancel this booking" }).click();
    await expect(page.getByTestId("reservation-status")).toHaveText("Confirmed");
    await expect(page.getByRole("list", { name: /^Available times on/ }).getByRole("button").first()).toBeVisible();
    await expectAccessible(page, "manage");
    await page.getByRole("button", { name: "Cancel reservation" }).click();
    await expectAccessible(page, "manage, cancel step");
    await page.getByRole("button", { name: "Yes, cancel it" }).click();
    await expect(page.getByTestId("reservation-status")).toHaveText("Cancelled");
    await expectAccessible(page, "cancelled");
  });

  test("an expired hold with its alternatives, and the pages for a booking that is not yours", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("20:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\//);
    const code = codeFromUrl(page.url());
    await e2eDb().sql`update reservations set hold_expires_at = now() - interval '1 second' where code = ${code}`;
    await page.reload();
    await expect(page.getByTestId("hold-lost").getByRole("button").first()).toBeVisible();
    await expectAccessible(page, "expired hold");

    // Someone else's booking, or none: the same neutral page.
    await page.context().clearCookies();
    await page.goto(`/reservations/${code}`);
    await expect(page.getByRole("heading", { name: "We can’t show this booking" })).toBeVisible();
    await expectAccessible(page, "not available");
    await page.goto(`/book/${code}`);
    await expect(page.getByRole("heading", { name: "We can’t find that booking here" })).toBeVisible();
    await expectAccessible(page, "booking not here");
  });

  test("sign in, sign up with errors, and My reservations", async ({ page }) => {
    await page.goto("/signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter your name.")).toBeVisible();
    await expectAccessible(page, "sign up with errors");

    await page.goto("/signin");
    await expectAccessible(page, "sign in");
    await page.getByLabel("Email").fill(DEMO_DINER.email);
    await page.getByLabel("Password").fill(DEMO_DINER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/me");
    await expect(page.getByTestId("my-reservation").first()).toBeVisible();
    await expectAccessible(page, "my reservations");
  });
});
