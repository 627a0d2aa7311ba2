import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTablesHandler as listTablesRoute, createTableHandler as createTableRoute } from "@/lib/api/routes/floor";
import { deleteTableHandler as deleteTableRoute, updateTableHandler as patchTableRoute } from "@/lib/api/routes/floor";
import { listSessionsHandler as listSessionsRoute, createSessionHandler as createSessionRoute } from "@/lib/api/routes/floor";
import { deleteSessionHandler as deleteSessionRoute, updateSessionHandler as patchSessionRoute } from "@/lib/api/routes/floor";
import { listClosuresHandler as listClosuresRoute, createClosureHandler as createClosureRoute } from "@/lib/api/routes/floor";
import { deleteClosureHandler as deleteClosureRoute } from "@/lib/api/routes/floor";
import { call, tokenFor } from "@/lib/api/testing";
import { availabilityVersionKey } from "@/lib/availability/version";
import { createMemoryKv, type Kv } from "@/lib/redis";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurantWith, insertTable } from "@/lib/testing/fixtures";

let t: TestDb;
let kv: Kv;
let restaurantId: string;
let token: string;
let hostToken: string;

beforeAll(async () => {
  t = await openTestApp({ kv: (kv = createMemoryKv()) });
  const { restaurant, staff } = await insertRestaurantWith(t.db, { staff: { owner: {}, host: {} } });
  restaurantId = restaurant.id;
  token = await tokenFor(staff.owner!);
  hostToken = await tokenFor(staff.host!);
});
afterAll(() => closeTestApp(t));

const version = async () => (await kv.getVersion(availabilityVersionKey(restaurantId))) ?? 0;

