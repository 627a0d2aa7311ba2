import { DateTime } from "luxon";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, newPerson, signIn, test, word } from "../owner/support/fixtures";

/**
 * Guests are checked in on the night only: a zone where three hours from now is still today, and
 * that local date and time (rounded up to five minutes).
 */
function tonight(): { timezone: string; date: string; time: string } {
  for (const timezone of ["Europe/London", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo", "Pacific/Auckland", "America/New_York"]) {
    const now = DateTime.now().setZone(timezone);
    const start = now.plus({ hours: 3 }).set({ second: 0, millisecond: 0 });
    const rounded = start.plus({ minutes: (5 - (start.minute % 5)) % 5 });
    if (rounded.toISODate() === now.toISODate()) return { timezone, date: rounded.toISODate()!, time: rounded.toFormat("HH:mm") };
  }
  throw new Error("No zone where three hours from now is today");
}

/**
 * The whole evening across both sides: an owner creates and publishes a two-section experience for
 * tonight; a diner finds it on the restaurant page, books two seats and pays through the checkout; the owner
 * sees them on the guest list and checks them in on the night.
 */
test.describe("experience night", () => {
  test("an owner creates a two-section experience; a diner books two seats and pays; the owner sees them on the guest list and checks them in", async ({ page, browser }) => {
    // Two people, two workspaces and a checkout: more than the default budget on a busy machine.
    test.slow();
    const night = tonight();
    const r = await createStaffedRestaurant(night.timezone);
    const w = word();
    const name = `Truffle night ${w}`;
    const guest = `Gail ${w}`;

    // The owner creates it and publishes it.
    await signIn(page, r.staff.owner, `/manage/${r.slug}/experiences/new`);
    const form = page.getByRole("form", { name: "New experience" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Date").fill(night.date);
    await form.getByLabel("Starts at").fill(night.time);
    const first = form.getByRole("group", { name: "Section 1" });
    await first.getByLabel("Section name").fill("Chef's counter");
    await first.getByLabel("Seats").fill("8");
    await first.getByLabel(/Price per seat/).fill("120");
    await form.getByRole("button", { name: "Add a section" }).click();
    const second = form.getByRole("group", { name: "Section 2" });
    await second.getByLabel("Section name").fill("Dining room");
    await second.getByLabel("Seats").fill("30");
    await second.getByLabel(/Price per seat/).fill("85");
    await form.getByRole("button", { name: "Create experience" }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Published");
    const ownerPage = page.url();

    // The diner finds it on the restaurant page, holds two seats at the counter and pays.
    const diner = await newPerson(browser);
    try {
      const d = await diner.newPage();
      await d.goto(`/r/${r.slug}`);
      const listed = d.getByTestId("experience-item").filter({ hasText: name });
      await expect(listed).toContainText("From €85 per seat");
      await expect(listed).toContainText("38 seats left");
      await listed.getByRole("link", { name }).click();
      await expect(d.getByRole("heading", { level: 1, name })).toBeVisible();
      await d.getByRole("radio", { name: "Chef's counter" }).check();
      await d.getByLabel("Seats", { exact: true }).selectOption("2");
      await d.getByRole("button", { name: "Hold 2 seats" }).click();
      await expect(d).toHaveURL(/\/book\/[A-Z0-9]+$/);
      const code = new URL(d.url()).pathname.split("/").pop()!;
      await d.getByLabel("Name", { exact: true }).fill(guest);
      await d.getByLabel("Email", { exact: true }).fill(`gail-${w}@example.test`);
      await d.getByRole("button", { name: "Continue to payment" }).click();
      await expect(d.getByText("Pay 240.00 EUR")).toBeVisible();
      await d.getByRole("button", { name: "Pay" }).click();
      await expect(d).toHaveURL(new RegExp(`/reservations/${code}/confirmed$`));
      await expect(d.getByText(`2 seats in Chef's counter at ${name}, ${r.name}, on`)).toBeVisible();
      await expect(d.getByTestId("payment-status")).toContainText("You paid a prepayment of €240.");

      // The owner sees the two seats on the guest list and checks the guest in.
      await page.goto(ownerPage);
      const row = page.getByTestId("guest-row").filter({ hasText: guest });
      await expect(row).toBeVisible();
      await expect(row.getByRole("cell").nth(1)).toHaveText("2");
      await expect(row.getByRole("cell").nth(2)).toHaveText("Chef's counter");
      await row.getByRole("button", { name: `Check in ${guest}` }).click();
      await expect(page.getByRole("status").filter({ hasText: `${guest} checked in.` })).toBeVisible();
      await expect(row).toContainText("Checked in");
      const [booked] = await e2eDb().sql`select status, party_size from reservations where code = ${code}`;
      expect(booked).toMatchObject({ status: "seated", party_size: 2 });

      // On the diner's side the seats are still theirs, now marked seated.
      await d.goto(`/reservations/${code}`);
      await expect(d.getByTestId("reservation-status")).toHaveText("Seated");
    } finally {
      await diner.close();
    }
  });
});
