import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { notifications, users } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { prepareAccountEmail } from "@/lib/notifications/account";
import { e2eDb } from "../support/db";
import { E2E_AUTH_SECRET, E2E_BASE_URL } from "../support/env";
import { createRestaurant, expect, fillDetailsAndConfirm, localDate, slotName, test } from "./support/fixtures";

/** The link in the newest account email of this kind to this address, rendered as the dispatcher sends it. */
async function emailedLink(email: string, kind: "verify_email" | "password_reset"): Promise<string> {
  const { db } = e2eDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user!.id), eq(notifications.kind, kind)))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  const prepared = await prepareAccountEmail(db, row!);
  if (!("send" in prepared)) throw new Error(`not sent: ${prepared.skip}`);
  const url = new URL(/https?:\/\/\S+\?token=[^\s"]+/.exec(prepared.send.text)![0]);
  return url.pathname + url.search;
}

test.describe("accounts that recover", () => {
  test.beforeAll(() => setProcessEnv({ AUTH_SECRET: E2E_AUTH_SECRET, APP_URL: E2E_BASE_URL }));

  test("a guest booking joins the account once its address is confirmed; a forgotten password is reset by emailed link, once", async ({ page }) => {
    test.setTimeout(90_000);
    const r = await createRestaurant();
    const date = localDate(r.timezone, 3);
    const email = `guest-${randomBytes(4).toString("hex")}@example.test`;

    // A guest books without an account.
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await fillDetailsAndConfirm(page, { name: "Gita Guest", email });

    // Later they sign up with the same address: the booking is not theirs until the address is confirmed.
    await page.goto("/signup?next=%2Fme");
    await page.getByLabel("Name").fill("Gita Guest");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL("/me");
    await expect(page.getByText("No upcoming reservations.")).toBeVisible();

    await page.goto(await emailedLink(email, "verify_email"));
    await page.getByRole("button", { name: "Yes, I created this account" }).click();
    await expect(page.getByRole("status").filter({ hasText: "is confirmed" })).toBeVisible();
    await page.goto("/me");
    await expect(page.getByRole("region", { name: "Upcoming" })).toContainText(r.name);

    // Signed out, the password forgotten.
    await page.context().clearCookies();
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses");

    // An address with no account gets the same answer.
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(`nobody-${randomBytes(4).toString("hex")}@example.test`);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses");

    const link = await emailedLink(email, "password_reset");
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill("my new dinner passphrase");
    await page.getByLabel("New password again").fill("my new dinner passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password is changed");

    // The link worked once.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();

    await page.goto("/signin?next=%2Fme");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("my new dinner passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/me");
    await expect(page.getByRole("region", { name: "Upcoming" })).toContainText(r.name);
  });
});
