import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { notifications, reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { fixedClock } from "@/lib/clock";
import { DomainError } from "@/lib/errors";
import { createMemoryKv, type Kv } from "@/lib/redis";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurantWith } from "@/lib/testing/fixtures";
import { moveReservation } from "./move";
import { updateReservationNotes } from "./notes";
import { tableLockKey } from "./placement";
import { expectCode } from "@/lib/testing/expect-domain";

let t: TestDb;
let kv: Kv;
let owner: Principal;
let host: Principal;
let restaurantId: string;
let otherRestaurantId: string;
let otherTableId: string;
let t1: string;
let t2: string;
let t6: string;
let inactive: string;
const clock = fixedClock("2030-03-01T12:00:00Z");
const at = (iso: string) => new Date(iso);


beforeAll(async () => {
  t = await openTestApp({ kv: (kv = createMemoryKv()), max: 30, appDb: false });
  const r = await insertRestaurantWith(t.db, {
    restaurant: { timezone: "Europe/London" },
    sessions: [{ firstSeating: "17:00", lastSeating: "22:00", turnMinutes: 90 }],
    tables: [
      { label: "T1", maxSeats: 4 },
      { label: "T2", maxSeats: 4 },
      { label: "T6", maxSeats: 2 },
      { label: "T9", maxSeats: 8, active: false },
    ],
    staff: { owner: {}, host: {} },
  });
  restaurantId = r.restaurant.id;
  [t1, t2, t6, inactive] = r.tables.map((x) => x.id) as [string, string, string, string];
  const other = await insertRestaurantWith(t.db, { tables: [{ label: "X1" }] });
  otherRestaurantId = other.restaurant.id;
  otherTableId = other.tables[0]!.id;
  owner = r.staff.owner!.principal;
  host = r.staff.host!.principal;
});
afterAll(() => closeTestApp(t));
beforeEach(async () => {
  await t.db.delete(reservations);
});

const booking = (tableId: string, startIso: string, minutes = 90, extra: { partySize?: number; status?: "confirmed" | "seated" | "cancelled" } = {}) =>
  insertReservation(t.db, {
    restaurantId,
    tableId,
    startsAt: at(startIso),
    endsAt: new Date(at(startIso).getTime() + minutes * 60_000),
    serviceDate: "2030-03-05",
    ...extra,
  });

