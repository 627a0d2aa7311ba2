import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { notifications, payments, paymentRefunds, reservations } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { settleDevCheckout } from "@/lib/payments/dev-checkout";
import { confirmReservation } from "@/lib/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { standInSession as session } from "@/lib/testing/next-request";
import { insertRestaurantWith, insertUser } from "@/lib/testing/fixtures";
// Tests call the owner actions exactly as the workspace forms do; services never import app/.
// eslint-disable-next-line no-restricted-imports
import {
  cancelExperienceAction,
  checkInGuestAction,
  createExperienceAction,
  setExperiencePublishedAction,
  undoCheckInAction,
  updateExperienceAction,
} from "@/app/manage/experience-actions";
import { getGuestList } from "./experiences";
import { getGuestListAt, guestListFileName, guestListToCsv } from "./night";
import { holdSeats } from "./seats";

/**
 * The owner's experience actions as the workspace calls them: the caller comes from the session (stood
 * in for here), never from the input; errors come back through the one action error map.
 */
vi.mock("next/headers", () => import("@/lib/testing/next-request"));
vi.mock("next/cache", () => import("@/lib/testing/next-request"));
vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));

type User = { id: string; email: string; name: string | null };
let t: TestDb;
const as = (u: User | null) => {
  session.principal = u ? { userId: u.id, email: u.email, name: u.name } : null;
};
const principalOf = (u: User) => ({ userId: u.id, email: u.email, name: u.name });

beforeAll(async () => {
  t = await openTestApp({ env: { STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, APP_URL: "http://localhost:3000" } });
});
afterAll(async () => {
  setProcessEnv({ APP_URL: undefined });
  await closeTestApp(t);
});

async function restaurantWithStaff(timezone = "Europe/London") {
  const { restaurant: r, staff } = await insertRestaurantWith(t.db, { restaurant: { currency: "EUR", timezone }, staff: { owner: {}, manager: {}, host: {} } });
  return { r, owner: staff.owner!, manager: staff.manager!, host: staff.host! };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const body = (restaurantId: string, over: Record<string, unknown> = {}) => ({
  restaurant_id: restaurantId,
  name: "Truffle dinner",
  description: "Five courses.",
  starts_at: inDays(7),
  duration_minutes: 180,
  currency: "EUR",
  sections: [
    { name: "Counter", capacity: 6, price_cents: 12000 },
    { name: "Room", capacity: 20, price_cents: 8500 },
  ],
  max_seats_per_booking: 4,
  closes_regular_service: true,
  ...over,
});

function ok<T>(r: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`action refused: ${JSON.stringify(r.error)}`);
  return r.data;
}

let holder = 0;
/** A diner's booking of `seats` in a section: held, then confirmed (through the development checkout when it costs money). */
async function book(experienceId: string, sectionId: string, seats: number, name: string, opts: { confirm?: boolean } = {}) {
  const h = await holdSeats(t.db, { experienceId, sectionId, partySize: seats, principal: null, holderKey: `bs:guest-${holder++}`, source: "web" });
  if (opts.confirm === false) return h.reservation.id;
  const access = { manageToken: h.manageToken, principal: null };
  try {
    await confirmReservation(t.db, { reservationId: h.reservation.id, access, details: { name, email: `guest${holder}@example.test` } });
  } catch (e) {
    if ((e as { code?: string }).code !== "payment_required") throw e;
    const [p] = await t.db.select().from(payments).where(eq(payments.reservationId, h.reservation.id));
    expect(await settleDevCheckout(t.db, p!.id, "pay")).toMatchObject({ outcome: "confirmed" });
  }
  return h.reservation.id;
}

