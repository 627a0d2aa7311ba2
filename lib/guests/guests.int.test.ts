import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { fixedClock } from "@/lib/clock";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertReservation, insertRestaurant, insertTable, insertUser } from "@/lib/testing/fixtures";
import { guestKeyFromParam, guestKeyOf, guestKeyToParam } from "./contract";
import { getGuestProfile, getGuestSummaryForReservation, listGuests, lookupGuests, updateGuestProfile } from "./guests";

let t: TestDb;
let host: Principal;
let otherOwner: Principal;
let A: string;
let B: string;
const ids: Record<string, string> = {};
const clock = fixedClock("2030-02-01T12:00:00Z");

type Status = "confirmed" | "seated" | "completed" | "no_show" | "cancelled" | "held" | "expired";

async function booking(
  restaurant: string,
  table: string,
  day: number,
  status: Status,
  contact: { name: string; email?: string; phone?: string },
  party = 2,
  label?: string,
) {
  const start = new Date(Date.UTC(2030, 0, day, 19));
  const r = await insertReservation(t.db, { restaurantId: restaurant, tableId: table, startsAt: start, endsAt: new Date(start.getTime() + 5_400_000), status, partySize: party });
  await t.sql`update reservations set guest_name = ${contact.name}, guest_email = ${contact.email ?? null}, guest_phone = ${contact.phone ?? null} where id = ${r.id}`;
  if (label) ids[label] = r.id;
  return r.id;
}

beforeAll(async () => {
  t = await openTestApp({ kv: false, appDb: false });
  A = (await insertRestaurant(t.db, { timezone: "Europe/London" })).id;
  B = (await insertRestaurant(t.db)).id;
  const table = (await insertTable(t.db, A, { maxSeats: 8, label: "T4" })).id;
  const tableB = (await insertTable(t.db, B)).id;
  const h = await insertUser(t.db);
  await insertMember(t.db, A, h.id, "host");
  host = { userId: h.id, email: h.email, name: h.name };
  const o = await insertUser(t.db);
  await insertMember(t.db, B, o.id, "owner");
  otherOwner = { userId: o.id, email: o.email, name: o.name };

  // Mia books by email (any case); visits, a no-show, a cancellation, a lapsed hold and one to come.
  await booking(A, table, 1, "completed", { name: "Mia Returning", email: "Mia@Example.test", phone: "+447700900001" }, 2, "mia1");
  await booking(A, table, 8, "completed", { name: "Mia R.", email: "mia@example.test" }, 4, "mia2");
  await booking(A, table, 15, "no_show", { name: "Mia", email: " MIA@example.test " });
  await booking(A, table, 22, "cancelled", { name: "Mia", email: "mia@example.test" });
  await booking(A, table, 23, "held", { name: "Mia", email: "mia@example.test" });
  await booking(A, table, 24, "expired", { name: "Mia", email: "mia@example.test" });
  await booking(A, table, 26, "seated", { name: "Mia", email: "mia@example.test" }, 3, "miaTonight");
  await booking(A, table, 40, "confirmed", { name: "Mia", email: "mia@example.test" }, 2, "miaNext");
  // Raj books by phone only, once stored as typed before numbers were normalised.
  await booking(A, table, 2, "completed", { name: "Raj Phone", phone: "+44 20 7946 0123" }, 5, "raj1");
  await booking(A, table, 9, "no_show", { name: "Raj", phone: "+442079460123" });
  // A walk-in with no contact is nobody's history.
  await booking(A, table, 3, "completed", { name: "Walk-in" });
  // Mia at another restaurant, with a lot of visits: never part of A's profile.
  for (const day of [4, 5, 6]) await booking(B, tableB, day, "completed", { name: "Mia Elsewhere", email: "mia@example.test" }, 6, `b${day}`);
});
afterAll(() => closeTestApp(t));

describe("guest keys", () => {
  it("lower-case the email, else the phone in E.164; nothing for a booking without contact", () => {
    expect(guestKeyOf({ email: " Mia@Example.TEST ", phone: "+447700900001" })).toBe("email:mia@example.test");
    expect(guestKeyOf({ phone: "+44 20 7946 0123" })).toBe("phone:+442079460123");
    expect(guestKeyOf({ email: "", phone: "" })).toBeNull();
  });

  it("round-trip through a URL segment, and junk names no guest", () => {
    const key = "email:zoë+tag@example.test";
    const param = guestKeyToParam(key);
    expect(param).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(guestKeyFromParam(param)).toBe(key);
    expect(guestKeyFromParam("not base64 !")).toBeNull();
    expect(guestKeyFromParam(guestKeyToParam("user:1"))).toBeNull();
  });
});

