import { e2eDb } from "../support/db";
import { codeFromUrl, createRestaurant, expect, localDate, slotName, test } from "./support/fixtures";

test.describe("hold countdown", () => {
  test("ticks every second on screen but speaks politely only when a whole minute passes", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());

    const timer = page.getByRole("timer");
    const announcement = page.getByTestId("countdown-announcement");
    // The ticking clock is not a live region; the sentence that speaks is polite.
    await expect(timer).toHaveAttribute("aria-live", "off");
    await expect(announcement).toHaveAttribute("aria-live", "polite");
    await expect(announcement).toHaveText("");

    // Put the hold a few seconds before its last minute, and load the page again.
    await e2eDb().sql`update reservations set hold_expires_at = now() + interval '64 seconds' where code = ${code}`;
    await page.reload();
    await expect(timer).toHaveText(/^1:0\d$/);
    await expect(announcement).toHaveText("");

    // Crossing into the last minute is announced once…
    await expect(announcement).toHaveText("Less than a minute left to confirm your booking.", { timeout: 15_000 });
    // …and not again while the seconds keep ticking.
    const before = await timer.textContent();
    await expect(timer).not.toHaveText(before!);
    const next = await timer.textContent();
    await expect(timer).not.toHaveText(next!);
    await expect(announcement).toHaveText("Less than a minute left to confirm your booking.");
    await e2eDb().sql`update reservations set status = 'cancelled' where code = ${code}`;
  });
});
