import type { BrowserContext, Locator, Page } from "@playwright/test";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, newPerson, seriousA11yViolations, signIn, test, type StaffedRestaurant } from "./support/fixtures";

/**
 * The restaurant's pin: the owner drops or drags it on a map (or types it), the fields and the map
 * follow each other, and the diner's page shows it on a small map loaded only when it comes into view
 * or is asked for, beside the text address. Tiles cannot be reached from here: each test serves a
 * blank tile in their place and checks the map's markup, the pin's position and the credit.
 */

/** One light-grey pixel: what a tile shows in these tests. */
const BLANK_TILE = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGN4AQAA6gDp3uJOLwAAAABJRU5ErkJggg==", "base64");
const ADDRESS = "12 Clerkenwell Road, Testville EC1M 5PQ";
/** Degrees of longitude per pixel at zoom 17, where the owner's map shows a typed pin. */
const LNG_PER_PX_Z17 = 360 / (256 * 2 ** 17);

async function serveBlankTiles(target: Page | BrowserContext): Promise<void> {
  await target.route("https://tile.openstreetmap.org/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: BLANK_TILE }));
}

/** Collects what the page's Content-Security-Policy refused. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportCspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

async function centreOf(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** How far the pin stands from a point, in pixels (0 when it is right there). */
async function pinDistance(map: Locator, point: { x: number; y: number }): Promise<number> {
  const pin = await centreOf(map.locator(".map-pin"));
  return Math.hypot(pin.x - point.x, pin.y - point.y);
}

async function withAddress(): Promise<StaffedRestaurant> {
  const r = await createStaffedRestaurant("Europe/London");
  await e2eDb().sql`update restaurants set address = ${ADDRESS} where id = ${r.id}`;
  return r;
}

const coordinate = async (field: Locator) => Number(await field.inputValue());

/** The owner, signed in on the settings page at that width, with the pin's fields and map at hand. */
async function openPinForm(page: Page, r: StaffedRestaurant, width: number) {
  await serveBlankTiles(page.context());
  await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
  await signIn(page, r.staff.owner, `/manage/${r.slug}/settings`);
  const form = page.getByRole("form", { name: "Contact and location" });
  const map = form.getByRole("group", { name: "Map for placing your pin" });
  await expect(map).toBeVisible();
  return { form, map, lat: form.getByLabel("Latitude"), lng: form.getByLabel("Longitude") };
}

test("the owner drops the pin with a click and drags it; the fields follow; the diner's page shows it on a map beside the address", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const r = await withAddress();
  const ownerCsp = await watchCsp(page);
  const { form, map, lat, lng } = await openPinForm(page, r, 1280);
  await expect(map.getByRole("link", { name: "OpenStreetMap" })).toHaveAttribute("href", "https://www.openstreetmap.org/copyright");
  await expect(map.locator(".map-pin")).toHaveCount(0);

  // Typed coordinates bring the map to the pin.
  await lat.fill("51.5072");
  await lng.fill("-0.1276");
  await map.scrollIntoViewIfNeeded();
  const middle = await centreOf(map);
  await expect.poll(() => pinDistance(map, middle)).toBeLessThan(2);

  // A click puts the pin there, and the fields say where that is.
  const clickAt = { x: middle.x + 120, y: middle.y - 60 };
  await page.mouse.click(clickAt.x, clickAt.y);
  await expect.poll(() => coordinate(lng)).toBeCloseTo(-0.1276 + 120 * LNG_PER_PX_Z17, 4);
  expect(await coordinate(lat)).toBeCloseTo(51.5072 + 60 * LNG_PER_PX_Z17 * Math.cos((51.5072 * Math.PI) / 180), 4);
  expect(await pinDistance(map, clickAt)).toBeLessThan(2);

  // Dragging the pin moves it too.
  const [latBefore, lngBefore] = [await coordinate(lat), await coordinate(lng)];
  const dropAt = { x: clickAt.x - 250, y: clickAt.y + 110 };
  await page.mouse.move(clickAt.x, clickAt.y);
  await page.mouse.down();
  await page.mouse.move(dropAt.x, dropAt.y, { steps: 12 });
  await page.mouse.up();
  await expect.poll(() => coordinate(lng)).toBeCloseTo(lngBefore - 250 * LNG_PER_PX_Z17, 4);
  expect(await coordinate(lat)).toBeLessThan(latBefore);
  expect(await pinDistance(map, dropAt)).toBeLessThan(2);
  await map.screenshot({ path: testInfo.outputPath("owner-map-1280.png") });
  expect(await seriousA11yViolations(page), "settings with the map and its pin, 1280px").toEqual([]);
  const saved = { lat: await coordinate(lat), lng: await coordinate(lng) };
  // Six decimals at most: the fields hold what was placed, not the mouse's noise.
  expect(await lat.inputValue()).toMatch(/^51\.\d{1,6}$/);

  await form.getByRole("button", { name: "Save contact and location" }).click();
  await expect(form.getByText("Contact and location saved.")).toBeVisible();
  expect(ownerCsp).toEqual([]);

  // The diner, on a phone: the map is far down the page and loads only once scrolled to.
  // A short phone, so the map stands well below the screen even on this page with no reviews.
  const diner = await newPerson(browser, { viewport: { width: 390, height: 600 } });
  await serveBlankTiles(diner);
  const p = await diner.newPage();
  const dinerCsp = await watchCsp(p);
  const scripts: Promise<string>[] = [];
  p.on("response", (res) => {
    if (res.request().resourceType() === "script") scripts.push(res.text().catch(() => ""));
  });
  const leafletScriptLoaded = async () => (await Promise.all(scripts)).some((body) => body.includes("leafletjs.com"));
  const leafletStylesLoaded = () =>
    p.evaluate(() =>
      [...document.styleSheets].some((sheet) => [...sheet.cssRules].some((rule) => rule instanceof CSSStyleRule && rule.selectorText.includes(".leaflet-container"))),
    );

  await p.goto(`/r/${r.slug}`);
  const contact = p.getByTestId("restaurant-contact");
  const frame = p.getByTestId("restaurant-map");
  // Hydrated (the frame's link has become a button), loaded, and idle: still no map code or styles.
  await expect(frame.getByRole("button", { name: "Show map" })).toBeAttached();
  await p.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null))));
  expect((await frame.boundingBox())!.y).toBeGreaterThan(600 + 200);
  expect(await leafletScriptLoaded()).toBe(false);
  expect(await leafletStylesLoaded()).toBe(false);
  await expect(frame.locator(".leaflet-container")).toHaveCount(0);

  await frame.scrollIntoViewIfNeeded();
  const dinerMap = contact.getByRole("group", { name: `Map of ${r.name}` });
  await expect(dinerMap).toBeVisible();
  await expect(dinerMap.locator(".map-pin")).toBeVisible();
  await expect.poll(async () => pinDistance(dinerMap, await centreOf(dinerMap))).toBeLessThan(2);
  await expect(dinerMap.getByRole("link", { name: "OpenStreetMap" })).toBeVisible();
  await expect(contact.locator("address")).toHaveText(ADDRESS);
  await expect(contact.getByRole("link", { name: /Directions/ })).toHaveAttribute(
    "href",
    `https://www.openstreetmap.org/directions?to=${saved.lat.toFixed(6)}%2C${saved.lng.toFixed(6)}`,
  );
  expect(await leafletScriptLoaded()).toBe(true);
  expect(await leafletStylesLoaded()).toBe(true);
  expect(await seriousA11yViolations(p), "restaurant page with its map, 390px").toEqual([]);
  await contact.screenshot({ path: testInfo.outputPath("diner-map-390.png") });
  expect(dinerCsp).toEqual([]);
  await diner.close();
});

