import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { restaurants } from "@/db/schema";
import { fixedClock } from "@/lib/clock";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertReservation, insertRestaurantWith, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { DEFAULT_POLICY } from "@/lib/restaurants/restaurants";
import { createClosure } from "./closures";
import { getSetupChecklist, publishRestaurant, unpublishRestaurant } from "./publish";
import { listReservationsOutsideRules } from "./rule-impact";
import { updateSession } from "./sessions";
import { updateTable } from "./tables";
import { updateRestaurant } from "./restaurants";
import { expectCode, principalOf } from "@/lib/testing/expect-domain";

let t: TestDb;


async function draftWithOwner() {
  const { restaurant: r, staff } = await insertRestaurantWith(t.db, {
    restaurant: { published: false, timezone: "Europe/London", anonymousHoldSharePct: DEFAULT_POLICY.anonymousHoldSharePct },
    staff: { owner: {} },
  });
  return { restaurantId: r.id, owner: staff.owner!.principal };
}

beforeAll(async () => {
  t = await openTestApp({ appDb: false });
});
afterAll(() => closeTestApp(t));

describe("publishing", () => {
  it("cannot publish without an active table and a session; the checklist says what is missing", async () => {
    const { restaurantId, owner } = await draftWithOwner();
    let list = await getSetupChecklist(t.db, owner, restaurantId);
    expect(list).toMatchObject({ activeTables: 0, sessions: 0, published: false, canPublish: false, policyReviewed: false });
    expect(list.missing).toEqual(["Add at least one active table.", "Add at least one service session."]);
    let e = await expectCode(publishRestaurant(t.db, owner, restaurantId), "invalid_transition");
    expect(e.message).toBe("Not ready to publish. Add at least one active table. Add at least one service session.");

    const table = await insertTable(t.db, restaurantId, { active: false });
    e = await expectCode(publishRestaurant(t.db, owner, restaurantId), "invalid_transition");
    expect(e.details).toEqual({ missing: ["Add at least one active table.", "Add at least one service session."] });
    await updateTable(t.db, owner, restaurantId, table.id, { active: true });
    e = await expectCode(publishRestaurant(t.db, owner, restaurantId), "invalid_transition");
    expect(e.details).toEqual({ missing: ["Add at least one service session."] });
    const [row] = await t.db.select().from(restaurants).where(eq(restaurants.id, restaurantId));
    expect(row!.published).toBe(false);

    await insertSession(t.db, restaurantId);
    await updateRestaurant(t.db, owner, restaurantId, { policy: { holdMinutes: 15 } });
    list = await getSetupChecklist(t.db, owner, restaurantId);
    expect(list).toMatchObject({ activeTables: 1, sessions: 1, canPublish: true, missing: [], policyReviewed: true });
    expect((await publishRestaurant(t.db, owner, restaurantId)).published).toBe(true);
    expect((await getSetupChecklist(t.db, owner, restaurantId)).published).toBe(true);
    expect((await unpublishRestaurant(t.db, owner, restaurantId)).published).toBe(false);
  });
});

describe("reservations outside the rules after a change", () => {
  const clock = fixedClock("2030-03-01T12:00:00Z");

  it("lists future bookings stranded by a closure, a shorter session, a new interval or a deactivated table, and changes none", async () => {
    const { restaurantId, owner } = await draftWithOwner();
    const session = await insertSession(t.db, restaurantId, { firstSeating: "17:00", lastSeating: "22:00", intervalMinutes: 15, days: [1, 2, 3, 4, 5, 6, 7] });
    const t1 = (await insertTable(t.db, restaurantId, { label: "T1" })).id;
    const t2 = await insertTable(t.db, restaurantId, { label: "T2" });
    const t2Id = t2.id;
    const book = (tableId: string, iso: string, date: string) =>
      insertReservation(t.db, { restaurantId, tableId, startsAt: new Date(iso), endsAt: new Date(new Date(iso).getTime() + 90 * 60_000), serviceDate: date });
    const onClosedDay = await book(t1, "2030-03-06T19:00:00Z", "2030-03-06");
    const late = await book(t1, "2030-03-07T21:30:00Z", "2030-03-07");
    const quarter = await book(t1, "2030-03-08T19:15:00Z", "2030-03-08");
    const onT2 = await book(t2Id, "2030-03-09T19:00:00Z", "2030-03-09");
    const fine = await book(t1, "2030-03-10T19:00:00Z", "2030-03-10");
    // Staff may book between seatings: a phone booking at 19:15 stays fine when the interval changes.
    const staffQuarter = await book(t1, "2030-03-11T19:15:00Z", "2030-03-11");
    await t.sql`update reservations set source = 'owner' where id = ${staffQuarter.id}`;
    await book(t1, "2030-02-20T19:00:00Z", "2030-02-20"); // past: never listed

    expect(await listReservationsOutsideRules(t.db, owner, restaurantId, { clock })).toEqual([]);

    await createClosure(t.db, owner, restaurantId, { startDate: "2030-03-06", endDate: "2030-03-06", reason: "Private event" });
    await updateSession(t.db, owner, restaurantId, session.id, { lastSeating: "21:00", intervalMinutes: 30 });
    await updateTable(t.db, owner, restaurantId, t2.id, { active: false });
    // The fixture's bookings are online ones ("web"), so a time between seatings is flagged too.
    const listed = await listReservationsOutsideRules(t.db, owner, restaurantId, { clock });
    expect(listed.map((r) => [r.id, r.reasons])).toEqual([
      [onClosedDay.id, ["closed"]],
      [late.id, ["no_session"]],
      [quarter.id, ["not_a_seating"]],
      [onT2.id, ["table_inactive"]],
    ]);
    expect(listed[0]!.messages).toEqual(["The restaurant is closed on 2030-03-06 (Private event)."]);
    expect(listed[1]!.messages).toEqual(["No service session runs at 21:30 on Thursdays any more."]);
    expect(listed.map((r) => r.id)).not.toContain(fine.id);
    expect(listed.map((r) => r.id)).not.toContain(staffQuarter.id);
    const statuses = await t.sql`select status from reservations where restaurant_id = ${restaurantId}`;
    expect(statuses.every((s) => s.status === "confirmed")).toBe(true);
  });

  it("is for owners and managers only", async () => {
    const { restaurantId } = await draftWithOwner();
    const host = await insertUser(t.db);
    await insertMember(t.db, restaurantId, host.id, "host");
    await expectCode(listReservationsOutsideRules(t.db, principalOf(host), restaurantId), "forbidden");
    await expectCode(listReservationsOutsideRules(t.db, null, restaurantId), "unauthenticated");
  });
});
