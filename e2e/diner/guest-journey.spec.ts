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

test.describe("a guest books and cancels", () => {
  test("search → restaurant → hold → confirm → confirmation → cancel from the manage link", async ({ page, browser }) => {
    const r = await createRestaurant({ timezone: "Europe/London" });
    const date = localDate(r.timezone, 2);

    // Search by the restaurant's word, with a date, time and party size.
    await page.goto("/restaurants");
    await page.getByLabel("Restaurant, dish or area").fill(r.word);
    await page.getByLabel("Date").fill(date);
    await page.getByLabel("Time").selectOption("19:00");
    await page.getByLabel("Party size").selectOption("2");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`/restaurants\\?q=${r.word}&date=${date}&time=19%3A00&party_size=2$`));
    const result = page.getByTestId("search-result").filter({ hasText: r.name });
    await expect(result).toHaveCount(1);
    await expect(result.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();

    // Open the restaurant: the picker starts on the searched date and party size.
    await result.getByRole("link", { name: r.name }).click();
    await expect(page).toHaveURL(`/r/${r.slug}?date=${date}&party_size=2`);
    await expect(page.getByRole("heading", { level: 1, name: r.name })).toBeVisible();
    await expect(page.getByLabel("Date")).toHaveValue(date);
    await expect(page.getByLabel("Party size")).toHaveValue("2");

    // Hold 19:00.
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    await expect(page.getByRole("timer")).toHaveText(/^(10:00|9:[0-5]\d)$/);
    expect((await reservationByCode(code))?.status).toBe("held");

    // Confirm with the guest's details.
    const confirmed = await fillDetailsAndConfirm(page, { name: "Ada Guest", email: "ada@example.test", phone: "+44 20 7946 0000" });
    expect(confirmed).toBe(code);
    await expect(page.getByTestId("booking-code")).toHaveText(code);
    const summary = page.getByTestId("reservation-summary");
    await expect(summary).toContainText("Ada Guest");
    await expect(summary).toContainText("ada@example.test");
    await expect(summary).toContainText("19:00");
    await expect(summary).toContainText("2 people");
    expect((await reservationByCode(code))?.status).toBe("confirmed");

    // The calendar file is the booking at its instant.
    const ics = page.getByRole("link", { name: "Add to calendar (.ics)" });
    const icsResponse = await page.request.get((await ics.getAttribute("href"))!);
    expect(icsResponse.status()).toBe(200);
    expect(icsResponse.headers()["content-type"]).toContain("text/calendar");
    const body = await icsResponse.text();
    const startsAt = (await reservationByCode(code))!.startsAt;
    expect(body).toContain(`DTSTART:${startsAt.toISOString().replace(/[-:]/g, "").replace(".000", "")}`);
    expect(body).toContain(`SUMMARY:${r.name}: table for 2`);

    // The manage link works in a browser with no cookies: it carries the token.
    const manageHref = await page.getByRole("link", { name: "Manage or cancel this booking" }).getAttribute("href");
    expect(manageHref).toMatch(new RegExp(`^/reservations/${code}\\?token=[A-Za-z0-9_-]{20,}$`));
    const elsewhere = await newGuest(browser);
    try {
      const other = await elsewhere.newPage();
      await other.goto(manageHref!);
      await expect(other.getByTestId("reservation-status")).toHaveText("Confirmed");
      await expect(other.getByTestId("cancellation-policy")).toContainText("2 hours before your booking");

      await other.getByRole("button", { name: "Cancel reservation" }).click();
      await expect(other.getByText(/This cannot be undone/)).toBeFocused();
      await other.getByRole("button", { name: "Yes, cancel it" }).click();
      await expect(other.getByTestId("reservation-status")).toHaveText("Cancelled");
      await expect(other.getByRole("heading", { name: "This booking is cancelled" })).toBeVisible();
      expect((await reservationByCode(code))?.status).toBe("cancelled");
    } finally {
      await elsewhere.close();
    }

    // Without the token or the cookie, the booking is not shown to anyone.
    const stranger = await newGuest(browser);
    try {
      const p = await stranger.newPage();
      await p.goto(`/reservations/${code}`);
      await expect(p.getByRole("heading", { name: "We can’t show this booking" })).toBeVisible();
      await expect(p.getByText("Ada Guest")).toHaveCount(0);
    } finally {
      await stranger.close();
    }
  });

  test("the hold can be extended once, and released", async ({ page }) => {
    const r = await createRestaurant();
    const date = localDate(r.timezone, 3);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=3`);
    await page.getByRole("button", { name: slotName("18:30", date, 3) }).click();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());

    await page.getByRole("button", { name: "Extend hold" }).click();
    await expect(page.getByRole("status").filter({ hasText: /held until \d\d:\d\d/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Extend hold" })).toHaveCount(0);
    await expect(page.getByText("You have extended this hold once already.")).toBeVisible();

    await page.getByRole("button", { name: "Release this table" }).click();
    await expect(page).toHaveURL(`/r/${r.slug}`);
    expect((await reservationByCode(code))?.status).toBe("cancelled");
  });
});
