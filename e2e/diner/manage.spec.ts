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
  test("changing time and party size from the emailed link moves the same booking: same code, kept details, one calendar event, an update email", async ({ page, browser }) => {
    // Two bookings' worth of pages on a shared machine.
    test.setTimeout(90_000);
    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 2 }, { minSeats: 2, maxSeats: 6 }] });
    const date = localDate(r.timezone, 2);
    const email = `chris-${r.word}@example.test`;
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(page).toHaveURL(/\/book\//);
    const code = await fillDetailsAndConfirm(page, { name: "Chris Change", email, phone: "+44 20 7946 0000", requests: "One guest is coeliac" });
    const manageHref = (await page.getByRole("link", { name: "Manage or cancel this booking" }).getAttribute("href"))!;
    const before = await reservationByCode(code);

    // From the emailed link, on another device: no cookie, only the token in the link.
    const phone = await newGuest(browser);
    try {
      const p = await phone.newPage();
      await p.goto(manageHref);
      await expect(p.getByRole("heading", { name: "Change time or party size" })).toBeVisible();
      await expect(p.getByLabel("Date", { exact: true })).toHaveValue(date);
      await p.getByLabel("Party size", { exact: true }).selectOption("4");
      await p.getByRole("button", { name: slotName("21:30", date, 4) }).click();

      await expect(p).toHaveURL(new RegExp(`/book/[A-Z0-9]+\\?replaces=${code}$`));
      const holdCode = codeFromUrl(p.url());
      await expect(p.getByRole("heading", { level: 1, name: "Confirm your change" })).toBeVisible();
      await expect(p.getByTestId("replaces-note")).toContainText(code);
      // Until the new time is confirmed, the booking stands; the form starts from its details.
      expect((await reservationByCode(code))?.status).toBe("confirmed");
      expect((await reservationByCode(holdCode))?.status).toBe("held");
      await expect(p.getByLabel("Name", { exact: true })).toHaveValue("Chris Change");
      // Kept as stored: numbers are saved in international form.
      await expect(p.getByLabel(/^Phone/)).toHaveValue("+442079460000");
      await expect(p.getByLabel(/^Special requests/)).toHaveValue("One guest is coeliac");

      await p.getByRole("button", { name: "Confirm booking" }).click();
      await expect(p).toHaveURL(new RegExp(`/reservations/${code}/confirmed$`));
      await expect(p.getByRole("heading", { level: 1, name: "Your booking is changed" })).toBeVisible();
      await expect(p.getByTestId("booking-code")).toHaveText(code);

      const after = await reservationByCode(code);
      expect(after).toMatchObject({ id: before!.id, status: "confirmed", party_size: 4, guest_name: "Chris Change" });
      expect(after!.startsAt.getTime()).toBe(before!.startsAt.getTime() + 150 * 60_000);
      expect((await reservationByCode(holdCode))?.status).toBe("expired");

      // The old manage link opens the same booking, now at 21:30.
      await p.goto(manageHref);
      await expect(p.getByTestId("reservation-status")).toHaveText("Confirmed");
      await expect(p.getByText("21:30").first()).toBeVisible();

      // One calendar event: the same UID, a higher SEQUENCE, the new time.
      const ics = await (await p.request.get(`/reservations/${code}/calendar.ics?${new URL(manageHref, "http://x").searchParams.toString()}`)).text();
      expect(ics).toContain(`UID:${before!.id}@tablekeep`);
      expect(ics).toMatch(/\r\nSEQUENCE:1\r\n/);
      expect(ics).toContain(`DTSTART:${after!.startsAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);

      // Exactly one "updated" message is queued for the change, to the diner.
      const queued = await e2eDb().sql`select kind, revision, to_email from notifications where reservation_id = ${before!.id} order by created_at`;
      expect(queued.filter((n) => n.kind === "updated")).toEqual([{ kind: "updated", revision: 1, to_email: email }]);
    } finally {
      await phone.close();
    }
  });

  test("a booking moves half an hour later on the only table: its own time does not count as taken", async ({ page }) => {
    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }] });
    const date = localDate(r.timezone, 2);
    await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    await page.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    const code = await fillDetailsAndConfirm(page, { name: "Sam Shift", email: `sam-${r.word}@example.test` });
    await page.goto(`/reservations/${code}`);
    await expect(page.getByRole("heading", { name: "Change time or party size" })).toBeVisible();
    await page.getByRole("button", { name: slotName("19:30", date, 2) }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your change" })).toBeVisible();
    await page.getByRole("button", { name: "Confirm booking" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your booking is changed" })).toBeVisible();
    const after = await reservationByCode(code);
    expect(after?.status).toBe("confirmed");
    // Everyone else still sees the table taken then.
    const day = await (await page.request.get(`/api/v1/restaurants/${r.id}/availability?date=${date}&party_size=2`)).json();
    expect(day.slots.find((s: { local_time: string }) => s.local_time === "19:30").available).toBe(false);
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
