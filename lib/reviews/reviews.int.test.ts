import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { devMailbox, notifications, reservations, restaurants, reviews } from "@/db/schema";
import { searchRestaurantsHandler } from "@/lib/api/routes/restaurants";
import { editReviewHandler, listReviewsHandler, replyHandler, submitReviewHandler } from "@/lib/api/routes/reviews";
import { call, tokenFor } from "@/lib/api/testing";
import { fixedClock } from "@/lib/clock";
import { dispatchNotification } from "@/lib/notifications/dispatch";
import { manageLinkFor, reviewLinkFor, signReviewLink } from "@/lib/notifications/links";
import { createMailboxTransport } from "@/lib/notifications/transport";
import { updateReservationStatus } from "@/lib/reservations";
import { newManageToken } from "@/lib/reservations/secrets";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertRestaurantWith, insertTable, insertUser } from "@/lib/testing/fixtures";
import { getRatingDistribution, listRestaurantReviews } from "./reviews";

/**
 * Verified reviews through the HTTP routes: only the diner of a completed visit (by session, manage
 * token or the emailed link) may review it, once, within 60 days; the restaurant's totals stay equal
 * to its reviews; only the owner or a manager may reply.
 */
let t: TestDb;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type User = Awaited<ReturnType<typeof insertUser>>;
let restaurant: Awaited<ReturnType<typeof insertRestaurant>>;
let owner: User, manager: User, host: User, diner: User, stranger: User;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await openTestApp({ max: 20 });
  const r = await insertRestaurantWith(t.db, {
    restaurant: { timezone: "Europe/Paris" },
    sessions: [{}],
    staff: { owner: { name: "Olive Owner" }, manager: { name: "Max Manager" }, host: { name: "Hal Host" } },
  });
  restaurant = r.restaurant;
  [owner, manager, host] = [r.staff.owner!, r.staff.manager!, r.staff.host!];
  diner = await insertUser(t.db, { name: "Dana Diner" });
  stranger = await insertUser(t.db, { name: "Sam Stranger" });
  for (const [k, u] of Object.entries({ owner, manager, host, diner, stranger })) tokens[k] = await tokenFor(u);
});
afterAll(() => closeTestApp(t));

/** A visit that ended `daysAgo` days ago (each at its own table, so none overlap), with the given state. */
async function visit(options: { daysAgo?: number; status?: "completed" | "confirmed" | "seated" | "no_show"; userId?: string; guestName?: string } = {}) {
  const start = new Date(Date.now() - (options.daysAgo ?? 1) * DAY - 3 * HOUR);
  const table = await insertTable(t.db, restaurant.id, { maxSeats: 4 });
  const row = await insertReservation(t.db, { restaurantId: restaurant.id, tableId: table.id, startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR), status: options.status ?? "completed" });
  const manage = newManageToken();
  const [updated] = await t.db
    .update(reservations)
    .set({ userId: options.userId ?? null, guestName: options.guestName ?? "Ana María Pereira", guestEmail: "ana@example.test", manageTokenHash: manage.hash })
    .where(eq(reservations.id, row.id))
    .returning();
  return { ...updated!, manageToken: manage.token };
}

const post = (id: string, body: unknown, auth: { token?: string; manage?: string } = {}) =>
  call(submitReviewHandler, { params: { id }, body, token: auth.token, headers: auth.manage ? { "x-manage-token": auth.manage } : {} });
const patch = (id: string, body: unknown, auth: { token?: string; manage?: string } = {}) =>
  call(editReviewHandler, { method: "PATCH", params: { id }, body, token: auth.token, headers: auth.manage ? { "x-manage-token": auth.manage } : {} });
const totals = async () => (await t.db.select({ count: restaurants.ratingCount, sum: restaurants.ratingSum }).from(restaurants).where(eq(restaurants.id, restaurant.id)))[0]!;
const truth = async () => {
  const rows = await t.db.select({ rating: reviews.rating }).from(reviews).where(eq(reviews.restaurantId, restaurant.id));
  return { count: rows.length, sum: rows.reduce((a, r) => a + r.rating, 0) };
};

