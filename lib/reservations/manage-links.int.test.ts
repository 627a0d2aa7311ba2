import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { reservations } from "@/db/schema";
import { cancelHandler as cancelRoute, getReservationHandler as getRoute } from "@/lib/api/routes/reservations";
import { call, tokenFor } from "@/lib/api/testing";
import { LINK_DAYS_AFTER_END, manageLinkFor } from "@/lib/notifications/links";
import { confirmReservation } from "@/lib/reservations";
import { newManageToken } from "@/lib/reservations/secrets";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";

/**
 * Signed manage links from emails, attacked the way an old email would be: a forwarded or leaked
 * confirmation opened weeks after the visit, or after the booking was cancelled or changed.
 */
let t: TestDb;
let restaurant: { id: string };
let table: { id: string };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await openTestApp();
  restaurant = await insertRestaurant(t.db, { timezone: "UTC" });
  table = await insertTable(t.db, restaurant.id, { maxSeats: 4 });
  await insertSession(t.db, restaurant.id);
});
afterAll(() => closeTestApp(t));

let nextStart = Date.now() + 5 * DAY;
/** A confirmed reservation a few days ahead (or at `startsAt`), each at its own time. */
async function booking(startsAt?: Date, values: { userId?: string } = {}) {
  const start = startsAt ?? new Date((nextStart += 3 * HOUR));
  const row = await insertReservation(t.db, { restaurantId: restaurant.id, tableId: table.id, startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR) });
  if (values.userId) await t.db.update(reservations).set({ userId: values.userId }).where(eq(reservations.id, row.id));
  return row;
}
const current = async (id: string) => (await t.db.select().from(reservations).where(eq(reservations.id, id)))[0]!;
/** The `?token=` of the link an email about this reservation would carry now. */
const emailLink = async (id: string) => new URL(manageLinkFor(await current(id))).searchParams.get("token")!;
const open = (id: string, link: string, token?: string) => call(getRoute, { params: { id }, token, headers: { "x-manage-token": link } });

describe("signed manage links", () => {
  it("open the booking while it stands, and survive staff edits that leave it the diner's", async () => {
    const r = await booking();
    const link = await emailLink(r.id);
    expect((await open(r.id, link)).json.status).toBe("confirmed");
    await t.db.update(reservations).set({ notes: "VIP", version: r.version + 1 }).where(eq(reservations.id, r.id));
    expect((await open(r.id, link)).json.status).toBe("confirmed");
  });

  it("stop working once the booking is cancelled: the old link is refused, the cancellation email's link shows it cancelled", async () => {
    const r = await booking();
    const link = await emailLink(r.id);
    expect((await call(cancelRoute, { method: "POST", params: { id: r.id }, headers: { "x-manage-token": link } })).json.status).toBe("cancelled");

    const stale = await open(r.id, link);
    expect(stale.status).toBe(401);
    expect(stale.json.error.details).toEqual({ reason: "link_stale" });
    expect(stale.json.error.message).toMatch(/out of date/);
    const again = await call(cancelRoute, { method: "POST", params: { id: r.id }, headers: { "x-manage-token": link } });
    expect(again.status).toBe(401);

    const fromCancellationEmail = await emailLink(r.id);
    expect((await open(r.id, fromCancellationEmail)).json.status).toBe("cancelled");
  });

  it("keep working when the booking is changed: the change moves the same reservation, which the old link still opens", async () => {
    const old = await booking();
    const oldLink = await emailLink(old.id);
    const held = await insertReservation(t.db, {
      restaurantId: restaurant.id,
      tableId: table.id,
      startsAt: new Date(old.startsAt.getTime() + DAY),
      endsAt: new Date(old.endsAt.getTime() + DAY),
      status: "held",
    });
    const { token, hash } = newManageToken();
    await t.db.update(reservations).set({ replacesId: old.id, manageTokenHash: hash }).where(eq(reservations.id, held.id));
    await confirmReservation(t.db, { reservationId: held.id, access: { principal: null, manageToken: token }, details: { name: "Ana", email: "ana@example.test" } });

    expect((await current(old.id)).status).toBe("confirmed");
    const still = await open(old.id, oldLink);
    expect(still.status).toBe(200);
    expect(still.json.status).toBe("confirmed");
    expect(still.json.starts_at).toBe(new Date(old.startsAt.getTime() + DAY).toISOString().replace(".000Z", "Z"));
  });

  it(`expire ${LINK_DAYS_AFTER_END} days after the booking ends, but never lock out the diner's own account`, async () => {
    const diner = await insertUser(t.db);
    const start = new Date(Date.now() - (LINK_DAYS_AFTER_END * DAY + 3 * HOUR));
    const past = await booking(start, { userId: diner.id });
    const link = await emailLink(past.id);
    const expired = await open(past.id, link);
    expect(expired.status).toBe(401);
    expect(expired.json.error.details).toEqual({ reason: "link_expired" });
    expect(expired.json.error.message).toMatch(/expired/);
    // Signed in as the diner who booked, the same request is answered.
    expect((await open(past.id, link, await tokenFor(diner))).status).toBe(200);

    // A booking that ended yesterday: its link still works.
    const recent = await booking(new Date(Date.now() - DAY - 2 * HOUR));
    expect((await open(recent.id, await emailLink(recent.id))).status).toBe(200);
  });

  it("a link for one reservation opens no other, and says nothing about it", async () => {
    const [a, b] = [await booking(), await booking()];
    const res = await open(b.id, await emailLink(a.id));
    expect(res.status).toBe(404);
    expect(res.json.error.details).toBeUndefined();
  });
});
