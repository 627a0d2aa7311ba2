import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { createRestaurant, expect, test } from "./support/fixtures";

/**
 * The test server runs with TABLEKEEP_DEV_TOOLS=1 on a loopback APP_URL, where the mailbox exists;
 * it still shows every manage link, so it asks for a signed-in user first (the unit tests cover the
 * servers where it does not exist at all).
 */
test.describe("development mailbox", () => {
  test("asks an anonymous visitor to sign in, then opens for the signed-in user and runs the sweeper", async ({ page, request }) => {
    const email = `dev-${randomBytes(4).toString("hex")}@example.test`;
    const password = "a long enough password";
    expect((await request.post("/api/v1/auth/register", { data: { email, password, name: "Dev" } })).status()).toBe(201);

    await page.goto("/dev/mailbox");
    await expect(page).toHaveURL("/signin?next=%2Fdev%2Fmailbox");
    await expect(page.getByRole("heading", { name: "Development mailbox" })).toHaveCount(0);

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/dev/mailbox");
    await expect(page.getByRole("heading", { level: 1, name: "Development mailbox" })).toBeVisible();

    await page.getByRole("button", { name: "Run the sweeper now" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sweeper ran:" })).toBeVisible();
  });

  test("without Twilio, a text the diner opted in to lands here beside the email, marked SMS, with the number and body", async ({ page, request }) => {
    const r = await createRestaurant();
    const startsAt = DateTime.now().setZone(r.timezone).plus({ days: 3 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true });
    const held = await request.post("/api/v1/reservations", { data: { restaurant_id: r.id, starts_at: startsAt, party_size: 2 } });
    expect(held.status()).toBe(201);
    const hold = await held.json();
    const confirmed = await request.post(`/api/v1/reservations/${hold.id}/confirm`, {
      headers: { "x-manage-token": hold.manage_token },
      data: { name: "Tess Text", email: `tess-${r.word}@example.test`, phone: "+44 7911 123456", sms_opt_in: true },
    });
    expect(confirmed.status()).toBe(200);

    const email = `dev-${randomBytes(4).toString("hex")}@example.test`;
    const password = "a long enough password";
    expect((await request.post("/api/v1/auth/register", { data: { email, password, name: "Dev" } })).status()).toBe(201);
    await page.goto("/signin?next=%2Fdev%2Fmailbox");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/dev/mailbox");
    await page.getByRole("button", { name: "Run the sweeper now" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sweeper ran:" })).toBeVisible();

    const mine = page.getByTestId("outbox-row").filter({ hasText: hold.code as string }).and(page.locator('[data-kind="confirmation"]'));
    const text = mine.and(page.locator('[data-channel="sms"]'));
    await expect(text).toContainText("SMS to +447911123456");
    await expect(text.getByTestId("sms-body")).toContainText(`you're booked for`);
    await expect(text.getByTestId("sms-body")).toContainText("Reply STOP to opt out.");
    await expect(mine.and(page.locator('[data-channel="email"]'))).toContainText(`tess-${r.word}@example.test`);
    await text.getByRole("link", { name: "Text: Confirmation" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Text message" })).toBeVisible();
    await expect(page.getByTestId("sms-body")).toContainText(`Code ${hold.code}`);
  });
});
