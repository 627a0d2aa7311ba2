import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "@playwright/test";
import { e2eDb } from "../support/db";
import { e2eStripeUrlFile } from "../support/env";
import { createStaffedRestaurant, expect, localDate, newPerson, signIn, slotName, test, word } from "./support/fixtures";

/**
 * The card guarantee end to end, through the local server that speaks Stripe's API and hosts its
 * checkout (the development checkout is refused in production builds such as this one): the diner
 * saves a card in setup mode, staff mark a no-show in the day book, and the fee is charged off-session
 * exactly once, as Stripe's own record of PaymentIntents shows; a card declined at that moment is
 * shown to the owner as failed and not charged again.
 */

interface StripePaymentIntent {
  id: string;
  amount: number;
  currency: string;
  status: string;
  // Checkout-made PaymentIntents of other tests (deposits) may carry none.
  metadata?: Record<string, string>;
}

/** What the Stripe stand-in holds for this reservation: every PaymentIntent created, declined ones too. */
async function paymentIntentsFor(reservationId: string): Promise<StripePaymentIntent[]> {
  const url = readFileSync(e2eStripeUrlFile(), "utf8").trim();
  const res = await fetch(`${url}/v1/payment_intents`, { headers: { authorization: "Bearer sk_test_e2e" } });
  const list = (await res.json()) as { data: StripePaymentIntent[] };
  return list.data.filter((pi) => pi.metadata?.reservation_id === reservationId);
}

/**
 * A fixed-offset zone where it is about 10:00 now, so today's whole service (12:00–22:00) is still
 * ahead and staff may mark today's bookings as no-shows whenever the test runs.
 */
function morningZone(): string {
  let offset = 10 - new Date().getUTCHours();
  if (offset < -12) offset += 24;
  // Etc/GMT names count the other way round: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

/** A diner books a party of 2 at `time` today and saves a card at the checkout ("Pay" or the declined-later card). */
async function bookWithCard(diner: BrowserContext, slug: string, date: string, time: string, guest: string, button: string): Promise<{ page: Page; code: string }> {
  const d = await diner.newPage();
  await d.goto(`/r/${slug}?date=${date}&party_size=2`);
  await expect(d.getByTestId("payment-policy")).toContainText("A card is saved when you book but nothing is charged; a fee of €15 per person is charged only");
  await d.getByRole("button", { name: slotName(time, date, 2) }).click();
  await expect(d).toHaveURL(/\/book\/[A-Z0-9]+$/);
  const code = new URL(d.url()).pathname.split("/").pop()!;
  await expect(d.getByTestId("payment-policy")).toContainText("a fee of €15 per person (€30 for your party of 2) is charged only");
  await d.getByLabel("Name", { exact: true }).fill(guest);
  await d.getByLabel("Email", { exact: true }).fill(`${guest.toLowerCase().replace(/\W+/g, "-")}@example.test`);
  await d.getByRole("button", { name: "Continue to save a card" }).click();

  // Stripe's checkout in setup mode: a card is saved, nothing is charged.
  await expect(d.getByRole("heading", { name: "Test checkout" })).toBeVisible();
  await expect(d.getByText("Save a card", { exact: true })).toBeVisible();
  await d.getByRole("button", { name: button, exact: true }).click();
  await expect(d).toHaveURL(new RegExp(`/reservations/${code}/confirmed$`));
  await expect(d.getByTestId("booking-code")).toHaveText(code);
  await expect(d.getByTestId("payment-status")).toContainText("Your card is saved and nothing has been charged. A fee of €30 is charged only if you");
  return { page: d, code };
}

async function markNoShow(page: Page, guest: string) {
  await page.getByRole("button", { name: new RegExp(`^${guest}, party of 2`) }).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(guest) });
  await expect(dialog.getByText("Card on file. A no-show or a late cancel charges €30; nothing has been charged.")).toBeVisible();
  await dialog.getByRole("button", { name: "No-show" }).click();
  await dialog.getByRole("button", { name: "Yes, mark no-show" }).click();
  await expect(dialog).toBeHidden();
}