describe("create, edit and publish", () => {
  it("an owner creates a draft from the form's wire body; a manager publishes it; a host and a stranger cannot", async () => {
    const { r, owner, manager, host } = await restaurantWithStaff();
    as(owner);
    const created = ok(await createExperienceAction(body(r.id)));
    expect(created.published).toBe(false);

    as(host);
    const refused = await createExperienceAction(body(r.id));
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await setExperiencePublishedAction({ experience_id: created.id, published: true })).toMatchObject({ ok: false, error: { code: "forbidden" } });

    as(await insertUser(t.db));
    expect(await createExperienceAction(body(r.id))).toMatchObject({ ok: false, error: { code: "not_found" } });
    as(null);
    expect(await createExperienceAction(body(r.id))).toMatchObject({ ok: false, error: { code: "unauthenticated" } });

    as(manager);
    expect(ok(await setExperiencePublishedAction({ experience_id: created.id, published: true }))).toEqual({ id: created.id, published: true });
  });

  it("bad input is refused field by field in the form's (wire) names, and nothing is created", async () => {
    const { r, owner } = await restaurantWithStaff();
    as(owner);
    const bad = await createExperienceAction(
      body(r.id, { name: " ", duration_minutes: 5, sections: [{ name: "A", capacity: 5, price_cents: 0 }, { name: "a", capacity: -1, price_cents: 0 }] }) as never,
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe("invalid_input");
    expect(Object.keys(bad.error.fields ?? {})).toEqual(expect.arrayContaining(["name", "duration_minutes", "sections"]));
    const past = await createExperienceAction(body(r.id, { starts_at: inDays(-1) }));
    expect(past).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { starts_at: ["Choose a time that has not passed."] } } });
    const [{ n }] = (await t.sql`select count(*)::int as n from experiences where restaurant_id = ${r.id}`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it("lowering a section below the seats taken is refused with the number, naming that section; at the number it is allowed", async () => {
    const { r, owner } = await restaurantWithStaff();
    as(owner);
    const { id } = ok(await createExperienceAction(body(r.id, { published: true })));
    const [counter, room] = (await getGuestList(t.db, { experienceId: id, principal: principalOf(owner) })).experience.sections;
    await book(id, room!.id, 3, "Ada Lovelace");
    await book(id, room!.id, 2, "Alan Turing", { confirm: false });

    const sections = (roomCapacity: number) => [
      { id: counter!.id, name: "Counter", capacity: 6, price_cents: 12000 },
      { id: room!.id, name: "Room", capacity: roomCapacity, price_cents: 8500 },
    ];
    const refused = await updateExperienceAction({ experience_id: id, sections: sections(4) });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "conflict", fields: { sections: ["5 seats are taken."] }, details: { seats_taken: 5, section_index: 1, section_id: room!.id } },
    });
    expect(ok(await updateExperienceAction({ experience_id: id, sections: sections(5) }))).toMatchObject({ id });
    expect((await getGuestList(t.db, { experienceId: id, principal: principalOf(owner) })).sales[1]).toMatchObject({ capacity: 5, seatsLeft: 0, confirmedSeats: 3, heldSeats: 2 });
  });
});

