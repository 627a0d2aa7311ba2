import { randomBytes } from "node:crypto";
import { DEMO_DINER } from "@/db/seed";
import { codeFromUrl, createRestaurant, expect, localDate, reservationByCode, slotName, test } from "./support/fixtures";

test.describe("accounts", () => {
  test("a new diner signs up, books with their details filled in, and finds it under My reservations", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 3);
    const email = `diner-${randomBytes(4).toString("hex")}@example.test`;

    await page.goto("/");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/signup\?next=%2Fme$/);
    await page.getByLabel("Name").fill("Nadia New");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page).toHaveURL("/me");
    await expect(page.getByRole("heading", { level: 1, name: "My reservations" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await expect(page.getByText("No upcoming reservations.")).toBeVisible();

    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:30", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Nadia New");
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await expect(page).toHaveURL(`/reservations/${code}/confirmed`);

    const row = await reservationByCode(code);
    expect(row?.status).toBe("confirmed");
    expect(row?.user_id).not.toBeNull();

    await page.getByRole("link", { name: "My reservations" }).click();
    await expect(page).toHaveURL("/me");
    const item = page.getByTestId("my-reservation").filter({ hasText: code });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(r.name);
    await expect(item).toContainText("19:30");
    await expect(item).toContainText("Confirmed");

    // Their own booking opens without any token: the session is enough.
    await item.getByRole("link", { name: r.name }).click();
    await expect(page).toHaveURL(`/reservations/${code}`);
    await expect(page.getByTestId("reservation-status")).toHaveText("Confirmed");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.goto("/me");
    await expect(page).toHaveURL("/signin?next=/me");
  });

  test("a seeded diner signs in; a wrong password is refused with a plain message", async ({ page }) => {
    await page.goto("/signin?next=/me");
    await page.getByLabel("Email").fill(DEMO_DINER.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an account." })).toBeVisible();
    await expect(page).toHaveURL("/signin?next=/me");

    await page.getByLabel("Password").fill(DEMO_DINER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/me");
    await expect(page.getByTestId("my-reservation").first()).toBeVisible();
  });

  test("signing up with an email that has an account says so on the email field", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Dup");
    await page.getByLabel("Email").fill(DEMO_DINER.email);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this email already exists.")).toBeVisible();
    await expect(page.getByLabel("Email")).toBeFocused();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  });
});
