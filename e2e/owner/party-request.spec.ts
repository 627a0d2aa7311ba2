import { insertTable } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, horizontalOverflow, localDate, newPerson, seriousA11yViolations, signIn, test } from "./support/fixtures";

/**
 * Large parties: a group above the online maximum asks for a table from the restaurant page (on a
 * phone), the restaurant is emailed once through the outbox, and staff answer from the day book.
 */
test.describe("large-party requests", () => {
  test.setTimeout(90_000);

  test("a group of 10 requests a table on a phone; the host accepts it at the big table and the group is booked", async ({ page, browser }) => {
    const r = await createStaffedRestaurant();
    const big = await insertTable(e2eDb().db, r.id, { label: "Big", minSeats: 6, maxSeats: 12 });
    const date = localDate(r.timezone, 3);
    const email = `group-${r.slug}@example.test`;

    const diner = await newPerson(browser, { viewport: { width: 390, height: 844 } });
    try {
      const p = await diner.newPage();
      await p.goto(`/r/${r.slug}?party_size=10`);
      const form = p.getByRole("form", { name: "Request a table" });
      await expect(form.getByLabel("Party size")).toHaveValue("10");
      expect(await seriousA11yViolations(p)).toEqual([]);
      expect(await horizontalOverflow(p)).toBe(0);
      await form.getByLabel("Date").fill(date);
      await form.getByLabel("Time").fill("19:30");
      await form.getByLabel("Name").fill("Grace Group");
      await form.getByLabel("Email").fill(email);
      await form.getByLabel(/^Notes/).fill("A retirement dinner.");
      await form.getByRole("button", { name: "Send request" }).click();
      await expect(p.getByTestId("party-request-sent")).toContainText(`Your request is with ${r.name}.`);
      await expect(p.getByTestId("party-request-sent")).toContainText(email);
      expect(await seriousA11yViolations(p)).toEqual([]);
    } finally {
      await diner.close();
    }

    const [request] = await e2eDb().sql`select id, status, party_size, name, email from party_requests where restaurant_id = ${r.id}`;
    expect(request).toMatchObject({ status: "pending", party_size: 10, name: "Grace Group", email });
    // One email to the restaurant, queued with the request.
    const toRestaurant = await e2eDb().sql`select kind, to_email from notifications where party_request_id = ${request!.id}`;
    expect(toRestaurant).toEqual([{ kind: "party_request", to_email: r.staff.owner.email }]);

    await signIn(page, r.staff.host, `/manage/${r.slug}?date=${date}`);
    const section = page.getByTestId("party-requests");
    const row = section.getByTestId("party-request");
    await expect(row).toContainText("Grace Group: party of 10 at 19:30");
    await expect(row).toContainText("A retirement dinner.");
    await row.getByRole("button", { name: "Accept…" }).click();
    const accept = row.getByRole("form", { name: "Accept Grace Group's request" });
    await expect(accept.getByLabel("Time")).toHaveValue("19:30");
    await accept.getByLabel("Table").selectOption({ label: "Big (6–12 seats)" });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await accept.getByRole("button", { name: "Accept and book" }).click();
    await expect(row).toContainText(/Booked for 19:30 at table Big \(booking [A-Z0-9]+\)/);
    await expect(row).toContainText("Accepted");

    const [booking] = await e2eDb().sql`select id, status, party_size, table_id, guest_email, special_requests from reservations where restaurant_id = ${r.id}`;
    expect(booking).toMatchObject({ status: "confirmed", party_size: 10, table_id: big.id, guest_email: email, special_requests: "A retirement dinner." });
    const toGroup = await e2eDb().sql`select kind, to_email from notifications where reservation_id = ${booking!.id} and kind = 'confirmation'`;
    expect(toGroup).toEqual([{ kind: "confirmation", to_email: email }]);
  });

  test("the owner declines a request with a message, which is queued to the group", async ({ page }) => {
    const r = await createStaffedRestaurant();
    const date = localDate(r.timezone, 4);
    const [request] = await e2eDb().sql`
      insert into party_requests (restaurant_id, service_date, local_time, party_size, name, email)
      values (${r.id}, ${date}, '20:00', 16, 'Dev Dinner', 'dev@example.test') returning id`;
    await signIn(page, r.staff.owner, `/manage/${r.slug}?date=${date}`);
    const row = page.getByTestId("party-request");
    await row.getByRole("button", { name: "Decline…" }).click();
    const form = row.getByRole("form", { name: "Decline Dev Dinner's request" });
    await form.getByRole("button", { name: "Decline and send" }).click();
    await expect(form.getByText("Say why, or what you can offer instead.")).toBeVisible();
    await form.getByLabel("Message to the group").fill("We are closed for a private event that evening.");
    await form.getByRole("button", { name: "Decline and send" }).click();
    await expect(row).toContainText("Declined: “We are closed for a private event that evening.”");
    const rows = await e2eDb().sql`select kind, to_email from notifications where party_request_id = ${request!.id}`;
    expect(rows).toEqual([{ kind: "party_request_declined", to_email: "dev@example.test" }]);
  });
});