test("keyboard: the owner types the coordinates or drops the pin with Enter; the diner presses Show map", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const r = await withAddress();
  const { form, map, lat, lng } = await openPinForm(page, r, 390);

  // On the map: Enter drops the pin at its centre (the whole world, before any pin).
  await map.focus();
  await page.keyboard.press("Enter");
  await expect(lat).toHaveValue("20");
  await expect(lng).toHaveValue("0");
  await expect(map.locator(".map-pin")).toBeVisible();

  // The fields: typed key by key, the pin follows; Enter in a field saves.
  await lat.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("48.8584");
  await page.keyboard.press("Tab");
  await expect(lng).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("2.2945");
  await expect.poll(async () => pinDistance(map, await centreOf(map))).toBeLessThan(2);
  expect(await seriousA11yViolations(page), "settings with the map, 390px").toEqual([]);
  await page.keyboard.press("Enter");
  await expect(form.getByText("Contact and location saved.")).toBeVisible();

  await page.reload();
  await expect(form.getByLabel("Latitude")).toHaveValue("48.8584");
  await expect(form.getByLabel("Longitude")).toHaveValue("2.2945");
  await expect.poll(async () => pinDistance(map, await centreOf(map))).toBeLessThan(2);

  // The diner presses Show map before the map is anywhere near the screen (a short phone: this page has no reviews).
  const diner = await newPerson(browser, { viewport: { width: 390, height: 600 } });
  await serveBlankTiles(diner);
  const p = await diner.newPage();
  await p.goto(`/r/${r.slug}`);
  const show = p.getByTestId("restaurant-map").getByRole("button", { name: "Show map" });
  await show.focus();
  await p.keyboard.press("Enter");
  const dinerMap = p.getByRole("group", { name: `Map of ${r.name}` });
  await expect(dinerMap.locator(".map-pin")).toBeVisible();
  await expect(dinerMap.getByRole("link", { name: "OpenStreetMap" })).toBeVisible();
  await diner.close();
});

