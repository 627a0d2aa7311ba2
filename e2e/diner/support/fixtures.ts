import { randomBytes, randomInt } from "node:crypto";
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { closeE2eDb, e2eDb } from "../../support/db";

/**
 * Helpers for the diner journeys. Each test makes its own restaurant (a unique word in its name, so
 * search finds only it), and each browser context looks like its own diner: a distinct client
 * address, which is the holder key for a guest's holds and rate limits.
 */

export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** Restaurants this worker's current test published; taken off the listings when it ends. */
const createdThisTest: string[] = [];

/** Registers a restaurant a test inserted itself, so it is unpublished after the test. */
export function trackRestaurant(id: string): void {
  createdThisTest.push(id);
}

export const test = base.extend<{ unpublishAfterTest: void }, { closeDbAfterWorker: void }>({
  // Each test's browser is a different guest, so parallel tests never share a hold limit.
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": randomIp() });
  },
  // Specs elsewhere (the home page's) list every published restaurant: keep ours off it afterwards.
  unpublishAfterTest: [
    async ({}, use) => {
      await use();
      const ids = createdThisTest.splice(0);
      const { sql } = e2eDb();
      if (ids.length > 0) await sql`update restaurants set published = false where id in ${sql(ids)}`;
    },
    { auto: true },
  ],
  closeDbAfterWorker: [
    async ({}, use) => {
      await use();
      await closeE2eDb();
    },
    { scope: "worker", auto: true },
  ],
});

export { expect };

export interface TableSpec {
  minSeats: number;
  maxSeats: number;
  label?: string;
}

export interface TestRestaurant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  /** A word only this restaurant's name contains. */
  word: string;
}

export interface RestaurantOptions {
  timezone?: string;
  tables?: TableSpec[];
  holdMinutes?: number;
  cancellationCutoffMinutes?: number;
  cuisine?: string;
  city?: string;
  description?: string;
  prefix?: string;
  /** Every day, these seatings every 30 minutes with 90-minute turns. */
  firstSeating?: string;
  lastSeating?: string;
  /** Where the map pin (and near-me search) puts it; none by default. */
  location?: { lat: number; lng: number };
}

/** A published restaurant with its own floor and one session that runs every day. */
export async function createRestaurant(options: RestaurantOptions = {}): Promise<TestRestaurant> {
  const { db } = e2eDb();
  const word = `pw${randomBytes(4).toString("hex")}`;
  const timezone = options.timezone ?? "Europe/London";
  const name = `${options.prefix ?? "Bistro"} ${word}`;
  const restaurant = await insertRestaurant(db, {
    slug: `bistro-${word}`,
    name,
    timezone,
    cuisine: options.cuisine ?? "French",
    city: options.city ?? "Testville",
    address: "1 Test Street, Testville",
    description: options.description ?? "A restaurant made by a browser test.",
    priceBand: 2,
    holdMinutes: options.holdMinutes ?? 10,
    cancellationCutoffMinutes: options.cancellationCutoffMinutes ?? 120,
    minNoticeMinutes: 0,
    maxPartySize: 8,
    ...(options.location ? { latitude: options.location.lat, longitude: options.location.lng } : {}),
  });
  trackRestaurant(restaurant.id);
  for (const [i, t] of (options.tables ?? [{ minSeats: 1, maxSeats: 4 }, { minSeats: 1, maxSeats: 4 }]).entries()) {
    await insertTable(db, restaurant.id, { label: t.label ?? `T${i + 1}`, minSeats: t.minSeats, maxSeats: t.maxSeats });
  }
  await insertSession(db, restaurant.id, {
    name: "Dinner",
    days: [1, 2, 3, 4, 5, 6, 7],
    firstSeating: options.firstSeating ?? "12:00",
    lastSeating: options.lastSeating ?? "22:00",
    intervalMinutes: 30,
    turnMinutes: 90,
  });
  return { id: restaurant.id, slug: restaurant.slug, name, timezone, word };
}

/** The restaurant's local date a number of days from now. */
export function localDate(timezone: string, daysFromToday = 1): string {
  return DateTime.now().setZone(timezone).plus({ days: daysFromToday }).toISODate()!;
}

/** "Friday 12 June 2026", as the pages print a local date. */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(",", "");
}

/** A slot button's accessible name: time, date and party size. */
export function slotName(time: string, date: string, partySize: number): string {
  return `${time} on ${longDate(date)} for ${partySize === 1 ? "1 person" : `${partySize} people`}`;
}

export async function reservationByCode(code: string) {
  const rows = (await e2eDb().sql`
    select id, status, party_size, (extract(epoch from starts_at) * 1000)::bigint::text as starts_ms, replaces_id,
           guest_name, guest_email, user_id
    from reservations where code = ${code}`) as unknown as {
    id: string;
    status: string;
    party_size: number;
    starts_ms: string;
    replaces_id: string | null;
    guest_name: string | null;
    guest_email: string | null;
    user_id: string | null;
  }[];
  const row = rows[0];
  return row ? { ...row, startsAt: new Date(Number(row.starts_ms)) } : undefined;
}

/** The booking code in a /book/CODE or /reservations/CODE URL. */
export function codeFromUrl(url: string): string {
  const match = /\/(?:book|reservations)\/([A-Z0-9]+)/.exec(new URL(url).pathname);
  if (!match?.[1]) throw new Error(`No booking code in ${url}`);
  return match[1];
}

/** Fills the booking form and confirms; returns the booking code from the confirmation page. */
export async function fillDetailsAndConfirm(page: Page, details: { name: string; email: string; phone?: string; requests?: string }) {
  await page.getByLabel("Name", { exact: true }).fill(details.name);
  await page.getByLabel("Email", { exact: true }).fill(details.email);
  if (details.phone) await page.getByLabel(/^Phone/).fill(details.phone);
  if (details.requests) await page.getByLabel(/^Special requests/).fill(details.requests);
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(page).toHaveURL(/\/reservations\/[A-Z0-9]+\/confirmed$/);
  await expect(page.getByRole("heading", { level: 1, name: "You’re booked" })).toBeVisible();
  return codeFromUrl(page.url());
}

export { horizontalOverflow, seriousA11yViolations } from "../../support/a11y";

/** Presses Tab until `target` has focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

/** A second diner: a new browser context with its own client address and no cookies. */
export async function newGuest(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
}
