import { codeFromUrl, createRestaurant, expect, localDate, reservationByCode, slotName, tabTo, test } from "./support/fixtures";

test.describe("keyboard only", () => {
  test("a guest finds a time, holds it, fills the form and confirms without a pointer", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}`);

    // Step to the day after tomorrow with the "Next day" button, twice.
    const nextDay = page.getByRole("button", { name: "Next day" });
    await tabTo(page, nextDay);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Date")).toHaveValue(date);

    // Party size with the arrow keys on the focused select.
    await tabTo(page, page.getByLabel("Party size"));
    await page.keyboard.press("ArrowDown");
    await expect(page.getByLabel("Party size")).toHaveValue("3");

    // The times are one Tab stop: Tab to the first, arrow to 19:00 and press Enter.
    const slot = page.getByRole("button", { name: slotName("19:00", date, 3) });
    await expect(slot).toBeVisible();
    await tabTo(page, page.getByRole("button", { name: slotName("12:00", date, 3) }));
    for (let i = 0; i < 14; i++) await page.keyboard.press("ArrowRight");
    await expect(slot).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());

    // The form, field by field.
    await tabTo(page, page.getByLabel("Name", { exact: true }));
    await page.keyboard.type("Kim Keys");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
    await page.keyboard.type("kim@example.test");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(/^Phone/)).toBeFocused();
    await page.keyboard.press("Tab");
    // Texts are offered beside the phone; left unticked, as a diner without a mobile would.
    await expect(page.getByLabel("Text me the confirmation and reminders too")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(/^Occasion/)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByLabel(/^Occasion/)).toHaveValue("birthday");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(/^Special requests/)).toBeFocused();
    await page.keyboard.type("Window seat if possible");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Confirm booking" })).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(`/reservations/${code}/confirmed`);
    await expect(page.getByTestId("reservation-summary")).toContainText("Birthday");
    await expect(page.getByTestId("reservation-summary")).toContainText("Window seat if possible");
    expect((await reservationByCode(code))?.status).toBe("confirmed");

    // And on to the manage page, still by keyboard.
    const manage = page.getByRole("link", { name: "Manage or cancel this booking" });
    await tabTo(page, manage);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/reservations/${code}\\?token=`));
    await tabTo(page, page.getByRole("button", { name: "Cancel reservation" }));
    await page.keyboard.press("Enter");
    await expect(page.getByText(/This cannot be undone/)).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Yes, cancel it" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Keep my booking" })).toBeFocused();
    await page.keyboard.press("Enter");
    // Backing out returns focus to where the diner started and cancels nothing.
    await expect(page.getByRole("button", { name: "Cancel reservation" })).toBeFocused();
    expect((await reservationByCode(code))?.status).toBe("confirmed");
  });

  test("focus is visible on slot buttons", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    const slot = page.getByRole("button", { name: slotName("12:00", date, 2) });
    await expect(slot).toBeVisible();
    await tabTo(page, slot);
    const outline = await slot.evaluate((el) => getComputedStyle(el).outlineStyle + " " + getComputedStyle(el).outlineWidth);
    expect(outline).toMatch(/^solid [1-9]/);
  });
});
