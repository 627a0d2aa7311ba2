import { DateTime } from "luxon";
import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import {
  codeFromUrl,
  createRestaurant,
  expect,
  fillDetailsAndConfirm,
  localDate,
  longDate,
  reservationByCode,
  slotName,
  tabTo,
  test,
} from "./support/fixtures";

/** "Thu 3 Dec", as the next-available line prints a date. */
function shortDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(",", "");
}

test.describe("time picking", () => {
  test("a full day offers the next date with a table, and booking it works", async ({ page }) => {
    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }] });
    const full = localDate(r.timezone, 2);
    const next = localDate(r.timezone, 3);
    // The one table is taken from the first seating to past the last on the full day.
    const { db } = e2eDb();
    const tables = (await e2eDb().sql`select id from dining_tables where restaurant_id = ${r.id}`) as unknown as { id: string }[];
    const start = DateTime.fromISO(`${full}T11:00`, { zone: r.timezone });
    await insertReservation(db, {
      restaurantId: r.id,
      tableId: tables[0]!.id,
      startsAt: start.toJSDate(),
      endsAt: start.plus({ hours: 13 }).toJSDate(),
      serviceDate: full,
      status: "confirmed",
    });

    await page.goto(`/r/${r.slug}?date=${full}&party_size=2`);
    const empty = page.getByTestId("empty-day");
    await expect(empty).toContainText(`No times left for 2 people on ${longDate(full)}`);
    await expect(empty.getByTestId("next-available")).toContainText(`Next available: ${shortDate(next)}`);
    await empty.getByRole("button", { name: `See times on ${shortDate(next)}` }).click();
    await expect(page.getByLabel("Date")).toHaveValue(next);

    await page.getByRole("button", { name: slotName("19:00", next, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = await fillDetailsAndConfirm(page, { name: "Nia Next", email: "nia@example.test" });
    const row = await reservationByCode(code);
    expect(row?.status).toBe("confirmed");
    expect(DateTime.fromJSDate(row!.startsAt, { zone: r.timezone }).toISODate()).toBe(next);
  });

  test("the slot grid is one Tab stop: arrow keys, Home and End move, Enter books, all without a pointer", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    const grid = page.getByTestId("slot-grid");
    const first = grid.getByRole("button", { name: slotName("12:00", date, 2) });
    await expect(first).toBeVisible();

    // Tab reaches the grid once, on its first time; the next Tab leaves it.
    await tabTo(page, first);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("slot-button"))).toBe(false);
    await page.keyboard.press("Shift+Tab");
    await expect(first).toBeFocused();

    await page.keyboard.press("End");
    await expect(grid.getByRole("button", { name: slotName("22:00", date, 2) })).toBeFocused();
    await page.keyboard.press("Home");
    await expect(first).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(grid.getByRole("button", { name: slotName("12:30", date, 2) })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(first).toBeFocused();
    // Down moves a row: to a later time, on the line below.
    await page.keyboard.press("ArrowDown");
    const below = page.locator(":focus");
    await expect(below).toHaveClass(/slot-button/);
    expect(await below.evaluate((el) => el.getAttribute("data-starts-at"))).not.toBe(await first.getAttribute("data-starts-at"));
    await page.keyboard.press("ArrowUp");
    await expect(first).toBeFocused();

    // Right to 19:00 (every half hour from 12:00), then Enter holds it.
    for (let i = 0; i < 14; i++) await page.keyboard.press("ArrowRight");
    const seven = grid.getByRole("button", { name: slotName("19:00", date, 2) });
    await expect(seven).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    // Focus starts on the new step's heading.
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeFocused();
    await page.keyboard.press("Tab");
    await tabTo(page, page.getByLabel("Name", { exact: true }));
    await page.keyboard.type("Kit Keys");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kit@example.test");
    await tabTo(page, page.getByRole("button", { name: "Confirm booking" }));
    const code = codeFromUrl(page.url());
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`/reservations/${code}/confirmed`);
    await expect(page.getByRole("heading", { level: 1, name: "You’re booked" })).toBeFocused();
    expect((await reservationByCode(code))?.status).toBe("confirmed");
  });

  test("times are grouped by session, with a filter between them", async ({ page }) => {
    const r = await createRestaurant({ firstSeating: "18:00", lastSeating: "21:00" });
    await e2eDb().sql`
      insert into service_sessions (restaurant_id, name, days, first_seating, last_seating, interval_minutes, turn_minutes)
      values (${r.id}, 'Lunch', '{1,2,3,4,5,6,7}', '12:00', '14:00', 30, '90'::jsonb)`;
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    const lunch = page.getByRole("group", { name: "Lunch" });
    const dinner = page.getByRole("group", { name: "Dinner" });
    await expect(lunch.getByRole("button", { name: slotName("12:00", date, 2) })).toBeVisible();
    await expect(dinner.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();

    await page.getByRole("radio", { name: "Dinner" }).check();
    await expect(lunch).toHaveCount(0);
    await expect(dinner.getByRole("button")).toHaveCount(7);
    await page.getByRole("radio", { name: "All times" }).check();
    await expect(lunch).toBeVisible();
  });
});

