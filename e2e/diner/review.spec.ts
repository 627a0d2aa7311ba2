import { and, eq } from "drizzle-orm";
import { devMailbox, notifications, reservations } from "@/db/schema";
import { insertReservation } from "@/lib/testing/fixtures";
import { e2eDb } from "../support/db";
import { createStaffedRestaurant, expect, localDate, newPerson, signIn, test } from "../owner/support/fixtures";

/**
 * A verified review end to end: the host finishes a visit, the review request reaches the (development)
 * mailbox the next morning, the guest reviews from its link without an account, the owner replies from
 * the workspace, and both appear on the restaurant page.
 */
test("a diner reviews a completed visit from the emailed link and it appears on the restaurant page with the owner's reply", async ({ browser, page, request }) => {
  const { db } = e2eDb();
  const r = await createStaffedRestaurant("Europe/London");
  const yesterday = localDate(r.timezone, -1);
  const startsAt = new Date(`${yesterday}T19:00:00Z`);
  const visit = await insertReservation(db, { restaurantId: r.id, tableId: r.tables[1]!.id, startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), status: "seated", serviceDate: yesterday });
  const guestEmail = `guest-${visit.code.toLowerCase()}@example.test`;
  await db.update(reservations).set({ guestName: "Rosa Lindqvist", guestEmail }).where(eq(reservations.id, visit.id));

  // The host finishes the visit (API, as the book does): the request is queued for the next morning.
  const token = (await (await request.post("/api/v1/auth/token", { data: { email: r.staff.host.email, password: r.staff.host.password } })).json()).token;
  const finished = await request.patch(`/api/v1/reservations/${visit.id}`, { data: { status: "completed" }, headers: { authorization: `Bearer ${token}` } });
  expect(finished.status()).toBe(200);
  // The morning has come.
  await db.update(notifications).set({ sendAfter: new Date() }).where(and(eq(notifications.reservationId, visit.id), eq(notifications.kind, "review_request")));

  // The owner runs the sweeper from the development mailbox, which sends due messages.
  await signIn(page, r.staff.owner, "/dev/mailbox");
  await page.getByRole("button", { name: "Run the sweeper now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sweeper ran:" })).toBeVisible();
  await expect.poll(async () => (await db.select().from(devMailbox)).filter((m) => m.toAddresses.includes(guestEmail)).length).toBe(1);
  const [mail] = (await db.select().from(devMailbox)).filter((m) => m.toAddresses.includes(guestEmail));
  expect(mail!.subject).toBe(`How was ${r.name}?`);
  const link = mail!.html.match(/href="([^"]*\/review\?token=[^"]+)"/)![1]!.replace(/&amp;/g, "&");

  // The guest, not signed in, in a browser of their own.
  const guest = await newPerson(browser);
  const gp = await guest.newPage();
  await gp.goto(new URL(link).pathname + new URL(link).search);
  await expect(gp.getByRole("heading", { level: 1, name: `Your visit to ${r.name}` })).toBeVisible();
  await gp.getByRole("radio", { name: /^4 stars/ }).check({ force: true });
  await gp.getByLabel(/What was it like/).fill("Crisp fish, <b>warm</b> service.");
  await gp.getByRole("button", { name: "Publish review" }).click();
  await expect(gp.getByRole("status").filter({ hasText: "Thank you, your review is saved." })).toBeVisible();

  // The owner replies from the workspace.
  await page.goto(`/manage/${r.slug}/reviews`);
  const item = page.getByTestId("owner-review").filter({ hasText: "Crisp fish" });
  await expect(item).toContainText("Rosa L.");
  await item.getByLabel("Reply publicly").fill("Thank you, Rosa. See you soon!");
  await item.getByRole("button", { name: "Publish reply" }).click();
  await expect(item.getByRole("status").filter({ hasText: "Reply published." })).toBeVisible();

  // Anyone sees both on the restaurant page, the text escaped as typed.
  await gp.goto(`/r/${r.slug}`);
  const reviews = gp.getByTestId("reviews");
  await expect(reviews.getByTestId("rating-average")).toHaveText("4");
  await expect(reviews.getByTestId("rating-count")).toContainText("1 review");
  const review = reviews.getByTestId("review").first();
  await expect(review).toContainText("Rosa L.");
  await expect(review).toContainText("Crisp fish, <b>warm</b> service.");
  await expect(review.getByTestId("review-reply")).toContainText("Thank you, Rosa. See you soon!");
  const jsonLd = JSON.parse((await gp.locator('script[type="application/ld+json"]').first().textContent())!);
  expect(jsonLd.aggregateRating).toMatchObject({ ratingValue: 4, reviewCount: 1 });
  expect(jsonLd.review[0]).toMatchObject({ reviewRating: { ratingValue: 4 }, author: { name: "Rosa L." } });
  await guest.close();
});
