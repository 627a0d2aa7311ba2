import { e2eDb } from "../support/db";
import { codeFromUrl, createRestaurant, expect, localDate, reservationByCode, slotName, test } from "./support/fixtures";

/**
 * Holds last the restaurant's hold_minutes (1–60). Waiting out even one minute would make the suite
 * slow, so these tests shorten the hold itself in the test database: the same effect as a policy of
 * a few seconds, which the schema does not allow.
 */
async function shortenHold(code: string, seconds: number): Promise<void> {
  await e2eDb().sql`
    update reservations set hold_expires_at = now() + make_interval(secs => ${seconds})
    where code = ${code} and status = 'held'`;
}

test.describe("an expired hold", () => {
  test("the countdown runs out on the page: the diner is told and offered the nearest free times", async ({ page }) => {
    const r = await createRestaurant({ holdMinutes: 1 });
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());
    await expect(page.getByRole("timer")).toHaveText(/^(1:00|0:[0-5]\d)$/);

    await shortenHold(code, 6);
    await page.reload();
    await expect(page.getByRole("timer")).toHaveText(/^0:0[0-6]$/);

    const lost = page.getByTestId("hold-lost");
    await expect(lost).toBeVisible({ timeout: 15_000 });
    await expect(lost.getByRole("alert")).toContainText("Your hold on this table has expired");
    await expect(page.getByRole("form", { name: "Your details" })).toHaveCount(0);
    // The nearest free times that day, as buttons, one of which books straight away.
    const times = lost.getByRole("list", { name: /^Nearest free times/ }).getByRole("button");
    await expect(times.first()).toBeVisible();
    expect(await times.count()).toBeLessThanOrEqual(4);
    await lost.getByRole("button", { name: slotName("19:30", date, 2) }).click();
    await expect(page).not.toHaveURL(new RegExp(`/book/${code}$`));
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    await expect(page.getByRole("timer")).toBeVisible();
    expect((await reservationByCode(code))?.status).not.toBe("confirmed");
  });

  test("confirming after the hold lapsed says so plainly and books nothing", async ({ page }) => {
    const r = await createRestaurant({ holdMinutes: 1 });
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=4`);
    await page.getByRole("button", { name: slotName("20:00", date, 4) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());
    // The URL changes before the booking page has rendered: wait for its form, or the server would
    // render it after the hold lapsed and show the expiry instead.
    await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
    await expect(page.getByRole("timer")).toBeVisible();

    // The hold lapses on the server while the page still shows time left.
    await shortenHold(code, -1);
    await page.getByLabel("Name", { exact: true }).fill("Late Larry");
    await page.getByLabel("Email", { exact: true }).fill("larry@example.test");
    await page.getByRole("button", { name: "Confirm booking" }).click();

    const lost = page.getByTestId("hold-lost");
    await expect(lost.getByRole("alert")).toContainText("Your hold on this table has expired");
    await expect(lost.getByRole("alert")).toContainText("Nothing was booked");
    await expect(lost.getByRole("list", { name: /^Nearest free times/ }).getByRole("button").first()).toBeVisible();
    expect((await reservationByCode(code))?.status).toBe("expired");
    await expect(page).toHaveURL(new RegExp(`/book/${code}$`));
  });
});
