import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { devMailbox, diningTables, reservations, waitlistEntries } from "@/db/schema";
import { newManageToken } from "@/lib/reservations/secrets";
import { insertMember, insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createAccount, signIn } from "../owner/support/fixtures";
import { createRestaurant, expect, horizontalOverflow, localDate, longDate, newGuest, tabTo, test } from "./support/fixtures";

/**
 * "Notify me" end to end: a diner joins the waitlist for a full evening, another diner cancels, the
 * freed table is held for the first and the offer reaches the (development) mailbox, and the diner
 * confirms from its link within the hold. The host sees the entry in the day book on a phone-sized
 * screen, waiting and then booked.
 */
test("a diner joins the waitlist for a full evening, another cancels, and the first confirms the offer from the mailbox", async ({ browser, page, request }) => {
  // Two browsers, two sign-ins, a sweep and a booking: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  const { db } = e2eDb();
  // One table, one seating at 19:00: a single booking fills the evening.
  const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }], firstSeating: "19:00", lastSeating: "19:00", holdMinutes: 10 });
  const owner = await createAccount("owner");
  await insertMember(db, r.id, owner.id, "owner");
  const date = localDate(r.timezone, 3);
  const [table] = await db.select({ id: diningTables.id }).from(diningTables).where(eq(diningTables.restaurantId, r.id));
  const startsAt = DateTime.fromISO(`${date}T19:00`, { zone: r.timezone }).toJSDate();
  const other = await insertReservation(db, { restaurantId: r.id, tableId: table!.id, startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), serviceDate: date });
  const otherToken = newManageToken();
  await db.update(reservations).set({ manageTokenHash: otherToken.hash, guestName: "Other Diner", guestEmail: "other@example.test" }).where(eq(reservations.id, other.id));

  // The diner finds the evening full and joins the waitlist.
  const diner = await newGuest(browser);
  const dp = await diner.newPage();
  const dinerEmail = `waiting-${r.word}@example.test`;
  await dp.goto(`/r/${r.slug}?date=${date}&party_size=2`);
  await expect(dp.getByTestId("empty-day")).toContainText(`No times left for 2 people on ${longDate(date)}.`);
  const form = dp.getByTestId("waitlist-form");
  await form.getByLabel(/Email for the offer/).fill(dinerEmail);
  await form.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(dp.getByTestId("waitlist-joined")).toContainText("You are on the waitlist");
  const [entry] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.email, dinerEmail));
  expect(entry).toMatchObject({ status: "waiting", serviceDate: date, partySize: 2 });

  // The host sees it in the day book, on a phone, and can reach its button by keyboard.
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, owner, `/manage/${r.slug}?date=${date}`);
  const list = page.getByTestId("book-waitlist");
  const row = list.getByTestId("waitlist-entry").filter({ hasText: dinerEmail });
  await expect(row).toContainText("Waiting");
  await expect(row).toContainText("Party of 2");
  await tabTo(page, row.getByRole("button", { name: "Offer a table" }), 200);
  expect(await horizontalOverflow(page)).toBe(0);

  // The other diner cancels with their manage token: the table is free.
  const cancelled = await request.post(`/api/v1/reservations/${other.id}/cancel`, { headers: { "x-manage-token": otherToken.token } });
  expect(cancelled.status()).toBe(200);

  // The jobs offer it (the mailbox's button runs the same sweep the scheduler does every minute).
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/dev/mailbox");
  await page.getByRole("button", { name: "Run the sweeper now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sweeper ran:" })).toBeVisible();
  await expect.poll(async () => (await db.select().from(devMailbox)).filter((m) => m.toAddresses.includes(dinerEmail)).length).toBe(1);
  const [mail] = (await db.select().from(devMailbox)).filter((m) => m.toAddresses.includes(dinerEmail));
  const link = new URL(mail!.html.match(/href="([^"]*\/waitlist\/offer\/[^"]+)"/)![1]!.replace(/&amp;/g, "&"));

  // The diner confirms from the link, within the hold.
  await dp.goto(link.pathname + link.search);
  await expect(dp).toHaveURL(/\/book\/[A-Z0-9]+$/);
  await dp.getByLabel("Name", { exact: true }).fill("Wanda Waiting");
  await expect(dp.getByLabel("Email", { exact: true })).toHaveValue(dinerEmail);
  await dp.getByRole("button", { name: "Confirm booking" }).click();
  await expect(dp).toHaveURL(/\/reservations\/[A-Z0-9]+\/confirmed$/);
  await expect(dp.getByRole("heading", { level: 1, name: "You’re booked" })).toBeVisible();
  const [offered] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.id, entry!.id));
  const [booking] = await db.select().from(reservations).where(eq(reservations.id, offered!.offerReservationId!));
  expect(booking).toMatchObject({ status: "confirmed", tableId: table!.id, guestEmail: dinerEmail, guestName: "Wanda Waiting" });

  // The book shows the entry booked.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/manage/${r.slug}?date=${date}`);
  await expect(row).toContainText("Booked");
  await expect(row).toContainText(booking!.code);
  await page.screenshot({ path: "test-results/e2e/waitlist-day-book-390.png", fullPage: true });
  await diner.close();
});
