import {
  codeFromUrl,
  createRestaurant,
  expect,
  fillDetailsAndConfirm,
  horizontalOverflow,
  localDate,
  reservationByCode,
  slotName,
  test,
} from "./support/fixtures";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

test.describe("on a 390-pixel phone", () => {
  test("the whole booking works by touch and no page scrolls sideways", async ({ page }) => {
    const r = await createRestaurant({
      description: "A long description that has to wrap on a narrow phone screen without pushing anything sideways at all.",
    });
    const date = localDate(r.timezone, 2);

    await page.goto(`/restaurants?q=${r.word}&date=${date}&time=19:00&party_size=2`);
    const result = page.getByTestId("search-result").filter({ hasText: r.name });
    await expect(result.getByRole("button").first()).toBeVisible();
    expect(await horizontalOverflow(page), "search").toBeLessThanOrEqual(0);

    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    const slot = page.getByRole("button", { name: slotName("19:00", date, 2) });
    await expect(slot).toBeVisible();
    expect(await horizontalOverflow(page), "restaurant").toBeLessThanOrEqual(0);
    // Touch targets of the slot buttons are at least 44 px tall.
    expect((await slot.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    await slot.tap();
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());
    await expect(page.getByRole("timer")).toBeVisible();
    expect(await horizontalOverflow(page), "booking").toBeLessThanOrEqual(0);

    await fillDetailsAndConfirm(page, { name: "Pat Phone", email: "pat@example.test", requests: "Pram space, please" });
    expect(await horizontalOverflow(page), "confirmation").toBeLessThanOrEqual(0);
    expect((await reservationByCode(code))?.status).toBe("confirmed");

    await page.getByRole("link", { name: "Manage or cancel this booking" }).tap();
    await expect(page.getByTestId("reservation-status")).toHaveText("Confirmed");
    expect(await horizontalOverflow(page), "manage").toBeLessThanOrEqual(0);

    for (const url of ["/restaurants", "/signin", "/signup", "/me"]) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await horizontalOverflow(page), url).toBeLessThanOrEqual(0);
    }
  });
});
