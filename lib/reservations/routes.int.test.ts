import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { eq } from "drizzle-orm";
import { reservations } from "@/db/schema";
import {
  availabilityHandler as availabilityRoute,
  cancelHandler as cancelRoute,
  confirmHandler as confirmRoute,
  createMemberReservationHandler as memberCreateRoute,
  extendHandler as extendRoute,
  getReservationHandler as getRoute,
  holdHandler as holdRoute,
  listReservationsHandler as listRoute,
  updateReservationStatusHandler as patchRoute,
} from "@/lib/api/routes/reservations";
import { call, tokenFor } from "@/lib/api/testing";
import { signManageLink } from "@/lib/notifications/links";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertReservation, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";

let t: TestDb;
type U = { id: string; email: string; name: string | null };
let ownerA: U, ownerB: U, hostA: U, diner: U, otherDiner: U;
let tokens: Record<string, string>;
let restA: { id: string }, restB: { id: string };
let tableA: { id: string };

const TZ = "America/New_York";
const day = DateTime.now().setZone(TZ).plus({ days: 12 });
const date = day.toISODate()!;
const at = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
};

beforeAll(async () => {
  t = await openTestApp();
  [ownerA, ownerB, hostA, diner, otherDiner] = (await Promise.all(Array.from({ length: 5 }, () => insertUser(t.db)))) as unknown as [U, U, U, U, U];
  restA = await insertRestaurant(t.db, { timezone: TZ });
  restB = await insertRestaurant(t.db, { timezone: TZ });
  tableA = await insertTable(t.db, restA.id, { label: "A1", maxSeats: 4 });
  await insertTable(t.db, restA.id, { label: "A2", maxSeats: 4 });
  await insertTable(t.db, restB.id, { label: "B1", maxSeats: 4 });
  await insertSession(t.db, restA.id);
  await insertSession(t.db, restB.id);
  await insertMember(t.db, restA.id, ownerA.id, "owner");
  await insertMember(t.db, restA.id, hostA.id, "host");
  await insertMember(t.db, restB.id, ownerB.id, "owner");
  tokens = Object.fromEntries(
    await Promise.all(Object.entries({ ownerA, ownerB, hostA, diner, otherDiner }).map(async ([k, u]) => [k, await tokenFor(u)] as const)),
  );
});
afterAll(() => closeTestApp(t));

const hold = (body: Record<string, unknown>, opts: { token?: string; headers?: Record<string, string> } = {}) =>
  call(holdRoute, { method: "POST", path: "/api/v1/reservations", body, ...opts });

describe("availability route", () => {
  it("lists the day's seatings in the restaurant's zone", async () => {
    const res = await call(availabilityRoute, { params: { id: restA.id }, path: `/api/v1/restaurants/${restA.id}/availability?date=${date}&party_size=2` });
    expect(res.status).toBe(200);
    expect(res.json.timezone).toBe(TZ);
    expect(res.json.slots[0]).toMatchObject({ local_time: "17:00", available: true, tables_left: 2, starts_at: at("17:00") });
    expect(res.json.slots.at(-1).local_time).toBe("22:00");
  });

  it("answers 400 for a bad date, 404 for an unknown restaurant, 422 for a party outside policy", async () => {
    const bad = await call(availabilityRoute, { params: { id: restA.id }, path: `/api/v1/restaurants/x/availability?date=2026-02-30&party_size=2` });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_input");
    expect(bad.json.error.fields).toHaveProperty("date");
    const missing = await call(availabilityRoute, { params: { id: "00000000-0000-4000-8000-000000000000" }, path: `/api/v1/restaurants/x/availability?date=${date}&party_size=2` });
    expect(missing.status).toBe(404);
    const big = await call(availabilityRoute, { params: { id: restA.id }, path: `/api/v1/restaurants/x/availability?date=${date}&party_size=40` });
    expect(big.status).toBe(422);
    expect(big.json.error.code).toBe("outside_policy");
  });
});

