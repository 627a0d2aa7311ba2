import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertReservation, insertRestaurant, insertTable, sqlState } from "@/lib/testing/fixtures";

/** Invariant 1 at the database level: the exclusion constraint is the last word on overlap. */
describe("reservations_no_overlap exclusion constraint", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(inject("templateDb"), { max: 50 });
  });
  afterAll(async () => {
    await t.destroy();
  });

  const at = (iso: string) => new Date(iso);
  const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

  it("lets exactly one of 50 concurrent overlapping blocking inserts succeed", async () => {
    const r = await insertRestaurant(t.db);
    const table = await insertTable(t.db, r.id);
    const start = at("2030-03-01T19:00:00Z");
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        insertReservation(t.db, {
          restaurantId: r.id,
          tableId: table.id,
          // Every other one starts 30 minutes later: overlapping, not identical.
          startsAt: minutes(start, (i % 2) * 30),
          endsAt: minutes(start, (i % 2) * 30 + 90),
          status: i % 3 === 0 ? "held" : "confirmed",
        }),
      ),
    );
    const ok = results.filter((x) => x.status === "fulfilled");
    const failed = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(49);
    for (const f of failed) expect(sqlState(f.reason)).toBe("23P01");
    const [{ count }] = (await t.sql`select count(*)::int as count from reservations where table_id = ${table.id}`) as unknown as [
      { count: number },
    ];
    expect(count).toBe(1);
  });

  it("makes 19:00 and 20:00 with 90-minute turns conflict, while 19:00 and 20:30 do not", async () => {
    const r = await insertRestaurant(t.db);
    const table = await insertTable(t.db, r.id);
    const seven = at("2030-03-02T19:00:00Z");
    await insertReservation(t.db, { restaurantId: r.id, tableId: table.id, startsAt: seven, endsAt: minutes(seven, 90) });
    const eight = at("2030-03-02T20:00:00Z");
    const clash = await insertReservation(t.db, {
      restaurantId: r.id,
      tableId: table.id,
      startsAt: eight,
      endsAt: minutes(eight, 90),
    }).catch((e: unknown) => e);
    expect(sqlState(clash)).toBe("23P01");
    // Back to back is fine: ranges are half-open.
    const eightThirty = at("2030-03-02T20:30:00Z");
    const next = await insertReservation(t.db, {
      restaurantId: r.id,
      tableId: table.id,
      startsAt: eightThirty,
      endsAt: minutes(eightThirty, 90),
    });
    expect(next.status).toBe("confirmed");
  });

  it("does not let expired, cancelled, completed or no-show rows block", async () => {
    const r = await insertRestaurant(t.db);
    const table = await insertTable(t.db, r.id);
    const start = at("2030-03-03T19:00:00Z");
    for (const status of ["expired", "cancelled", "completed", "no_show"] as const) {
      await insertReservation(t.db, { restaurantId: r.id, tableId: table.id, startsAt: start, endsAt: minutes(start, 90), status });
    }
    const live = await insertReservation(t.db, {
      restaurantId: r.id,
      tableId: table.id,
      startsAt: start,
      endsAt: minutes(start, 90),
      status: "held",
    });
    expect(live.status).toBe("held");
    // And turning a non-blocking row back into a blocking one is refused too.
    const err = await t.db
      .execute(sql`update reservations set status = 'confirmed' where table_id = ${table.id} and status = 'cancelled'`)
      .catch((e: unknown) => e);
    expect(sqlState(err)).toBe("23P01");
  });

  it("lets different tables overlap freely", async () => {
    const r = await insertRestaurant(t.db);
    const a = await insertTable(t.db, r.id);
    const b = await insertTable(t.db, r.id);
    const start = at("2030-03-04T19:00:00Z");
    await insertReservation(t.db, { restaurantId: r.id, tableId: a.id, startsAt: start, endsAt: minutes(start, 90) });
    const other = await insertReservation(t.db, { restaurantId: r.id, tableId: b.id, startsAt: start, endsAt: minutes(start, 90) });
    expect(other.tableId).toBe(b.id);
  });
});