test("the restaurant page's map at desktop width loads by itself once the page has settled, and passes axe", async ({ browser }, testInfo) => {
  const r = await withAddress();
  await e2eDb().sql`update restaurants set latitude = 51.5226, longitude = -0.1012 where id = ${r.id}`;
  const diner = await newPerson(browser, { viewport: { width: 1280, height: 900 } });
  await serveBlankTiles(diner);
  const p = await diner.newPage();
  const csp = await watchCsp(p);
  await p.goto(`/r/${r.slug}`);
  const map = p.getByRole("group", { name: `Map of ${r.name}` });
  await expect(map.locator(".map-pin")).toBeVisible();
  await expect.poll(async () => pinDistance(map, await centreOf(map))).toBeLessThan(2);
  await expect(map.getByRole("button", { name: "Zoom in" })).toBeVisible();
  await expect(p.getByTestId("restaurant-contact").locator("address")).toHaveText(ADDRESS);
  expect(await seriousA11yViolations(p), "restaurant page with its map, 1280px").toEqual([]);
  await p.screenshot({ path: testInfo.outputPath("diner-page-1280.png") });
  expect(csp).toEqual([]);
  await diner.close();
});

test("without JavaScript the page keeps the address, and Show map is a link to the same place on OpenStreetMap", async ({ browser }) => {
  const r = await withAddress();
  await e2eDb().sql`update restaurants set latitude = 51.5226, longitude = -0.1012 where id = ${r.id}`;
  const diner = await newPerson(browser, { javaScriptEnabled: false });
  const p = await diner.newPage();
  await p.goto(`/r/${r.slug}`);
  const contact = p.getByTestId("restaurant-contact");
  await expect(contact.locator("address")).toHaveText(ADDRESS);
  await expect(contact.getByRole("link", { name: /^Show map/ })).toHaveAttribute("href", "https://www.openstreetmap.org/?mlat=51.522600&mlon=-0.101200#map=17/51.522600/-0.101200");
  await expect(contact.getByRole("link", { name: /Directions/ })).toHaveAttribute("href", /directions\?to=51\.522600%2C-0\.101200/);
  await diner.close();
});