describe("cancel", () => {
  it("cancels and refunds every booking, emails every confirmed guest once, and a second cancel changes nothing", async () => {
    const { r, owner, host } = await restaurantWithStaff();
    as(owner);
    const { id } = ok(await createExperienceAction(body(r.id, { published: true })));
    const [counter, room] = (await getGuestList(t.db, { experienceId: id, principal: principalOf(owner) })).experience.sections;
    const paid = [await book(id, counter!.id, 2, "Grace Hopper"), await book(id, room!.id, 4, "Katherine Johnson")];
    const held = await book(id, room!.id, 1, "Hedy Lamarr", { confirm: false });
    expect(await t.db.select({ status: payments.status }).from(payments).where(inArray(payments.reservationId, paid))).toEqual([{ status: "paid" }, { status: "paid" }]);

    as(host);
    expect(await cancelExperienceAction({ experience_id: id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    as(owner);
    expect(ok(await cancelExperienceAction({ experience_id: id }))).toEqual({ cancelled: 3 });

    const rows = await t.db.select({ id: reservations.id, status: reservations.status }).from(reservations).where(eq(reservations.experienceId, id));
    expect(rows.map((x) => x.status).sort()).toEqual(["cancelled", "cancelled", "cancelled"]);
    const pays = await t.db.select().from(payments).where(inArray(payments.reservationId, paid));
    expect(pays.map((p) => [p.status, p.refundedCents]).sort()).toEqual([
      ["refunded", 24000],
      ["refunded", 34000],
    ]);
    const refunds = () => t.db.select().from(paymentRefunds).where(inArray(paymentRefunds.paymentId, pays.map((p) => p.id)));
    const emails = () =>
      t.db.select({ reservationId: notifications.reservationId }).from(notifications).where(and(inArray(notifications.reservationId, [...paid, held]), eq(notifications.kind, "cancellation")));
    expect((await refunds()).map((x) => x.amountCents).sort()).toEqual([24000, 34000]);
    expect((await emails()).map((x) => x.reservationId).sort()).toEqual([...paid].sort());

    // Again (a double click, a retry): nothing more is refunded or sent.
    expect(ok(await cancelExperienceAction({ experience_id: id }))).toEqual({ cancelled: 0 });
    expect(await refunds()).toHaveLength(2);
    expect(await emails()).toHaveLength(2);
    expect(await updateExperienceAction({ experience_id: id, name: "Back on" })).toMatchObject({ ok: false, error: { code: "invalid_transition" } });
  });
});

describe("the night: check-in, guest list, CSV", () => {
  /** A zone where the experience, an hour from now, is still today (check-in is for the night itself). */
  function zoneWhereTodayHasAnHourLeft(): string {
    const zones = ["Europe/London", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"];
    return zones.find((z) => DateTime.now().setZone(z).hour < 22)!;
  }

  it("every role checks a confirmed guest in and undoes it; a guest of another experience is not found", async () => {
    const { r, owner, host } = await restaurantWithStaff(zoneWhereTodayHasAnHourLeft());
    as(owner);
    const { id } = ok(await createExperienceAction(body(r.id, { published: true, starts_at: new Date(Date.now() + 60 * 60_000).toISOString(), sections: [{ name: "Room", capacity: 10, price_cents: 0 }] })));
    const other = ok(await createExperienceAction(body(r.id, { published: true })));
    const list = await getGuestList(t.db, { experienceId: id, principal: principalOf(owner) });
    const guest = await book(id, list.experience.sections[0]!.id, 2, "Mary Jackson");

    as(host);
    expect(ok(await checkInGuestAction({ experience_id: id, reservation_id: guest }))).toEqual({ id: guest, status: "seated" });
    expect((await getGuestList(t.db, { experienceId: id, principal: principalOf(host) })).sales[0]).toMatchObject({ checkedInSeats: 2, confirmedSeats: 2 });
    expect(ok(await undoCheckInAction({ experience_id: id, reservation_id: guest }))).toEqual({ id: guest, status: "confirmed" });
    expect(await checkInGuestAction({ experience_id: other.id, reservation_id: guest })).toMatchObject({ ok: false, error: { code: "not_found" } });
    as(await insertUser(t.db));
    expect(await checkInGuestAction({ experience_id: id, reservation_id: guest })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("the guest list is reached only through its own restaurant; the CSV escapes quotes, commas, line breaks and formulas", async () => {
    const { r, owner } = await restaurantWithStaff();
    const elsewhere = await restaurantWithStaff();
    as(owner);
    const { id } = ok(await createExperienceAction(body(r.id, { published: true, sections: [{ name: "Room, upstairs", capacity: 10, price_cents: 4550 }] })));
    const section = (await getGuestList(t.db, { experienceId: id, principal: principalOf(owner) })).experience.sections[0]!;
    const guest = await book(id, section.id, 2, 'Zoë "Zed" Smith');
    await t.sql`update reservations set special_requests = ${"=HYPERLINK(\"x\")\nno nuts"} where id = ${guest}`;

    await expect(getGuestListAt(t.db, { restaurantId: elsewhere.r.id, experienceId: id, principal: principalOf(elsewhere.owner) })).rejects.toMatchObject({ code: "not_found" });
    const { list } = await getGuestListAt(t.db, { restaurantId: r.id, experienceId: id, principal: principalOf(owner) });
    const csv = guestListToCsv(list);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("name,email,phone,party_size,section,status,payment,amount,currency,code,special_requests,booked_at");
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(lines[1]).toContain(`"Zoë ""Zed"" Smith",guest${holder}@example.test,,2,"Room, upstairs",confirmed,paid,91.00,EUR,`);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"")\nno nuts",`);
    expect(guestListFileName(list, "2031-01-02")).toBe("truffle-dinner-2031-01-02-guests.csv");
  });
});