describe("hold → confirm → cancel over HTTP", () => {
  it("walks a guest's reservation through its life", async () => {
    const held = await hold({ restaurant_id: restA.id, starts_at: at("19:00"), party_size: 2 });
    expect(held.status).toBe(201);
    expect(held.json).toMatchObject({ status: "held", restaurant_id: restA.id, party_size: 2, starts_at: at("19:00") });
    expect(held.json.hold_expires_at).toMatch(/Z$/);
    const id = held.json.id as string;
    const token = held.json.manage_token as string;
    const manage = { "x-manage-token": token };

    const ext = await call(extendRoute, { method: "POST", params: { id }, headers: manage });
    expect(ext.status).toBe(200);
    expect(Date.parse(ext.json.hold_expires_at)).toBeGreaterThan(Date.parse(held.json.hold_expires_at));
    expect((await call(extendRoute, { method: "POST", params: { id }, headers: manage })).json.error.code).toBe("invalid_transition");

    const details = { name: "Grace Hopper", email: "Grace@Example.test", phone: "+1 212 555 0100", occasion: "anniversary" };
    const confirmed = await call(confirmRoute, { params: { id }, body: details, headers: manage });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ status: "confirmed", name: "Grace Hopper", email: "grace@example.test", hold_expires_at: null });
    const again = await call(confirmRoute, { params: { id }, body: details, headers: manage });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(confirmed.json);

    const read = await call(getRoute, { params: { id }, headers: manage });
    expect(read.json).toMatchObject({ id, status: "confirmed", source: "api", code: held.json.code });

    const cancelled = await call(cancelRoute, { method: "POST", params: { id }, headers: manage });
    expect(cancelled.json.status).toBe("cancelled");
    expect((await call(cancelRoute, { method: "POST", params: { id }, headers: manage })).json.status).toBe("cancelled");
    expect((await call(confirmRoute, { params: { id }, body: details, headers: manage })).json.error.code).toBe("invalid_transition");
  });

  it("replays an Idempotency-Key and refuses it with another body", async () => {
    const headers = { "idempotency-key": `hold-${Math.random()}` };
    const first = await hold({ restaurant_id: restA.id, starts_at: at("20:00"), party_size: 2 }, { headers, token: tokens.diner });
    const second = await hold({ restaurant_id: restA.id, starts_at: at("20:00"), party_size: 2 }, { headers, token: tokens.diner });
    expect(first.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    const other = await hold({ restaurant_id: restA.id, starts_at: at("20:15"), party_size: 2 }, { headers, token: tokens.diner });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe("conflict");
  });

  it("answers the API's error codes for bad holds and changes nothing", async () => {
    expect((await call(holdRoute, { method: "POST", body: "{not json" })).json.error.code).toBe("invalid_input");
    const wrongTypes = await hold({ restaurant_id: restA.id, starts_at: "tomorrow", party_size: "two" });
    expect(wrongTypes.status).toBe(400);
    expect(Object.keys(wrongTypes.json.error.fields)).toEqual(expect.arrayContaining(["starts_at", "party_size"]));
    expect((await hold({ restaurant_id: "00000000-0000-4000-8000-000000000000", starts_at: at("19:00"), party_size: 2 })).status).toBe(404);
    const offGrid = await hold({ restaurant_id: restA.id, starts_at: at("19:05"), party_size: 2 });
    expect([offGrid.status, offGrid.json.error.code]).toEqual([422, "outside_policy"]);
    const huge = await call(holdRoute, { method: "POST", body: JSON.stringify({ restaurant_id: restA.id, pad: "x".repeat(200_000) }) });
    expect(huge.status).toBe(400);
    const guestTable = await hold({ restaurant_id: restA.id, starts_at: at("19:00"), party_size: 2, table_id: tableA.id });
    expect([guestTable.status, guestTable.json.error.code]).toEqual([403, "forbidden"]);
  });

  it("fills the slot, then says slot_unavailable with alternatives", async () => {
    const a = await hold({ restaurant_id: restA.id, starts_at: at("17:30"), party_size: 4 });
    const b = await hold({ restaurant_id: restA.id, starts_at: at("17:30"), party_size: 4 });
    expect([a.status, b.status]).toEqual([201, 201]);
    const c = await hold({ restaurant_id: restA.id, starts_at: at("17:30"), party_size: 4 });
    expect(c.status).toBe(409);
    expect(c.json.error.code).toBe("slot_unavailable");
    expect(c.json.error.details.alternatives.length).toBeGreaterThan(0);
  });

  it("says hold_expired when confirming a lapsed hold", async () => {
    const held = await hold({ restaurant_id: restA.id, starts_at: at("21:00"), party_size: 2 });
    await t.sql`update reservations set hold_expires_at = now() - interval '1 second' where id = ${held.json.id}`;
    const res = await call(confirmRoute, { params: { id: held.json.id }, body: { name: "Late", email: "late@example.test" }, headers: { "x-manage-token": held.json.manage_token } });
    expect([res.status, res.json.error.code]).toEqual([410, "hold_expired"]);
  });
});

