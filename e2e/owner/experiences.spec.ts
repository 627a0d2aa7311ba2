import { DateTime } from "luxon";
import { experiences, experienceSections, reservations } from "@/db/schema";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, horizontalOverflow, localDate, seriousA11yViolations, signIn, test } from "./support/fixtures";

/**
 * Ticketed experiences from the owner's side: an owner creates a two-section experience and publishes
 * it; it is listed with its sections; cancelling asks first and says what it affects. At phone width
 * the pages fit and axe finds nothing serious.
 */
/** A zone where it is not yet 21:00, so an experience an hour from now is still tonight. */
function zoneWithEveningLeft(): string {
  return ["Europe/London", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"].find((z) => DateTime.now().setZone(z).hour < 21)!;
}

/** Tonight's experience (an hour from now, closing the dining room) with a confirmed party of two, straight into the database. */
async function tonight(timezone: string, restaurantId: string) {
  const { db } = e2eDb();
  const startsAt = DateTime.now().setZone(timezone).plus({ hours: 1 }).startOf("hour");
  const serviceDate = startsAt.toISODate()!;
  const [e] = await db
    .insert(experiences)
    .values({ restaurantId, name: "Sake night", startsAt: startsAt.toJSDate(), endsAt: startsAt.plus({ hours: 2 }).toJSDate(), serviceDate, currency: "EUR", closesRegularService: true, published: true })
    .returning();
  const [section] = await db.insert(experienceSections).values({ experienceId: e!.id, name: "Counter", capacity: 10, priceCents: 0 }).returning();
  await db.insert(reservations).values({
    restaurantId,
    tableId: null,
    experienceId: e!.id,
    sectionId: section!.id,
    startsAt: e!.startsAt,
    endsAt: e!.endsAt,
    serviceDate,
    status: "confirmed",
    partySize: 2,
    code: `S${Date.now().toString(36).slice(-5).toUpperCase()}`,
    source: "web",
    guestName: "Ada Lovelace",
    guestEmail: "ada@example.test",
  });
  return { id: e!.id, localStart: startsAt.toFormat("HH:mm") };
}

test.describe("owner: experiences", () => {
  test("an owner creates a two-section experience, publishes it, sees it listed; cancelling asks first", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    await signIn(page, r.staff.owner, `/manage/${r.slug}`);
    await page.getByRole("navigation", { name: "Restaurant workspace" }).getByRole("link", { name: "Experiences" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Experiences" })).toBeVisible();
    await page.getByRole("link", { name: "New experience" }).click();

    const form = page.getByRole("form", { name: "New experience" });
    await form.getByLabel("Name", { exact: true }).fill("Truffle dinner");
    await form.getByLabel("Description").fill("Five courses with white truffle, paired wines.");
    await form.getByLabel("Date").fill(localDate(r.timezone, 10));
    await form.getByLabel("Starts at").fill("19:30");
    const first = form.getByRole("group", { name: "Section 1" });
    await first.getByLabel("Section name").fill("Chef's counter");
    await first.getByLabel("Seats").fill("8");
    await first.getByLabel(/Price per seat/).fill("120");
    // A row added and removed again leaves the form as it was.
    await form.getByRole("button", { name: "Add a section" }).click();
    await form.getByRole("button", { name: "Add a section" }).click();
    await form.getByRole("button", { name: "Remove section 3" }).click();
    await expect(form.getByRole("group", { name: /^Section \d$/ })).toHaveCount(2);
    const second = form.getByRole("group", { name: "Section 2" });
    await second.getByLabel("Section name").fill("Dining room");
    await second.getByLabel("Seats").fill("30");
    await second.getByLabel(/Price per seat/).fill("85.50");
    await form.getByRole("button", { name: "Create experience" }).click();

    // The new experience's page: a draft with both sections and nothing sold.
    await expect(page.getByRole("heading", { level: 1, name: /Truffle dinner/ })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Draft");
    await expect(page.getByTestId("section-sales")).toHaveCount(2);
    await expect(page.getByTestId("section-sales").first()).toContainText("Chef's counter");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Published");

    await page.getByRole("link", { name: "← Experiences" }).click();
    const card = page.getByTestId("experience-card").filter({ hasText: "Truffle dinner" });
    await expect(card).toContainText("Published");
    await expect(card).toContainText("19:30");
    await expect(card).toContainText("0 of 38 seats taken");
    const sections = card.getByRole("list", { name: "Sections of Truffle dinner" });
    await expect(sections.getByRole("listitem")).toHaveText([/Chef's counter: 0\/8 · €120 a seat/, /Dining room: 0\/30 · €85\.50 a seat/]);

    // Cancelling asks first, says what it affects, and does nothing when declined.
    await card.getByRole("link", { name: "Truffle dinner" }).click();
    await page.getByRole("button", { name: "Cancel experience" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Cancel “Truffle dinner”?" });
    await expect(dialog).toContainText("Nobody has booked it yet");
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Published");
    await page.getByRole("button", { name: "Cancel experience" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel the experience" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Cancelled");
    await expect(page.getByRole("button", { name: "Cancel experience" })).toHaveCount(0);
  });

  test("a host sees the list and the guest list but not the owner's controls", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    await signIn(page, r.staff.host, `/manage/${r.slug}/experiences`);
    await expect(page.getByRole("heading", { level: 1, name: "Experiences" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New experience" })).toHaveCount(0);
    await page.goto(`/manage/${r.slug}/experiences/new`);
    await expect(page.getByRole("heading", { level: 1, name: "Not available for your role" })).toBeVisible();
  });

  test("the pages fit a 390 px phone with no serious or critical axe finding", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const r = await createStaffedRestaurant("America/New_York");
    await signIn(page, r.staff.owner, `/manage/${r.slug}/experiences/new`);
    const form = page.getByRole("form", { name: "New experience" });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Refused input is shown on the fields, in the browser, before anything is sent.
    await form.getByRole("button", { name: "Create experience" }).click();
    await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(await seriousA11yViolations(page)).toEqual([]);

    await form.getByLabel("Name", { exact: true }).fill("Pasta class");
    await form.getByRole("group", { name: "Section 1" }).getByLabel("Section name").fill("Kitchen table");
    await form.getByRole("button", { name: "Create experience" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Pasta class/ })).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`/manage/${r.slug}/experiences`);
    await expect(page.getByTestId("experience-card")).toHaveCount(1);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  test("tonight's experience is a band on the day's book; a host checks a guest in from its guest list and undoes it", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const timezone = zoneWithEveningLeft();
    const r = await createStaffedRestaurant(timezone);
    const e = await tonight(timezone, r.id);
    await signIn(page, r.staff.host, `/manage/${r.slug}`);
    await expect(page.getByTestId("timeline-experience")).toContainText("Sake night");
    await expect(page.getByTestId("timeline-experience")).toContainText("2/10 seats");
    const notice = page.getByRole("list", { name: "Experiences this day" }).getByRole("listitem");
    await expect(notice).toContainText(`${e.localStart}`);
    await expect(notice).toContainText("the regular dining room is closed while it runs");
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "List", exact: true }).click();
    await expect(notice).toContainText("Sake night");

    await notice.getByRole("link", { name: "Sake night" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Sake night/ })).toBeVisible();
    // A host works the door: no edit, publish, cancel or export.
    await expect(page.getByRole("button", { name: "Cancel experience" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
    const row = page.getByTestId("guest-row").filter({ hasText: "Ada Lovelace" });
    await expect(row).toContainText("Free");
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Check in Ada Lovelace" }).click();
    await expect(row).toContainText("Checked in");
    await expect(page.getByTestId("section-sales")).toContainText("Counter");
    await page.getByRole("button", { name: "Undo check-in for Ada Lovelace" }).click();
    await expect(row).toContainText("Confirmed");
    await expect(page.getByRole("button", { name: "Check in Ada Lovelace" })).toBeVisible();
  });

  test("the owner downloads the guest list as CSV", async ({ page }) => {
    const timezone = zoneWithEveningLeft();
    const r = await createStaffedRestaurant(timezone);
    const e = await tonight(timezone, r.id);
    await signIn(page, r.staff.owner, `/manage/${r.slug}/experiences/${e.id}`);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^sake-night-\d{4}-\d{2}-\d{2}-guests\.csv$/);
    const text = await (await import("node:fs/promises")).readFile((await file.path())!, "utf8");
    expect(text.split("\r\n")[1]).toMatch(/^Ada Lovelace,ada@example\.test,,2,Counter,confirmed,none,0\.00,EUR,/);
  });

  test("lowering a section below the seats taken is refused next to that field, with the number", async ({ page }) => {
    const timezone = zoneWithEveningLeft();
    const r = await createStaffedRestaurant(timezone);
    const e = await tonight(timezone, r.id);
    await signIn(page, r.staff.manager, `/manage/${r.slug}/experiences/${e.id}/edit`);
    const form = page.getByRole("form", { name: "Edit the experience" });
    const seats = form.getByRole("group", { name: "Section 1" }).getByLabel("Seats");
    await expect(seats).toHaveAccessibleDescription(/2 taken; it cannot go below that/);
    await seats.fill("1");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(seats).toHaveAttribute("aria-invalid", "true");
    await expect(seats).toHaveAccessibleDescription(/2 seats are taken\./);
    await expect(page.getByRole("alert").filter({ hasText: "already taken" })).toContainText("its capacity cannot go below 2");
    await expect(form.getByText("2 seats are taken.")).toHaveCount(1);
    await seats.fill("2");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Sake night/ })).toBeVisible();
    await expect(page.getByTestId("section-sales")).toContainText("Counter");
  });
});
