import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, localDate, newPerson, signIn, slotName, test, word } from "./support/fixtures";

/**
 * Money end to end, through a local server that speaks Stripe's API and hosts its checkout page
 * (the development checkout is refused in production builds such as this one): the webhook it signs
 * and delivers is what confirms the booking.
 */
test.describe("deposits", () => {
  test("a diner pays a deposit and sees it; the owner refunds part from the book; the diner cancels in time and gets the rest", async ({ page, browser }) => {
    const r = await createStaffedRestaurant();
    await e2eDb().sql`update restaurants set currency = 'EUR', deposit_cents = 2000, deposit_min_party_size = 0, cancellation_cutoff_minutes = 120 where id = ${r.id}`;
    const date = localDate(r.timezone, 2);
    const w = word();
    const guest = `Dee ${w}`;

    const diner = await newPerson(browser);
    try {
      const d = await diner.newPage();
      // The policy is stated before the diner commits: on the restaurant page and with the party's total.
      await d.goto(`/r/${r.slug}?date=${date}&party_size=2`);
      await expect(d.getByTestId("payment-policy")).toContainText("A deposit of €20 per person is taken when you book");
      await d.getByRole("button", { name: slotName("19:00", date, 2) }).click();
      await expect(d).toHaveURL(/\/book\/[A-Z0-9]+$/);
      const code = new URL(d.url()).pathname.split("/").pop()!;
      await expect(d.getByTestId("payment-policy")).toContainText("A deposit of €20 per person (€40 for your party of 2) is taken when you book and returned in full if you cancel before");
      await d.getByLabel("Name", { exact: true }).fill(guest);
      await d.getByLabel("Email", { exact: true }).fill(`dee-${w}@example.test`);
      await d.getByRole("button", { name: "Continue to payment" }).click();

      // Stripe's checkout (the stand-in): pay, and come back confirmed.
      await expect(d.getByRole("heading", { name: "Test checkout" })).toBeVisible();
      await expect(d.getByText("Pay 40.00 EUR")).toBeVisible();
      await d.getByRole("button", { name: "Pay" }).click();
      await expect(d).toHaveURL(new RegExp(`/reservations/${code}/confirmed$`));
      await expect(d.getByTestId("booking-code")).toHaveText(code);
      await expect(d.getByTestId("payment-status")).toContainText("You paid a deposit of €40. It is returned in full if you cancel before");
      const [mail] = await e2eDb().sql`select count(*)::int as n from notifications n join reservations r on r.id = n.reservation_id where r.code = ${code} and n.kind = 'confirmation'`;
      expect(mail?.n).toBe(1);

      // The owner sees the deposit in the book and refunds part of it, confirming first.
      await signIn(page, r.staff.owner, `/manage/${r.slug}?date=${date}`);
      const block = page.getByRole("button", { name: new RegExp(`^${guest}, party of 2, 19:00 to 20:30, table T\\d, Confirmed, deposit paid$`) });
      await expect(block).toBeVisible();
      await block.click();
      const dialog = page.getByRole("dialog", { name: new RegExp(guest) });
      await expect(dialog.getByText("Deposit of €40 paid.")).toBeVisible();
      const amount = dialog.getByLabel("Amount to refund (EUR)");
      await expect(amount).toHaveValue("40");
      await amount.fill("15");
      await dialog.getByRole("button", { name: "Refund…" }).click();
      await expect(dialog.getByText(`Refund €15 to ${guest}’s card? It cannot be undone.`)).toBeVisible();
      await dialog.getByRole("button", { name: `Yes, refund €15` }).click();
      await expect(dialog.getByRole("status").filter({ hasText: "€15 refunded." })).toBeVisible();
      await expect(dialog.getByText("Deposit of €40 paid; €15 refunded.")).toBeVisible();
      await expect(amount).toHaveValue("25");
      const [paid] = await e2eDb().sql`select p.status, p.refunded_cents from payments p join reservations r on r.id = p.reservation_id where r.code = ${code}`;
      expect(paid).toMatchObject({ status: "partially_refunded", refunded_cents: 1500 });

      // The diner sees it, cancels before the cut-off, and the rest comes back.
      await d.goto(`/reservations/${code}`);
      await expect(d.getByTestId("payment-status")).toContainText("€15 of your deposit of €40 has been refunded.");
      await d.getByRole("button", { name: "Cancel reservation" }).click();
      await expect(d.getByText("The rest of your deposit (€25) will be refunded.", { exact: false })).toBeVisible();
      await d.getByRole("button", { name: "Yes, cancel it" }).click();
      await expect(d.getByTestId("reservation-status")).toHaveText("Cancelled");
      await expect(d.getByTestId("payment-status")).toContainText("Your deposit of €40 has been refunded in full.");
      const [after] = await e2eDb().sql`select p.status, p.refunded_cents from payments p join reservations r on r.id = p.reservation_id where r.code = ${code}`;
      expect(after).toMatchObject({ status: "refunded", refunded_cents: 4000 });
    } finally {
      await diner.close();
    }
  });
});