describe("moveReservation", () => {
  it("moves a confirmed reservation to another free table and keeps its times", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    const moved = await moveReservation(t.db, { reservationId: r.id, principal: host, restaurantId, tableId: t2 }, { clock, kv });
    expect(moved.table).toEqual({ id: t2, label: "T2" });
    expect(moved.startsAt).toEqual(r.startsAt);
    expect(moved.endsAt).toEqual(r.endsAt);
    expect(moved.version).toBe(r.version + 1);
  });

  it("moves to another time, keeping the booking's length, the service date and the session", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z", 120);
    const moved = await moveReservation(t.db, { reservationId: r.id, principal: owner, startsAt: at("2030-03-05T20:30:00Z") }, { clock, kv });
    expect(moved.startsAt).toEqual(at("2030-03-05T20:30:00Z"));
    expect(moved.endsAt).toEqual(at("2030-03-05T22:30:00Z"));
    expect(moved.serviceDate).toBe("2030-03-05");
    const [row] = await t.db.select().from(reservations).where(eq(reservations.id, r.id));
    expect(row!.sessionId).not.toBeNull();
  });

  it("refuses a move onto an overlapping reservation with a clear slot_unavailable message, and changes nothing", async () => {
    const blocker = await booking(t2, "2030-03-05T19:30:00Z");
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    const e = await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: t2 }, { clock, kv }), "slot_unavailable");
    expect(e.message).toMatch(/^Table T2 already has a reservation that overlaps 19:00–20:30 \(19:30–21:00, party of 2\)/);
    const rows = await t.db.select().from(reservations);
    expect(rows.find((x) => x.id === r.id)).toMatchObject({ tableId: t1, version: r.version });
    expect(rows.find((x) => x.id === blocker.id)).toMatchObject({ tableId: t2, version: blocker.version });
  });

  it("lets a move end exactly when the next reservation starts (half-open ranges)", async () => {
    await booking(t2, "2030-03-05T20:30:00Z");
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    const moved = await moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: t2 }, { clock, kv });
    expect(moved.table.id).toBe(t2);
  });

  it("ignores cancelled reservations and lapsed holds on the target table", async () => {
    await booking(t2, "2030-03-05T19:00:00Z", 90, { status: "cancelled" });
    await insertReservation(t.db, {
      restaurantId,
      tableId: t2,
      startsAt: at("2030-03-05T19:00:00Z"),
      endsAt: at("2030-03-05T20:30:00Z"),
      status: "held",
      holdExpiresAt: new Date(Date.now() - 60_000),
      serviceDate: "2030-03-05",
    });
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    const moved = await moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: t2 }, { clock, kv });
    expect(moved.table.id).toBe(t2);
    const statuses = (await t.db.select().from(reservations).where(eq(reservations.tableId, t2))).map((x) => x.status).sort();
    expect(statuses).toEqual(["cancelled", "confirmed", "expired"]);
  });

  it("lets exactly one of two racing moves onto the same free slot win; the other is refused", async () => {
    const a = await booking(t1, "2030-03-05T19:00:00Z");
    const b = await booking(t6, "2030-03-05T19:00:00Z");
    // No Redis lock, so both reach Postgres and the exclusion constraint decides.
    const noLock: Kv = { ...createMemoryKv(), lock: async () => ({ acquired: true, degraded: true, release: async () => {} }) };
    const results = await Promise.allSettled([
      moveReservation(t.db, { reservationId: a.id, principal: owner, tableId: t2 }, { clock, kv: noLock }),
      moveReservation(t.db, { reservationId: b.id, principal: owner, tableId: t2 }, { clock, kv: noLock }),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((x): x is PromiseRejectedResult => x.status === "rejected")!;
    expect((failed.reason as DomainError).code).toBe("slot_unavailable");
    const onT2 = await t.db.select().from(reservations).where(eq(reservations.tableId, t2));
    expect(onT2).toHaveLength(1);
  });

  it("fails fast with slot_locked while another booking holds the target table's lock", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    const lock = await kv.lock(tableLockKey(t2, "2030-03-05"), 5_000);
    try {
      await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: t2 }, { clock, kv }), "slot_locked");
    } finally {
      await lock.release();
    }
  });

  it("refuses a table that is too small, inactive, or another restaurant's", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z", 90, { partySize: 4 });
    await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: t6 }, { clock, kv }), "invalid_input");
    await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: inactive }, { clock, kv }), "invalid_input");
    await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: otherTableId }, { clock, kv }), "not_found");
    const [row] = await t.db.select().from(reservations).where(eq(reservations.id, r.id));
    expect(row!.tableId).toBe(t1);
  });

  it("refuses a reservation of another restaurant when called with this restaurant's id", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    await expectCode(
      moveReservation(t.db, { reservationId: r.id, principal: owner, restaurantId: otherRestaurantId, tableId: t2 }, { clock, kv }),
      "not_found",
    );
  });

  it("refuses cancelled reservations, time changes of seated parties, past times and stale versions", async () => {
    const cancelled = await booking(t1, "2030-03-05T17:00:00Z", 60, { status: "cancelled" });
    await expectCode(moveReservation(t.db, { reservationId: cancelled.id, principal: owner, tableId: t2 }, { clock, kv }), "invalid_transition");
    const seated = await booking(t1, "2030-03-05T19:00:00Z", 90, { status: "seated" });
    await expectCode(moveReservation(t.db, { reservationId: seated.id, principal: owner, startsAt: at("2030-03-05T20:00:00Z") }, { clock, kv }), "invalid_input");
    const seatedMoved = await moveReservation(t.db, { reservationId: seated.id, principal: owner, tableId: t2 }, { clock, kv });
    expect(seatedMoved.status).toBe("seated");
    const r = await booking(t1, "2030-03-05T21:00:00Z");
    await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, startsAt: at("2030-02-28T19:00:00Z") }, { clock, kv }), "outside_policy");
    await expectCode(moveReservation(t.db, { reservationId: r.id, principal: owner, tableId: t6, expectedVersion: r.version + 5 }, { clock, kv }), "conflict");
  });

  it("moves the pending reminder with the booking", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    await t.db.insert(notifications).values({ reservationId: r.id, kind: "reminder", toEmail: "g@example.test", sendAfter: at("2030-03-04T19:00:00Z") });
    await moveReservation(t.db, { reservationId: r.id, principal: owner, startsAt: at("2030-03-05T21:00:00Z") }, { clock, kv });
    const [n] = await t.db.select().from(notifications).where(eq(notifications.reservationId, r.id));
    // The restaurant's default reminder lead is 24 hours.
    expect(n!.sendAfter).toEqual(at("2030-03-04T21:00:00Z"));
  });
});

describe("updateReservationNotes", () => {
  it("sets and clears staff notes, bumping the version", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    const noted = await updateReservationNotes(t.db, { reservationId: r.id, principal: host, restaurantId, notes: "  Window seat, birthday  " });
    expect(noted.notes).toBe("Window seat, birthday");
    expect(noted.version).toBe(r.version + 1);
    const cleared = await updateReservationNotes(t.db, { reservationId: r.id, principal: host, notes: "   " });
    expect(cleared.notes).toBeNull();
  });

  it("refuses notes over the limit, and another restaurant's reservation", async () => {
    const r = await booking(t1, "2030-03-05T19:00:00Z");
    await expectCode(updateReservationNotes(t.db, { reservationId: r.id, principal: owner, notes: "x".repeat(2001) }), "invalid_input");
    await expectCode(updateReservationNotes(t.db, { reservationId: r.id, principal: owner, restaurantId: otherRestaurantId, notes: "hi" }), "not_found");
    const [row] = await t.db.select().from(reservations).where(eq(reservations.id, r.id));
    expect(row!.notes).toBeNull();
  });
});