describe("who may review", () => {
  it("the signed-in diner reviews their completed visit once; a second review is 409 and an edit changes it", async () => {
    const v = await visit({ userId: diner.id });
    const first = await post(v.id, { rating: 4, text: "  Lovely fish.\r\nSlow dessert. " }, { token: tokens.diner });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ rating: 4, text: "Lovely fish.\nSlow dessert.", author: "Ana P.", visited_on: v.serviceDate, reply: null });
    const again = await post(v.id, { rating: 1 }, { token: tokens.diner });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
    const edited = await patch(v.id, { rating: 5 }, { token: tokens.diner });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ id: first.json.id, rating: 5, text: "Lovely fish.\nSlow dessert." });
    expect(await t.db.select().from(reviews).where(eq(reviews.reservationId, v.id))).toHaveLength(1);
  });

  it("a guest reviews with the manage token, the manage link or the review link, and nobody else's works", async () => {
    const byToken = await visit();
    expect((await post(byToken.id, { rating: 5 }, { manage: byToken.manageToken })).status).toBe(201);
    const byManageLink = await visit();
    const manageLink = new URL(manageLinkFor(byManageLink)).searchParams.get("token")!;
    expect((await post(byManageLink.id, { rating: 3 }, { manage: manageLink })).status).toBe(201);
    const byReviewLink = await visit({ daysAgo: 30 });
    const reviewLink = new URL(reviewLinkFor(byReviewLink)).searchParams.get("token")!;
    // Older than the manage link's three days: only the review link still opens it.
    expect((await post(byReviewLink.id, { rating: 2 }, { manage: manageLink })).status).toBe(404);
    expect((await post(byReviewLink.id, { rating: 2 }, { manage: reviewLink })).status).toBe(201);

    // Another visit's link, another diner's session, staff of the restaurant, nobody at all.
    const other = await visit({ userId: diner.id });
    expect((await post(other.id, { rating: 1 }, { manage: reviewLink })).status).toBe(404);
    expect((await post(other.id, { rating: 1 }, { manage: byToken.manageToken })).status).toBe(404);
    expect((await post(other.id, { rating: 1 }, { token: tokens.stranger })).status).toBe(404);
    expect((await post(other.id, { rating: 1 }, { token: tokens.owner })).status).toBe(404);
    expect((await post(other.id, { rating: 1 })).status).toBe(401);
    // A review link does not manage the booking: it is not a manage token.
    expect(signReviewLink(other)).not.toBe(new URL(manageLinkFor(other)).searchParams.get("token"));
    expect(await t.db.select().from(reviews).where(eq(reviews.reservationId, other.id))).toHaveLength(0);
  });

  it("only a completed visit, and only within 60 days of it", async () => {
    for (const status of ["confirmed", "seated", "no_show"] as const) {
      const v = await visit({ status, userId: diner.id });
      const res = await post(v.id, { rating: 5 }, { token: tokens.diner });
      expect(res.status, status).toBe(409);
      expect(res.json.error.code).toBe("invalid_transition");
    }
    const old = await visit({ daysAgo: 61, userId: diner.id });
    const late = await post(old.id, { rating: 5 }, { token: tokens.diner });
    expect(late.status).toBe(422);
    expect(late.json.error.code).toBe("outside_policy");
    // The emailed link says the same once the window has closed.
    const link = new URL(reviewLinkFor(old)).searchParams.get("token")!;
    expect((await post(old.id, { rating: 5 }, { manage: link })).status).toBe(422);
    const recent = await visit({ daysAgo: 59, userId: diner.id });
    expect((await post(recent.id, { rating: 5 }, { token: tokens.diner })).status).toBe(201);
  });

  it("refuses bad input with 400 and changes nothing", async () => {
    const v = await visit({ userId: diner.id });
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: "x" }, {}, { rating: 3, text: "x".repeat(2001) }, { rating: 3, text: "a\u0000b" }]) {
      const res = await post(v.id, body, { token: tokens.diner });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect((await patch(v.id, {}, { token: tokens.diner })).status).toBe(400);
    expect(await t.db.select().from(reviews).where(eq(reviews.reservationId, v.id))).toHaveLength(0);
  });
});