test.describe("typed details", () => {
  test("survive choosing another time at the same restaurant", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    const first = codeFromUrl(page.url());
    await page.getByLabel("Name", { exact: true }).fill("Tui Typed");
    await page.getByLabel("Email", { exact: true }).fill("tui@example.test");
    await page.getByLabel(/^Phone/).fill("+64 9 555 0100");
    await page.getByLabel(/^Special requests/).fill("One guest is coeliac");

    // Let this table go and pick another time.
    await page.getByRole("button", { name: "Release this table" }).click();
    await expect(page).toHaveURL(`/r/${r.slug}`);
    await page.getByLabel("Date").fill(date);
    await page.getByRole("button", { name: slotName("20:30", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    expect(codeFromUrl(page.url())).not.toBe(first);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Tui Typed");
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue("tui@example.test");
    await expect(page.getByLabel(/^Phone/)).toHaveValue("+64 9 555 0100");
    await expect(page.getByLabel(/^Special requests/)).toHaveValue("One guest is coeliac");

    const code = await fillDetailsAndConfirm(page, { name: "Tui Typed", email: "tui@example.test" });
    expect((await reservationByCode(code))?.status).toBe("confirmed");
    // Once booked, the next booking (another day, so it does not overlap this one) starts from a clean form.
    const later = localDate(r.timezone, 3);
    await page.goto(`/r/${r.slug}?date=${later}&party_size=2`);
    await page.getByRole("button", { name: slotName("21:00", later, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    await expect(page.getByLabel(/^Special requests/)).toHaveValue("");
  });

  test("survive a lapsed hold, and the heading says the hold has ended", async ({ page }) => {
    const r = await createRestaurant({ holdMinutes: 1 });
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    await expect(page.getByText("We hold the table for 1 minute while you add your details.")).toBeVisible();
    const code = codeFromUrl(page.url());
    await page.getByLabel("Name", { exact: true }).fill("Lapse Later");
    await page.getByLabel(/^Special requests/).fill("Quiet corner");
    await e2eDb().sql`update reservations set hold_expires_at = now() + interval '3 seconds' where code = ${code}`;
    await page.reload();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Lapse Later");

    const heading = page.getByRole("heading", { level: 1, name: "This hold has ended" });
    await expect(heading).toBeVisible({ timeout: 15_000 });
    await expect(heading).toBeFocused();
    await page.getByTestId("hold-lost").getByRole("button", { name: slotName("19:30", date, 2) }).click();
    await expect(page).not.toHaveURL(new RegExp(`/book/${code}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Lapse Later");
    await expect(page.getByLabel(/^Special requests/)).toHaveValue("Quiet corner");
  });
});

test.describe("large parties", () => {
  test("a party beyond the online limit is told the limit and offered a request", async ({ page }) => {
    const r = await createRestaurant();
    await page.goto(`/restaurants?q=${r.word}&date=${localDate(r.timezone, 2)}&time=19:00&party_size=13`);
    await expect(page.getByTestId("large-party")).toContainText("Booking for more than 12?");
    await expect(page.getByLabel("Party size")).toHaveValue("13");

    await page.goto(`/r/${r.slug}?party_size=14`);
    const note = page.getByTestId("large-party");
    await expect(note).toContainText(`${r.name} books parties of up to 8 online, and you asked for 14.`);
    await expect(note.getByRole("form", { name: "Request a table" }).getByLabel("Party size")).toHaveValue("14");
  });
});
