import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executePrepared, openDb, type DbHandle } from "@/db/client";
import { loadInstantContext } from "@/lib/availability/load";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";

/**
 * The hot path's statements run as named prepared statements (planned once per connection), or
 * unnamed like every other statement when the pool is opened with prepare off (a transaction-mode
 * pooler): the same answers either way, in and out of transactions.
 */
describe("executePrepared", () => {
  let t: TestDb;
  let prepared: DbHandle;
  let unnamed: DbHandle;
  let restaurantId: string;

  beforeAll(async () => {
    t = await createTestDb(inject("templateDb"), { max: 2 });
    // One connection each, so the session's own list of prepared statements is the pool's.
    prepared = openDb(t.url, { max: 1 });
    unnamed = openDb(t.url, { max: 1, prepare: false });
    const r = await insertRestaurant(t.db, { timezone: "Europe/London" });
    await insertTable(t.db, r.id, { label: "T1", minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, r.id, { firstSeating: "18:00", lastSeating: "21:00" });
    restaurantId = r.id;
  });
  afterAll(async () => {
    await prepared?.close();
    await unnamed?.close();
    await t.destroy();
  });

  // Asked unnamed itself (a tagged template would be prepared), about the statements that read restaurants.
  const namedStatements = async (h: DbHandle) =>
    ((await h.sql.unsafe("select count(*)::int as n from pg_prepared_statements where not from_sql and statement like '%from restaurants%'")) as unknown as { n: number }[])[0]!.n;

  it("keeps the statement prepared on its connection, and answers as an unnamed one does", async () => {
    const at = new Date("2027-03-10T19:00:00Z");
    const a = await loadInstantContext(prepared.db, restaurantId, at, "2027-03-08", "2027-03-11");
    const again = await loadInstantContext(prepared.db, restaurantId, at, "2027-03-08", "2027-03-11");
    const b = await loadInstantContext(unnamed.db, restaurantId, at, "2027-03-08", "2027-03-11");
    expect(a).not.toBeNull();
    expect(again).toEqual(a);
    expect(b).toEqual(a);
    expect(a!.tables.map((x) => x.label)).toEqual(["T1"]);
    expect(await namedStatements(prepared)).toBeGreaterThan(0);
    expect(await namedStatements(unnamed)).toBe(0);
  });

  it("with prepare off names no statement at all, a tagged template's included", async () => {
    await prepared.sql`select id from restaurants where id = ${restaurantId}::uuid`;
    await unnamed.sql`select id from restaurants where id = ${restaurantId}::uuid`;
    expect(await namedStatements(prepared)).toBeGreaterThan(0);
    expect(await namedStatements(unnamed)).toBe(0);
  });

  it("runs on the transaction's connection inside a transaction, seeing its own writes", async () => {
    for (const h of [prepared, unnamed]) {
      const seen = await h.db.transaction(async (tx) => {
        await tx.execute(sql`update restaurants set name = 'Inside the transaction' where id = ${restaurantId}::uuid`);
        const rows = await executePrepared<{ name: string }>(tx, sql`select name from restaurants where id = ${restaurantId}::uuid`);
        tx.rollback();
        return rows;
      }).catch((e: unknown) => (e instanceof Error && e.message.includes("Rollback") ? "rolled back" : Promise.reject(e)));
      expect(seen).toBe("rolled back");
    }
    // What the transaction saw before rolling back, asked without rolling back.
    const rows = await prepared.db.transaction(async (tx) => {
      await tx.execute(sql`update restaurants set name = 'Inside the transaction' where id = ${restaurantId}::uuid`);
      const inside = await executePrepared<{ name: string }>(tx, sql`select name from restaurants where id = ${restaurantId}::uuid`);
      await tx.execute(sql`update restaurants set name = 'Test restaurant' where id = ${restaurantId}::uuid`);
      return inside;
    });
    expect(rows.map((r) => r.name)).toEqual(["Inside the transaction"]);
  });
});