describe("tables", () => {
  it("creates, lists, patches and deletes a table, bumping the availability version each time", async () => {
    let v = await version();
    const made = await call(createTableRoute, {
      params: { id: restaurantId },
      token,
      body: { label: "W1", min_seats: 2, max_seats: 4, area: "Window" },
    });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({
      id: expect.any(String),
      restaurant_id: restaurantId,
      label: "W1",
      min_seats: 2,
      max_seats: 4,
      area: "Window",
      online: true,
      active: true,
    });
    expect(await version()).toBeGreaterThan(v);

    const list = await call(listTablesRoute, { params: { id: restaurantId }, token: hostToken });
    expect(list.status).toBe(200);
    expect(list.json.items.map((x: { id: string }) => x.id)).toContain(made.json.id);

    v = await version();
    const patched = await call(patchTableRoute, {
      method: "PATCH",
      params: { id: restaurantId, table_id: made.json.id },
      token,
      body: { online: false, max_seats: 6, area: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ online: false, max_seats: 6, min_seats: 2, area: null });
    expect(await version()).toBeGreaterThan(v);

    const del = await call(deleteTableRoute, { method: "DELETE", params: { id: restaurantId, table_id: made.json.id }, token });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    const again = await call(deleteTableRoute, { method: "DELETE", params: { id: restaurantId, table_id: made.json.id }, token });
    expect(again.status).toBe(404);
  });

  it("refuses bad seats (400), a duplicate label (409) and a patch that inverts the stored seat range (400)", async () => {
    const inverted = await call(createTableRoute, { params: { id: restaurantId }, token, body: { label: "X", min_seats: 5, max_seats: 2 } });
    expect(inverted.status).toBe(400);
    expect(inverted.json.error.fields.max_seats).toBeDefined();
    const zero = await call(createTableRoute, { params: { id: restaurantId }, token, body: { label: "X", min_seats: 0, max_seats: "2" } });
    expect(zero.status).toBe(400);
    expect(Object.keys(zero.json.error.fields).sort()).toEqual(["max_seats", "min_seats"]);

    const a = await call(createTableRoute, { params: { id: restaurantId }, token, body: { label: "Dup", min_seats: 1, max_seats: 2 } });
    expect(a.status).toBe(201);
    const dup = await call(createTableRoute, { params: { id: restaurantId }, token, body: { label: "Dup", min_seats: 1, max_seats: 2 } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("conflict");

    const narrow = await call(patchTableRoute, {
      method: "PATCH",
      params: { id: restaurantId, table_id: a.json.id },
      token,
      body: { min_seats: 3 },
    });
    expect(narrow.status).toBe(400);
  });

  it("answers 409 when deleting a table with a future reservation, and lets it be deactivated instead", async () => {
    const table = await insertTable(t.db, restaurantId);
    const soon = new Date(Date.now() + 86_400_000);
    await insertReservation(t.db, { restaurantId, tableId: table.id, startsAt: soon, endsAt: new Date(soon.getTime() + 5_400_000) });
    const del = await call(deleteTableRoute, { method: "DELETE", params: { id: restaurantId, table_id: table.id }, token });
    expect(del.status).toBe(409);
    expect(del.json.error.code).toBe("conflict");
    expect(del.json.error.message).toMatch(/deactivate/);
    const off = await call(patchTableRoute, { method: "PATCH", params: { id: restaurantId, table_id: table.id }, token, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
  });

  it("does not count a lapsed hold as a future reservation, but keeps a table with history (409)", async () => {
    const lapsed = await insertTable(t.db, restaurantId);
    const soon = new Date(Date.now() + 86_400_000);
    await insertReservation(t.db, {
      restaurantId,
      tableId: lapsed.id,
      startsAt: soon,
      endsAt: new Date(soon.getTime() + 5_400_000),
      status: "held",
      holdExpiresAt: new Date(Date.now() - 60_000),
    });
    const res = await call(deleteTableRoute, { method: "DELETE", params: { id: restaurantId, table_id: lapsed.id }, token });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/past reservations/);
  });

  it("forbids a host from changing the floor (403) but lets them list it", async () => {
    const res = await call(createTableRoute, { params: { id: restaurantId }, token: hostToken, body: { label: "H", min_seats: 1, max_seats: 2 } });
    expect(res.status).toBe(403);
  });
});

describe("sessions", () => {
  const dinner = {
    name: "Dinner",
    days: [5, 2, 3],
    first_seating: "17:30",
    last_seating: "21:30",
    interval_minutes: 15,
    turn_minutes: [
      { max_party_size: 20, minutes: 120 },
      { max_party_size: 2, minutes: 75 },
    ],
    max_covers_per_slot: 20,
  };

  it("creates (sorting days and turn rules), lists, patches and deletes a session", async () => {
    const v = await version();
    const made = await call(createSessionRoute, { params: { id: restaurantId }, token, body: dinner });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({
      id: expect.any(String),
      restaurant_id: restaurantId,
      name: "Dinner",
      days: [2, 3, 5],
      first_seating: "17:30",
      last_seating: "21:30",
      interval_minutes: 15,
      turn_minutes: [
        { max_party_size: 2, minutes: 75 },
        { max_party_size: 20, minutes: 120 },
      ],
      max_covers_per_slot: 20,
      // Without its own deposit or card policy, the session follows the restaurant's.
      deposit_cents: null,
      deposit_min_party_size: null,
      no_show_fee_cents: null,
    });
    expect(await version()).toBeGreaterThan(v);

    const list = await call(listSessionsRoute, { params: { id: restaurantId }, token: hostToken });
    expect(list.json.items.map((s: { id: string }) => s.id)).toContain(made.json.id);

    const late = await call(patchSessionRoute, {
      method: "PATCH",
      params: { id: restaurantId, session_id: made.json.id },
      token,
      body: { last_seating: "00:30", turn_minutes: 90, max_covers_per_slot: null },
    });
    expect(late.status).toBe(200);
    expect(late.json).toMatchObject({ first_seating: "17:30", last_seating: "00:30", turn_minutes: 90, max_covers_per_slot: null });

    const del = await call(deleteSessionRoute, { method: "DELETE", params: { id: restaurantId, session_id: made.json.id }, token });
    expect(del.status).toBe(204);
    const gone = await call(patchSessionRoute, {
      method: "PATCH",
      params: { id: restaurantId, session_id: made.json.id },
      token,
      body: { name: "x" },
    });
    expect(gone.status).toBe(404);
  });

  it("defaults interval_minutes to 15", async () => {
    const { interval_minutes: _omit, ...rest } = dinner;
    const made = await call(createSessionRoute, { params: { id: restaurantId }, token, body: { ...rest, name: "Lunch" } });
    expect(made.status).toBe(201);
    expect(made.json.interval_minutes).toBe(15);
  });

  it("refuses days outside 1–7, bad times, intervals outside 5–240 and bad turn rules with 400 and fields", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ days: [0, 8] }, "days.0"],
      [{ days: [] }, "days"],
      [{ days: [1, 1] }, "days"],
      [{ first_seating: "25:00" }, "first_seating"],
      [{ last_seating: "7pm" }, "last_seating"],
      [{ interval_minutes: 4 }, "interval_minutes"],
      [{ interval_minutes: 241 }, "interval_minutes"],
      [{ turn_minutes: 0 }, "turn_minutes"],
      [{ turn_minutes: [] }, "turn_minutes"],
      [{ turn_minutes: [{ max_party_size: 2, minutes: 60 }, { max_party_size: 2, minutes: 90 }] }, "turn_minutes"],
      [{ max_covers_per_slot: 0 }, "max_covers_per_slot"],
    ];
    for (const [patch, field] of cases) {
      const res = await call(createSessionRoute, { params: { id: restaurantId }, token, body: { ...dinner, ...patch } });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(Object.keys(res.json.error.fields), JSON.stringify(patch)).toContain(field);
    }
  });
});

