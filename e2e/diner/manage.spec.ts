import { e2eDb } from "../support/db";
import {
  codeFromUrl,
  createRestaurant,
  expect,
  fillDetailsAndConfirm,
  localDate,
  newGuest,
  reservationByCode,
  slotName,
  test,
} from "./support/fixtures";

test.describe("managing a booking", () => {
  test("changing time and party size holds the new time, and replaces the booking only once it is confirmed", async ({ page, browser }) => {
    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 2 }, { minSeats: 2, maxSeats: 6 }] });
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\//);
    const oldCode = await fillDetailsAndConfirm(page, { name: "Chris Change", email: "chris@example.test" });
    const manageHref = (await page.getByRole("link", { name: "Manage or cancel this booking" }).getAttribute("href"))!;

    // From the emailed link, on another device: no cookie, only the token in the link.
    const phone = await newGuest(browser);
    try {
      const p = await phone.newPage();
      await p.goto(manageHref);
      await expect(p.getByRole("heading", { name: "Change time or party size" })).toBeVisible();
      await expect(p.getByLabel("Date", { exact: true })).toHaveValue(date);
      await p.getByLabel("Party size", { exact: true }).selectOption("4");
      await p.getByRole("button", { name: slotName("20:00", date, 4) }).click();

      await expect(p).toHaveURL(new RegExp(`/book/[A-Z0-9]+\\?replaces=${oldCode}$`));
      const newCode = codeFromUrl(p.url());
      await expect(p.getByTestId("replaces-note")).toContainText(oldCode);
      // Until the new time is confirmed, the old booking stands.
      expect((await reservationByCode(oldCode))?.status).toBe("confirmed");
      expect((await reservationByCode(newCode))?.status).toBe("held");

      await expect(p.getByLabel("Name", { exact: true })).toHaveValue("");
      await fillDetailsAndConfirm(p, { name: "Chris Change", email: "chris@example.test" });
      await expect(p.getByTestId("booking-code")).toHaveText(newCode);

      const [oldRow, newRow] = [await reservationByCode(oldCode), await reservationByCode(newCode)];
      expect(oldRow?.status).toBe("cancelled");
      expect(newRow?.status).toBe("confirmed");
      expect(newRow?.party_size).toBe(4);
      expect(newRow?.replaces_id).toBe(oldRow?.id);

      // The old manage link now shows the booking as cancelled.
      await p.goto(manageHref);
      await expect(p.getByTestId("reservation-status")).toHaveText("Cancelled");
    } finally {
      await phone.close();
    }
  });

  test("inside the cut-off the policy is shown and cancelling or changing online is not offered", async ({ page }) => {
    // A 48-hour cut-off: a booking tomorrow is already inside it.
    const r = await createRestaurant({ cancellationCutoffMinutes: 2880 });
    const date = localDate(r.timezone, 1);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("21:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\//);
    const code = await fillDetailsAndConfirm(page, { name: "Last Minute", email: "late@example.test" });
    await page.getByRole("link", { name: "Manage or cancel this booking" }).click();

    await expect(page.getByTestId("cancellation-policy")).toContainText("until 2 days before your booking");
    await expect(page.getByText("It is now too close to your booking to change or cancel it online.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel reservation" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Change time or party size" })).toHaveCount(0);
    expect((await reservationByCode(code))?.status).toBe("confirmed");
  });

  test("the hold page says when someone else's manage cookie is missing, and shows nothing of the booking", async ({ page, browser }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("18:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\//);
    const code = codeFromUrl(page.url());

    const other = await newGuest(browser);
    try {
      const p = await other.newPage();
      await p.goto(`/book/${code}`);
      await expect(p.getByRole("heading", { name: "We can’t find that booking here" })).toBeVisible();
      await expect(p.getByRole("timer")).toHaveCount(0);
    } finally {
      await other.close();
    }
    await e2eDb().sql`update reservations set status = 'cancelled' where code = ${code}`;
  });
});
