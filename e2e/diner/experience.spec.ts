import type { Page } from "@playwright/test";
import { e2eDb } from "../support/db";
import { codeFromUrl, expect, horizontalOverflow, seriousA11yViolations, tabTo, test } from "./support/fixtures";

/**
 * Ticketed experiences from the diner's side, on the demo data: Osteria Fiume's paid "Truffle and
 * Barolo dinner" (two sections, USD) and The Larder House's free "Sourdough masterclass" (GBP).
 */

interface JsonLdEvent {
  "@type": string;
  name: string;
  startDate: string;
  endDate: string;
  eventStatus: string;
  eventAttendanceMode: string;
  location: { "@type": string; name: string; address?: { streetAddress: string } };
  offers: { "@type": string; name: string; price: string; priceCurrency: string; availability: string; url: string }[];
}

async function jsonLdEvent(page: Page): Promise<JsonLdEvent> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  const events = blocks.map((b) => JSON.parse(b) as { "@type": string }).filter((d) => d["@type"] === "Event");
  expect(events).toHaveLength(1);
  return events[0] as JsonLdEvent;
}

test.describe("experiences", () => {
  test("a diner opens a paid experience from the restaurant page, holds 2 seats in a section, pays through the checkout, and gets the confirmation", async ({ page }) => {
    // Both sides of a paid booking, five pages checked by axe: more than the default budget on a busy machine.
    test.slow();
    await page.goto("/r/osteria-fiume");
    const listed = page.getByTestId("experience-item").filter({ hasText: "Truffle and Barolo dinner" });
    await expect(listed).toContainText("From US$145 per seat");
    await expect(listed).toContainText(/\d+ seats left/);
    await expect(listed).toContainText("at 19:00");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await listed.getByRole("link", { name: "Truffle and Barolo dinner" }).click();

    // Its own server-rendered page, described for search engines as an Event with an offer per section.
    await expect(page).toHaveURL(/\/r\/osteria-fiume\/experiences\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Truffle and Barolo dinner" })).toBeVisible();
    await expect(page).toHaveTitle(/Truffle and Barolo dinner at Osteria Fiume/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Truffle and Barolo dinner at Osteria Fiume");
    const event = await jsonLdEvent(page);
    expect(event.name).toBe("Truffle and Barolo dinner");
    // 19:00 on the restaurant's wall clock, with New York's offset that day.
    expect(event.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T19:00:00-0[45]:00$/);
    expect(new Date(event.endDate).getTime() - new Date(event.startDate).getTime()).toBe(180 * 60_000);
    expect(event.eventStatus).toBe("https://schema.org/EventScheduled");
    expect(event.eventAttendanceMode).toBe("https://schema.org/OfflineEventAttendanceMode");
    expect(event.location).toMatchObject({ name: "Osteria Fiume", address: { streetAddress: "212 Grand Street, New York, NY 10013" } });
    expect(event.offers.map((o) => [o.name, o.price, o.priceCurrency, o.availability])).toEqual([
      ["Chef's counter", "185.00", "USD", "https://schema.org/InStock"],
      ["Dining room", "145.00", "USD", "https://schema.org/InStock"],
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Section, seats, hold.
    await page.getByRole("radio", { name: "Chef's counter" }).check();
    await page.getByLabel("Seats", { exact: true }).selectOption("2");
    await expect(page.getByTestId("experience-total")).toHaveText("2 seats in Chef's counter: US$370");
    await page.getByRole("button", { name: "Hold 2 seats" }).click();

    // The table booking's page, worded for seats: countdown, extend once, details, payment in full.
    await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
    const code = codeFromUrl(page.url());
    await expect(page.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    await expect(page.getByText("2 seats in Chef's counter at Truffle and Barolo dinner, Osteria Fiume")).toBeVisible();
    await expect(page.getByTestId("hold-countdown")).toContainText("Seats held for you for");
    await expect(page.getByTestId("countdown-time")).toHaveText(/^\d{1,2}:\d{2}$/);
    await page.getByRole("button", { name: "Extend hold" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Done: your seats are held until" })).toBeVisible();
    await expect(page.getByTestId("payment-policy")).toContainText("2 seats: US$370, paid in full when you book, and refunded in full if you cancel before");
    const summary = page.getByTestId("reservation-summary");
    await expect(summary).toContainText("Chef's counter");
    await expect(summary).not.toContainText("Party");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await expect(page.locator("main")).not.toContainText(/\btables?\b/i);

    await page.getByLabel("Name", { exact: true }).fill("Tess Truffle");
    await page.getByLabel("Email", { exact: true }).fill(`tess-${code.toLowerCase()}@example.test`);
    await page.getByRole("button", { name: "Continue to payment" }).click();

    // The checkout (the local stand-in for Stripe's): pay the seats in full and come back confirmed.
    await expect(page.getByRole("heading", { name: "Test checkout" })).toBeVisible();
    await expect(page.getByText("Pay 370.00 USD")).toBeVisible();
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(new RegExp(`/reservations/${code}/confirmed$`));
    await expect(page.getByRole("heading", { level: 1, name: "You’re booked" })).toBeVisible();
    await expect(page.getByTestId("booking-code")).toHaveText(code);
    await expect(page.getByText("2 seats in Chef's counter at Truffle and Barolo dinner, Osteria Fiume, on")).toBeVisible();
    await expect(page.getByTestId("payment-status")).toContainText("You paid a prepayment of US$370.");
    await expect(page.locator("main")).not.toContainText(/\btables?\b/i);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const [row] = await e2eDb().sql`
      select r.status, r.party_size, r.table_id, s.name as section, p.status as payment, p.amount_cents
      from reservations r join experience_sections s on s.id = r.section_id join payments p on p.reservation_id = r.id
      where r.code = ${code}`;
    expect(row).toMatchObject({ status: "confirmed", party_size: 2, table_id: null, section: "Chef's counter", payment: "paid", amount_cents: 37000 });

    // The calendar file names the experience and the seats.
    const ics = await page.request.get(`/reservations/${code}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect((await ics.text()).replace(/\r\n[ \t]/g, "")).toContain("SUMMARY:Truffle and Barolo dinner at Osteria Fiume: 2 seats");

    // Manage: seats, no change of time; cancelling before the cut-off refunds the seats in full.
    await page.goto(`/reservations/${code}`);
    await expect(page.getByRole("heading", { level: 1, name: "Your seats at Truffle and Barolo dinner" })).toBeVisible();
    await expect(page.getByRole("button", { name: /change/i })).toHaveCount(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Cancel reservation" }).click();
    await expect(page.getByText("Cancel your 2 seats at Truffle and Barolo dinner for")).toBeVisible();
    await expect(page.getByText("Your prepayment of US$370 will be refunded in full.", { exact: false })).toBeVisible();
    await page.getByRole("button", { name: "Yes, cancel it" }).click();
    await expect(page.getByTestId("reservation-status")).toHaveText("Cancelled");
    await expect(page.getByTestId("payment-status")).toContainText("Your prepayment of US$370 has been refunded in full.");
    await expect(page.getByRole("link", { name: "See Truffle and Barolo dinner again" })).toBeVisible();
  });

  test("on a phone, by keyboard alone, a diner books a free seat, which confirms without a payment", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: { "x-forwarded-for": `10.77.${Date.now() % 250}.9` } });
    const page = await context.newPage();
    try {
      await page.goto("/r/the-larder-house");
      const listed = page.getByTestId("experience-item").filter({ hasText: "Sourdough masterclass" });
      await expect(listed).toContainText("Free");
      expect(await horizontalOverflow(page)).toBe(0);
      const link = listed.getByRole("link", { name: "Sourdough masterclass" });
      await tabTo(page, link);
      await page.keyboard.press("Enter");

      await expect(page.getByRole("heading", { level: 1, name: "Sourdough masterclass" })).toBeVisible();
      expect(await horizontalOverflow(page)).toBe(0);
      const event = await jsonLdEvent(page);
      expect(event.startDate).toMatch(/T10:00:00(Z|[+-]0[01]:00)$/);
      expect(event.offers).toEqual([expect.objectContaining({ name: "Bench", price: "0.00", priceCurrency: "GBP", availability: "https://schema.org/InStock" })]);
      // The only section is chosen already; one seat is the default.
      await expect(page.getByRole("radio", { name: "Bench" })).toBeChecked();
      const hold = page.getByRole("button", { name: "Hold 1 seat" });
      await tabTo(page, hold);
      await page.keyboard.press("Enter");

      await expect(page).toHaveURL(/\/book\/[A-Z0-9]+$/);
      expect(await horizontalOverflow(page)).toBe(0);
      await expect(page.getByTestId("payment-policy")).toHaveCount(0);
      const name = page.getByLabel("Name", { exact: true });
      await tabTo(page, name);
      await page.keyboard.type("Kit Baker");
      await page.keyboard.press("Tab");
      await page.keyboard.type(`kit-${Date.now()}@example.test`);
      const confirm = page.getByRole("button", { name: "Confirm booking" });
      await tabTo(page, confirm);
      await page.keyboard.press("Enter");

      await expect(page).toHaveURL(/\/reservations\/[A-Z0-9]+\/confirmed$/);
      await expect(page.getByText("1 seat in Bench at Sourdough masterclass, The Larder House, on")).toBeVisible();
      await expect(page.getByTestId("payment-status")).toHaveCount(0);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("a cancelled experience says so on its page, offers nothing to book, and tells search engines it is cancelled", async ({ page }) => {
    const { sql } = e2eDb();
    const [restaurant] = await sql`select id from restaurants where slug = 'yakitori-hoshi'`;
    const [x] = await sql`
      insert into experiences (restaurant_id, name, starts_at, ends_at, service_date, currency, published, cancelled_at)
      values (${restaurant!.id}, 'Cancelled sake night', now() + interval '12 days', now() + interval '12 days 2 hours', (now() + interval '12 days')::date, 'JPY', true, now())
      returning id`;
    await sql`insert into experience_sections (experience_id, name, capacity, price_cents, position) values (${x!.id}, 'Counter', 8, 9000, 0)`;

    await page.goto(`/r/yakitori-hoshi/experiences/${x!.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "Cancelled sake night" })).toBeVisible();
    await expect(page.getByTestId("experience-cancelled")).toContainText("This experience was cancelled.");
    await expect(page.getByRole("button", { name: /^Hold/ })).toHaveCount(0);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    const event = await jsonLdEvent(page);
    expect(event.eventStatus).toBe("https://schema.org/EventCancelled");
    expect(event.offers[0]).toMatchObject({ price: "9000", priceCurrency: "JPY", availability: "https://schema.org/SoldOut" });

    // Not listed on the restaurant page; an unknown id is a plain 404.
    await page.goto("/r/yakitori-hoshi");
    await expect(page.getByTestId("experience-item").filter({ hasText: "Cancelled sake night" })).toHaveCount(0);
    const missing = await page.goto("/r/yakitori-hoshi/experiences/00000000-0000-4000-8000-000000000000");
    expect(missing?.status()).toBe(404);
  });
});
