import { randomBytes } from "node:crypto";
import { expect, test } from "./support/fixtures";

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
});
