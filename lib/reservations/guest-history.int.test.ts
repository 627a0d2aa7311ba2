import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertMember, insertReservation, insertRestaurant, insertTable, insertUser } from "@/lib/testing/fixtures";
import { findReturningGuest } from "./guest-history";

let t: TestDb;
let host: Principal;
let restaurantId: string;
let otherRestaurantId: string;

async function booking(restaurant: string, table: string, day: number, status: "confirmed" | "completed" | "no_show" | "cancelled" | "held", contact: { name: string; email?: string; phone?: string }, party = 2) {
  const start = new Date(Date.UTC(2030, 0, day, 19));
  const r = await insertReservation(t.db, { restaurantId: restaurant, tableId: table, startsAt: start, endsAt: new Date(start.getTime() + 5_400_000), status, partySize: party });
  await t.sql`update reservations set guest_name = ${contact.name}, guest_email = ${contact.email ?? null}, guest_phone = ${contact.phone ?? null} where id = ${r.id}`;
}

beforeAll(async () => {
  t = await createTestDb(inject("templateDb"));
  const r = await insertRestaurant(t.db);
  restaurantId = r.id;
  const table = (await insertTable(t.db, r.id, { maxSeats: 8 })).id;
  const other = await insertRestaurant(t.db);
  otherRestaurantId = other.id;
  const otherTable = (await insertTable(t.db, other.id)).id;
  const h = await insertUser(t.db);
  await insertMember(t.db, r.id, h.id, "host");
  host = { userId: h.id, email: h.email, name: h.name };

  await booking(r.id, table, 1, "completed", { name: "Mia Returning", email: "Mia@Example.test", phone: "+44 20 7946 0001" }, 2);
  await booking(r.id, table, 8, "completed", { name: "Mia R.", phone: "020-7946-0001".replace(/^0/, "+44 ") }, 4);
  await booking(r.id, table, 15, "no_show", { name: "Mia", email: "mia@example.test" });
  await booking(r.id, table, 22, "cancelled", { name: "Mia", email: "mia@example.test" });
  await booking(r.id, table, 29, "held", { name: "Mia", email: "mia@example.test" });
  // The same guest elsewhere is not this restaurant's history.
  await booking(other.id, otherTable, 3, "completed", { name: "Mia", email: "mia@example.test" });
});
afterAll(async () => {
  await t.destroy();
});

describe("a returning guest, looked up by email or phone", () => {
  it("sums up visits, covers, no-shows, cancellations and the last visit at this restaurant only", async () => {
    const byEmail = await findReturningGuest(t.db, host, restaurantId, { email: "MIA@example.test" });
    expect(byEmail).toMatchObject({ visits: 1, covers: 2, noShows: 1, cancellations: 1, lastVisit: "2030-01-01" });
    const byBoth = await findReturningGuest(t.db, host, restaurantId, { email: "mia@example.test", phone: "+44 (20) 7946-0001" });
    expect(byBoth).toMatchObject({ name: "Mia", visits: 2, covers: 6, noShows: 1, cancellations: 1, lastVisit: "2030-01-08" });
  });

  it("looks nothing up from a partial email or a short number, and finds no stranger", async () => {
    expect(await findReturningGuest(t.db, host, restaurantId, { email: "mia@exa" })).toBeNull();
    expect(await findReturningGuest(t.db, host, restaurantId, { phone: "0001" })).toBeNull();
    expect(await findReturningGuest(t.db, host, restaurantId, { email: "nobody@example.test" })).toBeNull();
  });

  it("is staff only: a host of another restaurant learns nothing", async () => {
    await expect(findReturningGuest(t.db, host, otherRestaurantId, { email: "mia@example.test" })).rejects.toMatchObject({ code: "not_found" });
    await expect(findReturningGuest(t.db, null, restaurantId, { email: "mia@example.test" })).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