async function openDialog(page: Page, guest: string) {
  await page.getByRole("button", { name: new RegExp(`^${guest}, party of 2, .*No-show`) }).click();
  return page.getByRole("dialog", { name: new RegExp(guest) });
}

test.describe("card guarantee", () => {
  test.setTimeout(90_000);

  test("a diner saves a card; a no-show charges the fee off-session once and the owner sees it; a declined fee is shown and not retried", async ({ page, browser }) => {
    const r = await createStaffedRestaurant(morningZone());
    await e2eDb().sql`update restaurants set currency = 'EUR', deposit_cents = 0, no_show_fee_cents = 1500, cancellation_cutoff_minutes = 120 where id = ${r.id}`;
    const date = localDate(r.timezone, 0);
    const w = word();
    const kept = `Cara ${w}`;
    const declined = `Dora ${w}`;

    const diner = await newPerson(browser);
    const other = await newPerson(browser);
    try {
      const { code } = await bookWithCard(diner, r.slug, date, "19:00", kept, "Pay");
      const { code: declinedCode } = await bookWithCard(other, r.slug, date, "20:00", declined, "Save a card that is declined later");
      const [booking] = await e2eDb().sql`select r.id, r.status, p.status as payment from reservations r join payments p on p.reservation_id = r.id where r.code = ${code}`;
      expect(booking).toMatchObject({ status: "confirmed", payment: "card_saved" });
      const [declinedBooking] = await e2eDb().sql`select id from reservations where code = ${declinedCode}`;
      // Saving a card charged nothing.
      expect(await paymentIntentsFor(booking!.id as string)).toEqual([]);

      // Staff mark the no-show in the day book: the fee is charged to the saved card, off-session, once.
      await signIn(page, r.staff.owner, `/manage/${r.slug}?date=${date}`);
      await markNoShow(page, kept);
      await expect.poll(async () => (await paymentIntentsFor(booking!.id as string)).length).toBe(1);
      const [charge] = await paymentIntentsFor(booking!.id as string);
      expect(charge).toMatchObject({ amount: 3000, currency: "eur", status: "succeeded" });

      const dialog = await openDialog(page, kept);
      await expect(dialog.getByText("No-show fee of €30 charged to the saved card.")).toBeVisible();
      await page.keyboard.press("Escape");

      // The declined card: the owner is told, and nothing tries again.
      await markNoShow(page, declined);
      await expect.poll(async () => (await paymentIntentsFor(declinedBooking!.id as string)).length).toBe(1);
      const [attempt] = await paymentIntentsFor(declinedBooking!.id as string);
      expect(attempt).toMatchObject({ amount: 3000, status: "requires_payment_method" });
      const failed = await openDialog(page, declined);
      await expect(failed.getByText("Charging the no-show fee of €30 failed: Your card has insufficient funds. It is not retried.")).toBeVisible();
      await page.keyboard.press("Escape");

      // The sweeper and a fresh look at the book change nothing: still one charge each.
      await page.goto("/dev/mailbox");
      await page.getByRole("button", { name: "Run the sweeper now" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Sweeper ran:" })).toBeVisible();
      await page.goto(`/manage/${r.slug}?date=${date}`);
      await expect(page.getByRole("button", { name: new RegExp(`^${declined}, party of 2, .*No-show`) })).toBeVisible();
      expect(await paymentIntentsFor(booking!.id as string)).toHaveLength(1);
      expect(await paymentIntentsFor(declinedBooking!.id as string)).toHaveLength(1);
      const payments = await e2eDb().sql`select r.code, p.status, p.captured_cents from payments p join reservations r on r.id = p.reservation_id where r.code in (${code}, ${declinedCode}) order by r.code = ${code} desc`;
      expect(payments.map((p) => [p.status, p.captured_cents])).toEqual([
        ["charged", 3000],
        ["failed", 0],
      ]);
    } finally {
      await diner.close();
      await other.close();
    }
  });
});
