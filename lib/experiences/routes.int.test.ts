import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cancelExperienceHandler,
  createExperienceHandler,
  getExperienceHandler,
  listExperiencesHandler,
  updateExperienceHandler,
} from "@/lib/api/routes/experiences";
import { cancelHandler, confirmHandler, getReservationHandler, holdHandler } from "@/lib/api/routes/reservations";
import { call, tokenFor } from "@/lib/api/testing";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurantWith, insertUser } from "@/lib/testing/fixtures";

/** The experiences part of the HTTP contract, end to end through the route handlers. */
let t: TestDb;
let ownerToken: string;
let strangerToken: string;
let restaurantId: string;

beforeAll(async () => {
  t = await openTestApp();
  const { restaurant, staff } = await insertRestaurantWith(t.db, { restaurant: { timezone: "Asia/Tokyo" }, staff: { owner: {} } });
  restaurantId = restaurant.id;
  ownerToken = await tokenFor(staff.owner!);
  strangerToken = await tokenFor(await insertUser(t.db));
});
afterAll(() => closeTestApp(t));

const startsAt = new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");

async function create(body: Record<string, unknown>, token = ownerToken) {
  return call(createExperienceHandler, { method: "POST", path: `/api/v1/restaurants/${restaurantId}/experiences`, params: { id: restaurantId }, body, token });
}

/** A guest holds `partySize` seats in a section, as the booking page does. */
const holdSeats = (experienceId: string, sectionId: string, partySize: number) =>
  call(holdHandler, { method: "POST", path: "/api/v1/reservations", body: { experience_id: experienceId, section_id: sectionId, party_size: partySize } });

/** The guest confirms their hold with its manage token. */
const confirmAs = (held: { json: { id: string; manage_token: string } }, guest: { name: string; email: string }) =>
  call(confirmHandler, {
    method: "POST",
    path: `/api/v1/reservations/${held.json.id}/confirm`,
    params: { id: held.json.id },
    headers: { "x-manage-token": held.json.manage_token },
    body: guest,
  });

describe("experiences over HTTP", () => {
  it("an owner creates a two-section paid experience; a guest holds seats, is asked to pay in full, and the owner cannot shrink a section below the seats taken", async () => {
    const body = {
      name: "Sake pairing",
      starts_at: startsAt,
      duration_minutes: 150,
      currency: "JPY",
      sections: [
        { name: "Counter", capacity: 8, price_cents: 1_500_000 },
        { name: "Tables", capacity: 20, price_cents: 1_200_000 },
      ],
      max_seats_per_booking: 4,
      published: true,
    };
    expect((await create(body, strangerToken)).status).toBe(404);
    const created = await create(body);
    expect(created.status).toBe(201);
    const exp = created.json;
    expect(exp).toMatchObject({ restaurant_id: restaurantId, name: "Sake pairing", currency: "JPY", published: true, closes_regular_service: false, max_seats_per_booking: 4 });
    expect(exp.sections.map((s: { seats_left: number }) => s.seats_left)).toEqual([8, 20]);

    const listed = await call(listExperiencesHandler, { path: `/api/v1/restaurants/${restaurantId}/experiences`, params: { id: restaurantId } });
    expect(listed.json.items.map((e: { id: string }) => e.id)).toContain(exp.id);

    const counter = exp.sections[0];
    const tooMany = await holdSeats(exp.id, counter.id, 5);
    expect(tooMany.status).toBe(422);
    const held = await holdSeats(exp.id, counter.id, 2);
    expect(held.status).toBe(201);
    expect(held.json).toMatchObject({
      status: "held",
      party_size: 2,
      table: null,
      experience: { id: exp.id, name: "Sake pairing", section: { id: counter.id, name: "Counter" } },
      amount_cents: 3_000_000,
      currency: "JPY",
    });

    const confirm = await confirmAs(held, { name: "Aiko Tanaka", email: "aiko@example.test" });
    expect(confirm.status).toBe(402);
    expect(confirm.json.error).toMatchObject({ code: "payment_required" });
    expect(confirm.json.error.details?.payment ?? confirm.json.payment).toMatchObject({ kind: "prepayment", amount_cents: 3_000_000, currency: "JPY" });

    const shrink = await call(updateExperienceHandler, {
      method: "PATCH",
      path: `/api/v1/experiences/${exp.id}`,
      params: { id: exp.id },
      token: ownerToken,
      body: { sections: [{ id: counter.id, name: "Counter", capacity: 1, price_cents: 1_500_000 }, { id: exp.sections[1].id, name: "Tables", capacity: 20, price_cents: 1_200_000 }] },
    });
    expect(shrink.status).toBe(409);
    expect(shrink.json.error.message).toMatch(/2 seats/);

    const got = await call(getExperienceHandler, { path: `/api/v1/experiences/${exp.id}`, params: { id: exp.id } });
    expect(got.json.sections[0].seats_left).toBe(6);
  });

  it("a free experience confirms directly; cancelling the experience cancels its bookings and frees every seat", async () => {
    const created = await create({ name: "Bread class", starts_at: startsAt, duration_minutes: 120, currency: "JPY", sections: [{ name: "Bench", capacity: 6, price_cents: 0 }], published: true });
    const exp = created.json;
    const held = await holdSeats(exp.id, exp.sections[0].id, 3);
    const manage = { "x-manage-token": held.json.manage_token as string };
    const confirm = await confirmAs(held, { name: "Ken Mori", email: "ken@example.test" });
    expect(confirm.status).toBe(200);
    expect(confirm.json).toMatchObject({ status: "confirmed", payment: { status: "none" } });

    const cancelled = await call(cancelExperienceHandler, { method: "POST", path: `/api/v1/experiences/${exp.id}/cancel`, params: { id: exp.id }, token: ownerToken });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.cancelled_at).not.toBeNull();
    const after = await call(getReservationHandler, { path: `/api/v1/reservations/${held.json.id}`, params: { id: held.json.id }, headers: manage });
    expect(after.json.status).toBe("cancelled");
    const again = await holdSeats(exp.id, exp.sections[0].id, 1);
    expect(again.status).toBe(422);
    // The guest's own cancel after that is the same answer, not an error.
    const guestCancel = await call(cancelHandler, { method: "POST", path: `/api/v1/reservations/${held.json.id}/cancel`, params: { id: held.json.id }, headers: manage });
    expect(guestCancel.json.status).toBe("cancelled");
  });

  it("a draft is invisible to the public; bad input is a 400 with fields", async () => {
    const draft = await create({ name: "Secret supper", starts_at: startsAt, duration_minutes: 90, currency: "JPY", sections: [{ name: "All", capacity: 10, price_cents: 0 }] });
    expect(draft.json.published).toBe(false);
    expect((await call(getExperienceHandler, { path: `/api/v1/experiences/${draft.json.id}`, params: { id: draft.json.id } })).status).toBe(404);
    expect((await call(getExperienceHandler, { path: `/api/v1/experiences/${draft.json.id}`, params: { id: draft.json.id }, token: ownerToken })).status).toBe(200);
    const bad = await create({ name: "", starts_at: "tomorrow", duration_minutes: 5, currency: "euro", sections: [] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(["name", "starts_at", "duration_minutes", "currency", "sections"]));
    const badHold = await holdSeats("nope", draft.json.sections[0].id, 0);
    expect(badHold.status).toBe(400);
    expect(Object.keys(badHold.json.error.fields)).toEqual(expect.arrayContaining(["experience_id", "party_size"]));
  });
});
