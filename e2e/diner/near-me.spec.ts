import { randomBytes } from "node:crypto";
import { createRestaurant, expect, horizontalOverflow, seriousA11yViolations, test } from "./support/fixtures";

/** One degree of latitude on the mean sphere, in kilometres. */
const KM_PER_DEG = 111.195;
const ORIGIN = { lat: 41.1579, lng: -8.6291 };
const north = (km: number) => ({ lat: ORIGIN.lat + km / KM_PER_DEG, lng: ORIGIN.lng });

/**
 * Three restaurants in a city of their own, 0, 2 and 7 km north of ORIGIN: the city's middle is 3 km
 * north, so from there they are 3, 1 and 4 km away.
 */
async function cityOfThree() {
  const city = `Nearby ${randomBytes(3).toString("hex")}`;
  const zero = await createRestaurant({ prefix: "Zero", city, location: north(0) });
  const two = await createRestaurant({ prefix: "Two", city, location: north(2) });
  const seven = await createRestaurant({ prefix: "Seven", city, location: north(7) });
  return { city, zero, two, seven };
}

test.describe("near-me search", () => {
  test("a typed place: nearest first with distances on the cards, a radius, and it fits a phone", async ({ page }) => {
    const { city, zero, two, seven } = await cityOfThree();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/restaurants");
    await expect(page.locator(`#search-places option[value="${city}"]`)).toHaveCount(1);
    await page.getByLabel("Near", { exact: true }).fill(city.toLowerCase());
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/place=nearby/);
    await expect(page.getByRole("heading", { level: 2, name: `Restaurants near ${city}` })).toBeVisible();

    const results = page.getByTestId("search-result");
    const ours = results.filter({ hasText: new RegExp(`${two.word}|${zero.word}|${seven.word}`) });
    await expect(ours).toHaveCount(3);
    expect(await ours.getByRole("heading").allTextContents()).toEqual([two.name, zero.name, seven.name]);
    await expect(ours.nth(0).getByTestId("search-distance")).toHaveText("1.0 km away");
    await expect(ours.nth(1).getByTestId("search-distance")).toHaveText("3.0 km away");
    await expect(page.getByLabel("Sort by")).toHaveValue("distance");
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel("Within", { exact: true }).selectOption("2");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("heading", { level: 2, name: `Restaurants near ${city}, within 2 km` })).toBeVisible();
    // Other tests' restaurants may stand at the same spot: count only this test's.
    await expect(ours).toHaveCount(1);
    await expect(ours.first()).toContainText(two.name);
  });

  test("a place we do not have, and a radius we do not offer, are corrected with a note", async ({ page }) => {
    const { city } = await cityOfThree();
    await page.goto(`/restaurants?place=Atlantis`);
    await expect(page.getByTestId("location-note")).toContainText('We have no restaurants in "Atlantis" yet');
    await expect(page.getByRole("heading", { level: 2, name: "All restaurants" })).toBeVisible();

    await page.goto(`/restaurants?place=${encodeURIComponent(city)}&radius_km=7`);
    await expect(page.getByTestId("location-note")).toContainText("We searched within 10 km");
    await expect(page.getByLabel("Within", { exact: true })).toHaveValue("10");

    await page.goto(`/restaurants?near=500,1&radius_km=5`);
    await expect(page.getByTestId("location-note").first()).toContainText("We could not read that location");
    await expect(page.getByRole("group", { name: /Where/ })).toHaveAttribute("aria-describedby", "search-where-error");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  test("Near me asks the browser only when pressed, then searches around the position", async ({ page, context }) => {
    const { two, zero, seven } = await cityOfThree();
    await context.grantPermissions(["geolocation"]);
    // 1.5 km north of ORIGIN: Two (0.5 km), Zero (1.5 km), Seven (5.5 km).
    await context.setGeolocation({ latitude: north(1.5).lat, longitude: north(1.5).lng });
    await page.goto("/restaurants");
    await expect(page.getByTestId("location-status")).toHaveText("We ask your browser for your location only when you press Near me.");
    await expect(page).toHaveURL("/restaurants");

    await page.getByRole("button", { name: "Near me" }).click();
    await expect(page).toHaveURL(/near=41\.1\d*%2C-8\.62\d*/);
    await expect(page.getByRole("heading", { level: 2, name: "Restaurants near you" })).toBeVisible();
    const ours = page.getByTestId("search-result").filter({ hasText: new RegExp(`${two.word}|${zero.word}|${seven.word}`) });
    await expect(ours).toHaveCount(3);
    expect(await ours.getByRole("heading").allTextContents()).toEqual([two.name, zero.name, seven.name]);
    await expect(ours.first().getByTestId("search-distance")).toHaveText("0.5 km away");
    await expect(page.getByTestId("location-status")).toContainText("Searching near your location");
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Typing a place replaces the location.
    await page.getByLabel("Near", { exact: true }).fill("Lisbon");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/place=Lisbon/);
    await expect(page).not.toHaveURL(/near=/);
  });

  test("a refused location says so plainly and searches nothing", async ({ page, context }) => {
    await context.clearPermissions();
    await page.goto("/restaurants");
    await page.getByRole("button", { name: "Near me" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "You did not allow this site to use your location" })).toBeVisible();
    await expect(page).toHaveURL("/restaurants");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
