import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createPhoneBooking } from "@/lib/reservations/front-of-house";
import { fixedClock } from "@/lib/clock";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { deleteSession, listUpcomingBookingsBySession } from "./sessions";

let t: TestDb;
let owner: Principal;
let restaurantId: string;
let dinner: string;
let lunch: string;

beforeAll(async () => {
  t = await openTestApp({ appDb: false });
  const r = await insertRestaurant(t.db, { timezone: "Europe/Berlin" });
  restaurantId = r.id;
  lunch = (await insertSession(t.db, r.id, { name: "Lunch", firstSeating: "12:00", lastSeating: "13:00", intervalMinutes: 60, turnMinutes: 60 })).id;
  dinner = (await insertSession(t.db, r.id, { name: "Dinner", firstSeating: "18:00", lastSeating: "21:00", intervalMinutes: 60, turnMinutes: 90 })).id;
  await insertTable(t.db, r.id, { label: "T1", maxSeats: 4 });
  await insertTable(t.db, r.id, { label: "T2", maxSeats: 4 });
  const o = await insertUser(t.db);
  await insertMember(t.db, r.id, o.id, "owner");
  owner = { userId: o.id, email: o.email, name: o.name };
});
afterAll(() => closeTestApp(t));

describe("the bookings a session delete would strand", () => {
  it("lists each session's upcoming confirmed bookings in local time, soonest first; past and cancelled ones are left out; deleting keeps them", async () => {
    const clock = { clock: fixedClock("2031-05-01T00:00:00Z") };
    // 2031-06-02 19:00 and 18:00 Berlin (UTC+2) = 17:00Z and 16:00Z.
    const later = await createPhoneBooking(t.db, { restaurantId, principal: owner, startsAt: new Date("2031-06-02T17:00:00Z"), partySize: 2, name: "Weber" }, clock);
    const sooner = await createPhoneBooking(t.db, { restaurantId, principal: owner, startsAt: new Date("2031-06-02T16:00:00Z"), partySize: 4, name: "Roth" }, clock);
    await t.sql`update reservations set status = 'cancelled' where id = ${(await createPhoneBooking(t.db, { restaurantId, principal: owner, startsAt: new Date("2031-06-03T16:00:00Z"), partySize: 2, name: "Gone" }, clock)).id}`;
    await createPhoneBooking(t.db, { restaurantId, principal: owner, startsAt: new Date("2031-06-02T10:00:00Z"), partySize: 2, name: "Lunch guest" }, clock);

    const byDate = await listUpcomingBookingsBySession(t.db, owner, restaurantId, { now: new Date("2031-06-01T00:00:00Z") });
    expect(byDate[dinner]).toEqual([
      { id: sooner.id, code: sooner.code, name: "Roth", partySize: 4, serviceDate: "2031-06-02", localTime: "18:00" },
      { id: later.id, code: later.code, name: "Weber", partySize: 2, serviceDate: "2031-06-02", localTime: "19:00" },
    ]);
    expect(byDate[lunch]!.map((b) => b.name)).toEqual(["Lunch guest"]);
    // After the service, nothing is upcoming.
    expect(await listUpcomingBookingsBySession(t.db, owner, restaurantId, { now: new Date("2031-06-03T00:00:00Z") })).toEqual({});

    await deleteSession(t.db, owner, restaurantId, dinner);
    const [row] = await t.sql`select status from reservations where id = ${later.id}`;
    expect(row!.status).toBe("confirmed");
  });
});