describe("a guest's profile is computed from this restaurant's bookings", () => {
  it("counts completed visits, covers, no-shows, cancellations, the last visit and what is to come", async () => {
    const p = await getGuestProfile(t.db, host, A, "email:mia@example.test", { clock });
    expect(p).toMatchObject({
      key: "email:mia@example.test",
      name: "Mia",
      email: "mia@example.test",
      visits: 2,
      covers: 6,
      noShows: 1,
      cancellations: 1,
      upcoming: 1,
      lastVisit: "2030-01-08",
      tags: [],
      allergies: null,
    });
    // Held and expired holds never happened; the history is everything else, newest first.
    expect(p.history.map((h) => h.status)).toEqual(["confirmed", "seated", "cancelled", "no_show", "completed", "completed"]);
    expect(p.history.at(-1)).toMatchObject({ date: "2030-01-01", localTime: "19:00", partySize: 2, table: "T4", name: "Mia Returning" });
  });

  it("keys a phone-only guest by the E.164 number, however it was written", async () => {
    const p = await getGuestProfile(t.db, host, A, "phone:+442079460123", { clock });
    expect(p).toMatchObject({ name: "Raj", visits: 1, covers: 5, noShows: 1, cancellations: 0, lastVisit: "2030-01-02" });
    expect(p.history).toHaveLength(2);
  });

  it("never counts another restaurant's bookings, and shows another restaurant's guest to nobody here", async () => {
    const p = await getGuestProfile(t.db, host, A, "email:mia@example.test", { clock });
    expect(p.history.map((h) => h.id)).not.toContain(ids.b4);
    const elsewhere = await getGuestProfile(t.db, otherOwner, B, "email:mia@example.test", { clock });
    expect(elsewhere).toMatchObject({ visits: 3, covers: 18, noShows: 0 });
    await expect(getGuestProfile(t.db, host, B, "email:mia@example.test")).rejects.toMatchObject({ code: "not_found" });
    await expect(getGuestProfile(t.db, host, A, "email:nobody@example.test")).rejects.toMatchObject({ code: "not_found" });
    await expect(getGuestProfile(t.db, host, A, "garbage")).rejects.toMatchObject({ code: "not_found" });
  });

  it("lists guests newest first with search by name, email or phone digits", async () => {
    const all = await listGuests(t.db, host, A, {}, { clock });
    expect(all.map((g) => g.key)).toEqual(["email:mia@example.test", "phone:+442079460123"]);
    expect((await listGuests(t.db, host, A, { q: "raj" })).map((g) => g.key)).toEqual(["phone:+442079460123"]);
    expect((await listGuests(t.db, host, A, { q: "Returning" })).map((g) => g.key)).toEqual(["email:mia@example.test"]);
    expect((await listGuests(t.db, host, A, { q: "020 7946 0123" })).map((g) => g.key)).toEqual(["phone:+442079460123"]);
    expect((await listGuests(t.db, host, A, { q: "EXAMPLE.test" })).map((g) => g.key)).toEqual(["email:mia@example.test"]);
    expect(await listGuests(t.db, host, A, { q: "Elsewhere" })).toEqual([]);
    await expect(listGuests(t.db, host, A, { q: "x".repeat(101) })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("looks a guest up as the phone or email is typed, only from enough input", async () => {
    expect((await lookupGuests(t.db, host, A, { phone: "020 7946 01" })).map((g) => g.name)).toEqual(["Raj"]);
    expect((await lookupGuests(t.db, host, A, { phone: "+44 7700" })).map((g) => g.key)).toEqual(["email:mia@example.test"]);
    expect((await lookupGuests(t.db, host, A, { email: "MIA@" })).map((g) => g.key)).toEqual(["email:mia@example.test"]);
    expect(await lookupGuests(t.db, host, A, { phone: "012" })).toEqual([]);
    expect(await lookupGuests(t.db, host, A, { email: "mi" })).toEqual([]);
  });

  it("tells the book which visit a booking is", async () => {
    expect(await getGuestSummaryForReservation(t.db, host, A, ids.miaTonight!, { clock })).toMatchObject({ visitNumber: 3, visits: 2, noShows: 1 });
    expect(await getGuestSummaryForReservation(t.db, host, A, ids.mia1!, { clock })).toMatchObject({ visitNumber: 1 });
    await expect(getGuestSummaryForReservation(t.db, host, A, ids.b4!)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("what staff add to a profile", () => {
  it("is stored under the guest's key and shows on every view of them", async () => {
    const saved = await updateGuestProfile(t.db, host, A, "email:mia@example.test", {
      tags: ["vip", "Window seat", "VIP", "window SEAT"],
      allergies: "Tree nuts",
      notes: "Likes the corner table.\r\nBrings her own wine.",
    });
    expect(saved).toEqual({ key: "email:mia@example.test", tags: ["VIP", "Window seat"], allergies: "Tree nuts", notes: "Likes the corner table.\nBrings her own wine." });
    expect(await getGuestSummaryForReservation(t.db, host, A, ids.miaNext!, { clock })).toMatchObject({ tags: ["VIP", "Window seat"], allergies: "Tree nuts" });
    expect((await lookupGuests(t.db, host, A, { email: "mia@ex" }))[0]).toMatchObject({ allergies: "Tree nuts" });
    // Another restaurant's profile of the same person is its own.
    expect((await getGuestProfile(t.db, otherOwner, B, "email:mia@example.test")).allergies).toBeNull();
    // Clearing.
    expect(await updateGuestProfile(t.db, host, A, "email:mia@example.test", { tags: ["VIP"], allergies: "", notes: null })).toMatchObject({ allergies: null, notes: null });
  });

  it("refuses too many or too long tags, and a guest the restaurant never had", async () => {
    await expect(updateGuestProfile(t.db, host, A, "email:mia@example.test", { tags: Array.from({ length: 13 }, (_, i) => `t${i}`), allergies: null, notes: null })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(updateGuestProfile(t.db, host, A, "email:mia@example.test", { tags: ["x".repeat(25)], allergies: null, notes: null })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(updateGuestProfile(t.db, host, A, "email:stranger@example.test", { tags: [], allergies: null, notes: null })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateGuestProfile(t.db, host, B, "email:mia@example.test", { tags: [], allergies: "x", notes: null })).rejects.toMatchObject({ code: "not_found" });
    expect(await t.sql`select count(*)::int as n from guest_profiles where restaurant_id = ${B}`).toEqual([{ n: 0 }]);
  });
});