describe("closures", () => {
  it("creates, lists (optionally from a date) and deletes closures", async () => {
    const v = await version();
    const a = await call(createClosureRoute, {
      params: { id: restaurantId },
      token,
      body: { start_date: "2030-12-24", end_date: "2030-12-26", reason: "Christmas" },
    });
    expect(a.status).toBe(201);
    expect(a.json).toEqual({ id: expect.any(String), restaurant_id: restaurantId, start_date: "2030-12-24", end_date: "2030-12-26", reason: "Christmas" });
    expect(await version()).toBeGreaterThan(v);
    const b = await call(createClosureRoute, { params: { id: restaurantId }, token, body: { start_date: "2030-01-01", end_date: "2030-01-01" } });
    expect(b.json.reason).toBeNull();

    const all = await call(listClosuresRoute, { params: { id: restaurantId }, token: hostToken });
    expect(all.json.items.map((c: { id: string }) => c.id)).toEqual([b.json.id, a.json.id]);
    const later = await call(listClosuresRoute, { params: { id: restaurantId }, token, path: "/x?from=2030-06-01" });
    expect(later.json.items.map((c: { id: string }) => c.id)).toEqual([a.json.id]);

    const del = await call(deleteClosureRoute, { method: "DELETE", params: { id: restaurantId, closure_id: b.json.id }, token });
    expect(del.status).toBe(204);
    const again = await call(deleteClosureRoute, { method: "DELETE", params: { id: restaurantId, closure_id: b.json.id }, token });
    expect(again.status).toBe(404);
  });

  it("refuses an end before the start, impossible dates and other formats with 400", async () => {
    const backwards = await call(createClosureRoute, { params: { id: restaurantId }, token, body: { start_date: "2030-02-02", end_date: "2030-02-01" } });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.fields.end_date).toBeDefined();
    const impossible = await call(createClosureRoute, { params: { id: restaurantId }, token, body: { start_date: "2030-02-30", end_date: "2030-03-01" } });
    expect(impossible.status).toBe(400);
    const format = await call(createClosureRoute, { params: { id: restaurantId }, token, body: { start_date: "1/2/2030", end_date: "2030-03-01" } });
    expect(format.status).toBe(400);
  });
});
