import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { reservations } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { fixedClock } from "@/lib/clock";
import { DomainError } from "@/lib/errors";
import { createMemoryKv, type Kv } from "@/lib/redis";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurantWith } from "@/lib/testing/fixtures";
import { createPhoneBooking, HOST_UNDO_MINUTES, serviceDatesAt, setReservationStatus, undoReservationStatus } from "./front-of-house";
import { expectCode } from "@/lib/testing/expect-domain";

let t: TestDb;
let kv: Kv;
let manager: Principal;
let host: Principal;
let restaurantId: string;
let t1: string;
// Tokyo (UTC+9, no DST): 2030-03-05 19:00 local = 10:00Z.
const NOW = "2030-03-05T10:00:00Z";
const clock = fixedClock(NOW);
const at = (iso: string) => new Date(iso);


async function row(id: string) {
  const [r] = await t.db.select().from(reservations).where(eq(reservations.id, id));
  return r!;
}

/** A phone booking on T1 (booked "the day before", so the minimum notice never gets in the way). */
async function booking(startsAt: string, name = "Guest") {
  return createPhoneBooking(t.db, { restaurantId, principal: host, startsAt: at(startsAt), partySize: 2, name, tableId: t1 }, { clock: fixedClock("2030-03-01T00:00:00Z"), kv });
}

beforeAll(async () => {
  t = await openTestApp({ kv: (kv = createMemoryKv()), appDb: false });
  const r = await insertRestaurantWith(t.db, {
    restaurant: { timezone: "Asia/Tokyo" },
    sessions: [{ name: "Dinner", firstSeating: "17:00", lastSeating: "23:00", intervalMinutes: 60, turnMinutes: 90 }],
    tables: [{ label: "T1", maxSeats: 4 }],
    staff: { manager: {}, host: {} },
  });
  restaurantId = r.restaurant.id;
  t1 = r.tables[0]!.id;
  manager = r.staff.manager!.principal;
  host = r.staff.host!.principal;
});
afterAll(() => closeTestApp(t));
beforeEach(async () => {
  await t.sql`delete from notifications`;
  await t.sql`delete from reservations`;
});

describe("undo a status change", () => {
  it("seated → confirmed and completed → seated, each bumping the version and clearing its stamp", async () => {
    const b = await booking("2030-03-05T10:00:00Z");
    const seated = await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "seated" }, { clock });
    const finished = await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "completed" }, { clock });
    expect((await row(b.id)).completedAt).not.toBeNull();

    const backToSeated = await undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "completed", expectedVersion: finished.version });
    expect(backToSeated).toMatchObject({ status: "seated", version: finished.version + 1 });
    expect((await row(b.id)).completedAt).toBeNull();
    expect((await row(b.id)).seatedAt).not.toBeNull();

    const backToConfirmed = await undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "seated" });
    expect(backToConfirmed).toMatchObject({ status: "confirmed", version: seated.version + 3 });
    expect((await row(b.id)).seatedAt).toBeNull();
  });

  it("no_show → confirmed, and the table is held again: a booking placed on it meanwhile makes the undo fail clearly", async () => {
    const b = await booking("2030-03-05T10:00:00Z", "Mori");
    await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "no_show" }, { clock });
    expect((await undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "no_show" })).status).toBe("confirmed");
    // Its table is blocked again: a second booking overlapping it is refused.
    await expectCode(booking("2030-03-05T10:30:00Z", "Late"), "slot_unavailable");

    await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "no_show" }, { clock });
    await booking("2030-03-05T10:30:00Z", "Given the table");
    const e = await expectCode(undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "no_show" }), "slot_unavailable");
    expect(e.message).toBe("Table T1 has been given to another booking since; move one of them first.");
    expect((await row(b.id)).status).toBe("no_show");
  });

  it("never reverts a newer change: a stale status is nothing to undo, a stale version is a conflict", async () => {
    const b = await booking("2030-03-05T10:00:00Z");
    const seated = await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "seated" }, { clock });
    await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "completed" }, { clock });
    const stale = await expectCode(undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "seated" }), "invalid_transition");
    expect(stale.message).toBe("Nothing to undo: this reservation is already completed.");
    await expectCode(undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "completed", expectedVersion: seated.version }), "conflict");
    expect((await row(b.id)).status).toBe("completed");
  });

  it("two hosts pressing Undo at once: exactly one wins", async () => {
    const b = await booking("2030-03-05T10:00:00Z");
    await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "no_show" }, { clock });
    const results = await Promise.allSettled([
      undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "no_show" }),
      undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: manager, from: "no_show" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as DomainError).code).toBe("invalid_transition");
    expect((await row(b.id)).status).toBe("confirmed");
  });

  it(`a host may undo within ${HOST_UNDO_MINUTES} minutes; later only a manager or owner reverts`, async () => {
    const b = await booking("2030-03-05T10:00:00Z");
    await setReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, status: "seated" }, { clock });
    // Seated a while ago (by the database clock, which stamps it).
    await t.sql`update reservations set seated_at = now() - make_interval(mins => ${HOST_UNDO_MINUTES + 1}) where id = ${b.id}`;
    const e = await expectCode(undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: host, from: "seated" }), "forbidden");
    expect(e.message).toBe(`A host can undo within ${HOST_UNDO_MINUTES} minutes of the change; ask a manager to revert it now.`);
    expect((await row(b.id)).status).toBe("seated");
    expect((await undoReservationStatus(t.db, { restaurantId, reservationId: b.id, principal: manager, from: "seated" })).status).toBe("confirmed");
  });
});

describe("seat and no-show only for the service that is on", () => {
  it("refuses to seat a booking for another day, with the day named", async () => {
    const later = await booking("2030-03-11T10:00:00Z");
    const e = await expectCode(setReservationStatus(t.db, { restaurantId, reservationId: later.id, principal: host, status: "seated" }, { clock }), "outside_policy");
    expect(e.message).toBe("Only today's bookings can be seated: this one is for Monday 11 March 2030.");
    const noShow = await expectCode(setReservationStatus(t.db, { restaurantId, reservationId: later.id, principal: host, status: "no_show" }, { clock }), "outside_policy");
    expect(noShow.message).toBe("A booking for Monday 11 March 2030 cannot be a no-show yet.");
    expect((await row(later.id)).status).toBe("confirmed");
  });

  it("seats last night's late booking after midnight until the rollover, and a past booking can still be a no-show", async () => {
    // 23:00 local on the 5th; the host seats it at 00:30 local on the 6th (15:30Z).
    const late = await booking("2030-03-05T14:00:00Z");
    const afterMidnight = fixedClock("2030-03-05T15:30:00Z");
    expect(serviceDatesAt(afterMidnight.now(), "Asia/Tokyo")).toEqual(["2030-03-05", "2030-03-06"]);
    expect((await setReservationStatus(t.db, { restaurantId, reservationId: late.id, principal: host, status: "seated" }, { clock: afterMidnight })).status).toBe("seated");

    const yesterday = await booking("2030-03-04T10:00:00Z");
    const e = await expectCode(setReservationStatus(t.db, { restaurantId, reservationId: yesterday.id, principal: host, status: "seated" }, { clock }), "outside_policy");
    expect(e.message).toBe("Only today's bookings can be seated: this one is for Monday 4 March 2030.");
    expect((await setReservationStatus(t.db, { restaurantId, reservationId: yesterday.id, principal: host, status: "no_show" }, { clock })).status).toBe("no_show");
  });
});
