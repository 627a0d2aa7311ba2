import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, horizontalOverflow, localDate, seriousA11yViolations, signIn, test } from "./support/fixtures";

/**
 * The book's guard rails: a no-show is undone from the toast; a session is deleted only after a
 * dialog that names the bookings using it; a host on a 390 px phone seats a walk-in and finishes the
 * table without the page scrolling sideways.
 */

const quarter = (minutesFromNow: number) => new Date(Math.floor((Date.now() + minutesFromNow * 60_000) / 900_000) * 900_000);

test.describe("book guard rails", () => {
  test.setTimeout(90_000);

  test("a host marks a no-show and undoes it from the toast", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    const booking = await insertReservation(e2eDb().db, {
      restaurantId: r.id,
      tableId: r.tables[1]!.id,
      startsAt: quarter(-15),
      endsAt: quarter(75),
      partySize: 2,
      serviceDate: localDate(r.timezone, 0),
    });
    await e2eDb().sql`update reservations set guest_name = 'Nora Late' where id = ${booking.id}`;
    await signIn(page, r.staff.host, `/manage/${r.slug}`);

    await page.getByRole("button", { name: /^Nora Late, party of 2/ }).click();
    const dialog = page.getByRole("dialog", { name: /Nora Late/ });
    await dialog.getByRole("button", { name: "No-show" }).click();
    await dialog.getByRole("button", { name: "Yes, mark no-show" }).click();
    await expect(dialog).toBeHidden();
    const toast = page.getByTestId("undo-toast");
    await expect(toast).toContainText("Nora Late: marked as a no-show.");
    await expect(page.getByRole("button", { name: /^Nora Late, .*, No-show$/ })).toBeVisible();
    expect((await e2eDb().sql`select status from reservations where id = ${booking.id}`)[0]?.status).toBe("no_show");

    await toast.getByRole("button", { name: "Undo" }).click();
    await expect(toast).toContainText("Undone.");
    await expect(page.getByRole("button", { name: /^Nora Late, .*, Confirmed$/ })).toBeVisible();
    expect((await e2eDb().sql`select status from reservations where id = ${booking.id}`)[0]?.status).toBe("confirmed");
  });

  test("the phone form finds a returning guest by phone and shows their history", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    const before = await insertReservation(e2eDb().db, {
      restaurantId: r.id,
      tableId: r.tables[0]!.id,
      startsAt: quarter(-8 * 24 * 60),
      endsAt: quarter(-8 * 24 * 60 + 90),
      status: "completed",
      partySize: 3,
      serviceDate: localDate(r.timezone, -8),
    });
    await e2eDb().sql`update reservations set guest_name = 'Rita Again', guest_phone = '+44 20 7946 0123' where id = ${before.id}`;
    await signIn(page, r.staff.host, `/manage/${r.slug}`);
    await page.getByRole("button", { name: "Phone booking" }).click();
    const form = page.getByRole("form", { name: "Phone booking" });
    await expect(form.getByLabel("Occasion")).toBeVisible();
    await expect(form.getByLabel("Guest's requests")).toBeVisible();
    await form.getByLabel("Phone").fill("020 7946 0123".replace(/^0/, "+44 "));
    await page.getByRole("option", { name: /Rita Again/ }).click();
    await expect(form.getByTestId("returning-guest")).toContainText(`Returning guest: Rita Again. 1 visit · last visit ${localDate(r.timezone, -8)}.`);
  });

  test("deleting a session asks first and names the bookings that use it", async ({ page }) => {
    const r = await createStaffedRestaurant("Europe/London");
    const [session] = await e2eDb().sql`select id from service_sessions where restaurant_id = ${r.id}`;
    const start = quarter(26 * 60);
    const booking = await insertReservation(e2eDb().db, {
      restaurantId: r.id,
      tableId: r.tables[0]!.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 90 * 60_000),
      serviceDate: localDate(r.timezone, 1),
    });
    await e2eDb().sql`update reservations set guest_name = 'Sol Keeper', session_id = ${session!.id as string} where id = ${booking.id}`;
    await signIn(page, r.staff.owner, `/manage/${r.slug}/sessions`);

    await page.getByRole("button", { name: "Delete Dinner" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete the session “Dinner”?" });
    await expect(confirm).toContainText("1 upcoming booking uses this session.");
    await expect(confirm.getByRole("list", { name: "Affected bookings" })).toContainText("Sol Keeper · party of 2");
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Cancel keeps it; focus returns to the button that asked.
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("button", { name: "Delete Dinner" })).toBeFocused();
    expect((await e2eDb().sql`select count(*)::int as n from service_sessions where restaurant_id = ${r.id}`)[0]?.n).toBe(1);

    await page.getByRole("button", { name: "Delete Dinner" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete session" }).click();
    await expect(page.getByText("Session “Dinner” removed.")).toBeVisible();
    expect((await e2eDb().sql`select count(*)::int as n from service_sessions where restaurant_id = ${r.id}`)[0]?.n).toBe(0);
    expect((await e2eDb().sql`select status from reservations where id = ${booking.id}`)[0]?.status).toBe("confirmed");
  });

  test("a host on a 390 px phone seats a walk-in and finishes the table without sideways scrolling", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const r = await createStaffedRestaurant("Europe/London");
    await signIn(page, r.staff.host, `/manage/${r.slug}`);
    expect(await horizontalOverflow(page)).toBe(0);
    // The book starts near the top: the view switch is on the first screen.
    await expect(page.getByRole("button", { name: "List", exact: true })).toBeInViewport();

    await page.getByRole("button", { name: "Walk-in" }).click();
    const walkIn = page.getByRole("form", { name: "Walk-in" });
    await walkIn.getByLabel("Party size").fill("2");
    await walkIn.getByLabel("Name").fill("Pia Phone");
    await walkIn.getByRole("button", { name: "Seat now" }).click();
    await expect(walkIn).toBeHidden();

    await page.getByRole("button", { name: "List", exact: true }).click();
    const card = page.getByTestId("book-card").filter({ hasText: "Pia Phone" });
    await expect(card).toContainText("Seated");
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: testInfo.outputPath("book-phone-list.png"), fullPage: true });
    await card.getByRole("button", { name: "Pia Phone" }).click();
    await page.getByRole("dialog", { name: /Pia Phone/ }).getByRole("button", { name: "Finish" }).click();
    await expect(page.getByTestId("undo-toast")).toContainText("Pia Phone: table finished.");
    await expect(card).toContainText("Finished");
    expect(await horizontalOverflow(page)).toBe(0);
    expect((await e2eDb().sql`select status from reservations where restaurant_id = ${r.id} and guest_name = 'Pia Phone'`)[0]?.status).toBe("completed");
    await page.screenshot({ path: testInfo.outputPath("book-phone-finished.png") });

    // The owner's workspace tabs all fit on the phone.
    await page.context().clearCookies();
    await signIn(page, r.staff.owner, `/manage/${r.slug}`);
    const nav = page.getByRole("navigation", { name: "Restaurant workspace" });
    for (const tab of ["Settings", "Staff", "Reports"]) await expect(nav.getByRole("link", { name: tab })).toBeInViewport();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: testInfo.outputPath("book-phone-owner.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "List", exact: true }).click();
    await page.screenshot({ path: testInfo.outputPath("book-desktop-list.png") });
  });
});