describe("ratings", () => {
  it("the restaurant's totals equal its reviews after writes, edits and racing duplicates; the list, average and distribution agree", async () => {
    const ratings = [5, 4, 4, 2, 1];
    for (const r of ratings) {
      const v = await visit();
      expect((await post(v.id, { rating: r, text: `Gave ${r}` }, { manage: v.manageToken })).status).toBe(201);
    }
    // Ten racing submissions of one visit count once.
    const raced = await visit();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => post(raced.id, { rating: (i % 5) + 1 }, { manage: raced.manageToken })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    // Racing edits of one review leave the totals equal to the ratings stored.
    await Promise.all([1, 2, 3, 4, 5, 3, 2].map((rating) => patch(raced.id, { rating }, { manage: raced.manageToken })));

    const real = await truth();
    expect(await totals()).toEqual(real);
    const list = await call(listReviewsHandler, { params: { id: restaurant.slug }, path: "/api/v1/restaurants/x/reviews?page=1" });
    expect(list.status).toBe(200);
    expect(list.json.rating).toEqual({ count: real.count, average: Math.round((real.sum / real.count) * 100) / 100 });
    expect(list.json.items).toHaveLength(10);
    expect(list.json.items[0]).toEqual({
      id: expect.any(String),
      rating: expect.any(Number),
      text: null,
      author: "Ana P.",
      visited_on: raced.serviceDate,
      reply: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(list.json.next_page).toBe(real.count > 10 ? 2 : null);
    const distribution = await getRatingDistribution(t.db, restaurant.id);
    expect(distribution.map((d) => d.stars)).toEqual([5, 4, 3, 2, 1]);
    expect(distribution.reduce((a, d) => a + d.count, 0)).toBe(real.count);
    expect(distribution.reduce((a, d) => a + d.stars * d.count, 0)).toBe(real.sum);
    const page2 = await listRestaurantReviews(t.db, { restaurant: restaurant.id, principal: null, page: 2 });
    expect(page2.items.length).toBe(Math.min(10, real.count - 10));
  });

  it("search filters by minimum rating and sorts by rating, unreviewed last", async () => {
    const city = `Ratingville-${Date.now()}`;
    const make = (name: string, sum: number, count: number) => insertRestaurant(t.db, { name, city, ratingSum: sum, ratingCount: count });
    await make("Four point five", 9, 2);
    await make("Exactly four", 8, 2);
    await make("Three and a bit", 10, 3);
    await make("Unreviewed", 0, 0);
    const names = async (q: string) => {
      const res = await call(searchRestaurantsHandler, { path: `/api/v1/restaurants?city=${city}&${q}` });
      expect(res.status).toBe(200);
      return res.json.items.map((i: { name: string }) => i.name);
    };
    expect(await names("sort=rating")).toEqual(["Four point five", "Exactly four", "Three and a bit", "Unreviewed"]);
    expect(await names("min_rating=4")).toEqual(["Exactly four", "Four point five"]);
    expect(await names("min_rating=4.5&sort=rating")).toEqual(["Four point five"]);
    const item = (await call(searchRestaurantsHandler, { path: `/api/v1/restaurants?city=${city}&min_rating=4.5` })).json.items[0];
    expect(item.rating).toEqual({ average: 4.5, count: 2 });
    expect((await call(searchRestaurantsHandler, { path: `/api/v1/restaurants?min_rating=6` })).status).toBe(400);
    expect((await call(searchRestaurantsHandler, { path: `/api/v1/restaurants?sort=stars` })).status).toBe(400);
  });
});

describe("owner replies", () => {
  it("the owner and a manager may reply (and replace or remove it); a host, another user or nobody may not", async () => {
    const v = await visit();
    const review = (await post(v.id, { rating: 3, text: "Fine." }, { manage: v.manageToken })).json;
    const reply = (token: string | undefined, text: string) => call(replyHandler, { params: { id: review.id }, body: { text }, token });
    const byOwner = await reply(tokens.owner, "Thank you, see you soon.");
    expect(byOwner.status).toBe(200);
    expect(byOwner.json.reply).toEqual({ text: "Thank you, see you soon.", replied_at: expect.any(String) });
    expect((await reply(tokens.manager, "Thanks from the team.")).json.reply.text).toBe("Thanks from the team.");
    expect((await reply(tokens.host, "Hi")).status).toBe(403);
    expect((await reply(tokens.stranger, "Hi")).status).toBe(403);
    expect((await reply(tokens.diner, "Hi")).status).toBe(403);
    expect((await reply(undefined, "Hi")).status).toBe(401);
    expect((await call(replyHandler, { params: { id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11" }, body: { text: "Hi" }, token: tokens.owner })).status).toBe(404);
    const [stored] = await t.db.select().from(reviews).where(eq(reviews.id, review.id));
    expect(stored!.replyText).toBe("Thanks from the team.");
    expect(stored!.replyUserId).toBe(manager.id);
    expect((await reply(tokens.owner, "")).json.reply).toBeNull();
  });
});

describe("the review request", () => {
  it("finishing a visit writes one request for 10:00 the next morning, restaurant time, whose link reviews the visit without signing in", async () => {
    // Tomorrow's service (a visit 'today' in the test's clock): seated, then finished by the host.
    const v = await visit({ status: "seated" });
    const principal = { userId: host.id, email: host.email, name: host.name };
    const clock = fixedClock(v.endsAt);
    await updateReservationStatus(t.db, { reservationId: v.id, access: { principal }, status: "completed" }, { clock });
    // Finishing again (a double click) writes nothing more.
    await updateReservationStatus(t.db, { reservationId: v.id, access: { principal }, status: "completed" }, { clock });
    const rows = await t.db.select().from(notifications).where(and(eq(notifications.reservationId, v.id), eq(notifications.kind, "review_request")));
    expect(rows).toHaveLength(1);
    const expected = new Date(`${v.serviceDate}T10:00:00+01:00`);
    expected.setUTCDate(expected.getUTCDate() + 1);
    // Paris is UTC+1 in winter and UTC+2 in summer.
    const offsetHours = (rows[0]!.sendAfter.getTime() - expected.getTime()) / HOUR;
    expect([0, -1]).toContain(offsetHours);
    expect(rows[0]!.toEmail).toBe("ana@example.test");

    // Due now (the test's visit is in the past): sent once, with a link that works for a guest.
    const first = await dispatchNotification(t.db, rows[0]!.id, { transport: createMailboxTransport(t.db) });
    expect(first.outcome).toBe("sent");
    expect((await dispatchNotification(t.db, rows[0]!.id, { transport: createMailboxTransport(t.db) })).outcome).toBe("not_claimed");
    const [mail] = await t.db.select().from(devMailbox).where(eq(devMailbox.idempotencyKey, `notification-${rows[0]!.id}`));
    const sent = mail ?? (await t.db.select().from(devMailbox)).find((m) => m.html.includes(v.code))!;
    expect(sent.subject).toBe(`How was ${restaurant.name}?`);
    const href = sent.html.match(/href="([^"]*\/review\?token=[^"]+)"/)![1]!.replace(/&amp;/g, "&");
    const token = new URL(href).searchParams.get("token")!;
    expect(new URL(href).pathname).toBe(`/reservations/${v.code}/review`);
    expect((await post(v.id, { rating: 5, text: "Perfect." }, { manage: token })).status).toBe(201);
  });

  it("is not sent for a visit that is no longer completed", async () => {
    const v = await visit({ status: "seated" });
    const principal = { userId: owner.id, email: owner.email, name: owner.name };
    await updateReservationStatus(t.db, { reservationId: v.id, access: { principal }, status: "completed" });
    await t.db.update(reservations).set({ status: "seated" }).where(eq(reservations.id, v.id));
    const [row] = await t.db.select().from(notifications).where(and(eq(notifications.reservationId, v.id), eq(notifications.kind, "review_request")));
    await t.db.update(notifications).set({ sendAfter: new Date() }).where(eq(notifications.id, row!.id));
    expect((await dispatchNotification(t.db, row!.id, { transport: createMailboxTransport(t.db) })).outcome).toBe("skipped");
  });
});