describe("authorisation", () => {
  it("keeps guests and other diners out of a reservation", async () => {
    const held = await hold({ restaurant_id: restA.id, starts_at: at("22:00"), party_size: 2 }, { token: tokens.diner });
    expect(held.status).toBe(201);
    const id = held.json.id as string;
    expect((await call(getRoute, { params: { id } })).status).toBe(401);
    expect((await call(getRoute, { params: { id }, headers: { "x-manage-token": "forged" } })).status).toBe(404);
    expect((await call(getRoute, { params: { id }, token: tokens.otherDiner })).status).toBe(404);
    expect((await call(cancelRoute, { method: "POST", params: { id }, token: tokens.otherDiner })).status).toBe(404);
    expect((await call(getRoute, { params: { id }, token: tokens.ownerB })).status).toBe(404);
    expect((await call(getRoute, { params: { id }, token: tokens.diner })).json.id).toBe(id);
    expect((await call(getRoute, { params: { id }, token: tokens.hostA })).json.id).toBe(id);
    expect((await call(getRoute, { params: { id }, token: "garbage" })).status).toBe(401);
    // Only staff change service status; the diner may see it but not seat themselves.
    expect((await call(patchRoute, { method: "PATCH", params: { id }, body: { status: "seated" }, token: tokens.diner })).status).toBe(403);
    expect((await call(patchRoute, { method: "PATCH", params: { id }, body: { status: "seated" }, token: tokens.otherDiner })).status).toBe(404);
  });

  it("accepts the signed link from an email wherever it accepts the manage token", async () => {
    const held = await hold({ restaurant_id: restA.id, starts_at: at("21:45"), party_size: 2 });
    expect(held.status).toBe(201);
    const id = held.json.id as string;
    await call(confirmRoute, { params: { id }, body: { name: "Mail", email: "mail@example.test" }, headers: { "x-manage-token": held.json.manage_token } });
    const [row] = await t.db.select().from(reservations).where(eq(reservations.id, id));
    const signed = signManageLink(row!)!;
    expect((await call(getRoute, { params: { id }, headers: { "x-manage-token": signed } })).json.status).toBe("confirmed");
    // A signature for another reservation opens nothing.
    expect((await call(getRoute, { params: { id }, headers: { "x-manage-token": signManageLink({ ...row!, id: restA.id })! } })).status).toBe(404);
    expect((await call(cancelRoute, { method: "POST", params: { id }, headers: { "x-manage-token": signed } })).json.status).toBe("cancelled");
  });

  it("keeps a member of restaurant B out of every reservation route of restaurant A", async () => {
    const list = await call(listRoute, { params: { id: restA.id }, path: `/x?date=${date}`, token: tokens.ownerB });
    expect(list.status).toBe(404);
    const create = await call(memberCreateRoute, { params: { id: restA.id }, body: { starts_at: at("12:00"), party_size: 2, name: "X" }, token: tokens.ownerB });
    expect(create.status).toBe(404);
    expect((await call(listRoute, { params: { id: restA.id }, path: `/x?date=${date}` })).status).toBe(401);
    const staffTable = await hold({ restaurant_id: restA.id, starts_at: at("19:00"), party_size: 2, table_id: tableA.id }, { token: tokens.ownerB });
    expect(staffTable.status).toBe(403);
  });

  it("lets staff book by phone, seat a walk-in, move through service and read the book", async () => {
    const phone = await call(memberCreateRoute, { params: { id: restA.id }, body: { starts_at: at("13:00"), party_size: 3, name: "Phone Guest", phone: "+1 555 0101" }, token: tokens.hostA });
    expect(phone.status).toBe(201);
    expect(phone.json).toMatchObject({ status: "confirmed", source: "owner" });
    const walkIn = await call(memberCreateRoute, { params: { id: restA.id }, body: { starts_at: at("13:00"), party_size: 2, name: "Walk In", status: "seated", table_id: phone.json.table.id }, token: tokens.ownerA });
    expect([walkIn.status, walkIn.json.error?.code]).toEqual([409, "slot_unavailable"]);
    // The book's rule holds on the API too: a booking twelve days ahead is neither seated nor a no-show.
    const early = await call(patchRoute, { method: "PATCH", params: { id: phone.json.id }, body: { status: "seated" }, token: tokens.hostA });
    expect([early.status, early.json.error.code, early.json.error.message]).toEqual([
      422,
      "outside_policy",
      `Only today's bookings can be seated: this one is for ${day.toFormat("cccc d LLLL yyyy")}.`,
    ]);
    const tooSoon = await call(patchRoute, { method: "PATCH", params: { id: phone.json.id }, body: { status: "no_show" }, token: tokens.hostA });
    expect([tooSoon.status, tooSoon.json.error.code]).toEqual([422, "outside_policy"]);
    // Tonight's booking is seated; a seated booking cannot then be a no-show.
    const now = DateTime.now().setZone(TZ);
    const tonight = await insertReservation(t.db, {
      restaurantId: restA.id,
      tableId: tableA.id,
      startsAt: now.toJSDate(),
      endsAt: now.plus({ minutes: 90 }).toJSDate(),
      serviceDate: now.toISODate()!,
    });
    const seated = await call(patchRoute, { method: "PATCH", params: { id: tonight.id }, body: { status: "seated" }, token: tokens.hostA });
    expect(seated.json.status).toBe("seated");
    const illegal = await call(patchRoute, { method: "PATCH", params: { id: tonight.id }, body: { status: "no_show" }, token: tokens.hostA });
    expect([illegal.status, illegal.json.error.code]).toEqual([409, "invalid_transition"]);
    const book = await call(listRoute, { params: { id: restA.id }, path: `/x?date=${date}`, token: tokens.ownerA });
    expect(book.status).toBe(200);
    expect(book.json.items.map((r: { id: string }) => r.id)).toContain(phone.json.id);
  });
});
