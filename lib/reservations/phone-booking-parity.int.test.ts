import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { reservations } from "@/db/schema";
import { call, tokenFor } from "@/lib/api/testing";
import { createMemberReservationHandler } from "@/lib/api/routes/reservations";
import { PARTY_SIZE_MAX } from "@/lib/contract/common";
import { INSTANTS, NUL, type Case } from "@/lib/testing/contract-cases";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { standInSession as session } from "@/lib/testing/next-request";
import { insertMember, insertRestaurant, insertTable, insertUser } from "@/lib/testing/fixtures";
// Tests call the book's action exactly as its phone-booking form does; services never import app/.
// eslint-disable-next-line no-restricted-imports
import { phoneBookingAction } from "@/app/manage/book-actions";

/**
 * A phone booking is one contract: the day book's action and the API's staff booking
 * (`POST /api/v1/restaurants/{id}/reservations`, which adds `status`) accept and refuse the same
 * inputs and store the same values. Accepted inputs reach the service, which answers both doors the
 * same way (the first restaurant has no tables, so every accepted booking is slot_unavailable).
 */
vi.mock("next/headers", () => import("@/lib/testing/next-request"));
vi.mock("next/cache", () => import("@/lib/testing/next-request"));
vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));

let t: TestDb;
let token: string;
let tableless: string;
let withTable: string;

beforeAll(async () => {
  t = await openTestApp();
  const owner = await insertUser(t.db);
  tableless = (await insertRestaurant(t.db)).id;
  withTable = (await insertRestaurant(t.db)).id;
  await insertTable(t.db, withTable, { minSeats: 1, maxSeats: 4 });
  await insertMember(t.db, tableless, owner.id, "owner");
  await insertMember(t.db, withTable, owner.id, "owner");
  session.principal = { userId: owner.id, email: owner.email, name: owner.name };
  token = await tokenFor(owner);
});
afterAll(() => closeTestApp(t));

const booking = (over: Record<string, unknown>) => ({ starts_at: INSTANTS.ok, party_size: 2, name: "Ada Lovelace", ...over });

const cases: Case[] = [
  { name: "a name, a time and a party", input: booking({}), valid: true },
  {
    name: "every field",
    input: booking({ phone: "+44 20 7946 0000", email: "ada@example.test", occasion: "birthday", special_requests: "Window.", notes: "Regular.\nLikes the corner." }),
    valid: true,
  },
  { name: "a local phone number", input: booking({ phone: "020 7946 0000" }), valid: true },
  { name: "letters in the phone", input: booking({ phone: "call me" }), valid: false },
  { name: "a phone of 41 characters", input: booking({ phone: "1".repeat(41) }), valid: false },
  { name: "a NUL in the phone", input: booking({ phone: `+44${NUL}` }), valid: false },
  { name: "an empty phone and email", input: booking({ phone: "", email: "" }), valid: true },
  { name: "a malformed email", input: booking({ email: "ada@" }), valid: false },
  { name: "notes of 2000 characters", input: booking({ notes: "x".repeat(2000) }), valid: true },
  { name: "notes of 2001 characters", input: booking({ notes: "x".repeat(2001) }), valid: false },
  { name: "special requests of 1001 characters", input: booking({ special_requests: "x".repeat(1001) }), valid: false },
  { name: "an occasion not on the list", input: booking({ occasion: "Birthday party" }), valid: false },
  { name: "no name", input: booking({ name: " " }), valid: false },
  { name: "a line break in the name", input: booking({ name: "Ada\nLovelace" }), valid: false },
  { name: "party one over the cap", input: booking({ party_size: PARTY_SIZE_MAX + 1 }), valid: false },
  { name: "party of 0", input: booking({ party_size: 0 }), valid: false },
  { name: "year 9999", input: booking({ starts_at: INSTANTS.year9999 }), valid: false },
  { name: "an instant without a zone", input: booking({ starts_at: INSTANTS.noZone }), valid: false },
  { name: "a table id that is not an id", input: booking({ table_id: "T1" }), valid: false },
  { name: "no table (null)", input: booking({ table_id: null }), valid: true },
];

describe("the phone booking contract: the book's action and the API accept and refuse the same bookings", () => {
  for (const c of cases) {
    it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, async () => {
      const fromAction = await phoneBookingAction({ ...c.input, restaurant_id: tableless } as Parameters<typeof phoneBookingAction>[0]);
      const fromApi = await call(createMemberReservationHandler, { method: "POST", token, params: { id: tableless }, body: c.input });
      const actionCode = fromAction.ok ? null : fromAction.error.code;
      expect(actionCode === "invalid_input", JSON.stringify(fromAction)).toBe(!c.valid);
      expect(fromApi.status === 400, JSON.stringify(fromApi.json)).toBe(!c.valid);
      // Past validation both reach the service and get its answer: no table seats anyone here.
      expect(actionCode).toBe(fromApi.json.error?.code ?? null);
      if (!c.valid && !fromAction.ok) {
        expect(Object.keys(fromAction.error.fields ?? {}).sort()).toEqual(Object.keys(fromApi.json.error.fields ?? {}).map((k) => k.replace(/^body\./, "")).sort());
      }
    });
  }

  it("stores the same phone, email and occasion whichever door the booking came through", async () => {
    const details = { party_size: 2, name: "Ada Lovelace", phone: "+44 20 7946 0000", email: " Ada@Example.TEST ", occasion: "anniversary" };
    const fromAction = await phoneBookingAction({ ...details, starts_at: "2031-06-01T12:00:00Z", restaurant_id: withTable } as Parameters<typeof phoneBookingAction>[0]);
    const fromApi = await call(createMemberReservationHandler, { method: "POST", token, params: { id: withTable }, body: { ...details, starts_at: "2031-06-01T18:00:00Z" } });
    expect(fromAction.ok, JSON.stringify(fromAction)).toBe(true);
    expect(fromApi.status, JSON.stringify(fromApi.json)).toBe(201);
    const stored = async (id: string) => {
      const [row] = await t.db.select().from(reservations).where(eq(reservations.id, id));
      return { phone: row!.guestPhone, email: row!.guestEmail, occasion: row!.occasion };
    };
    const a = await stored(fromAction.ok ? fromAction.data.id : randomUUID());
    expect(a).toEqual({ phone: "+442079460000", email: "ada@example.test", occasion: "anniversary" });
    expect(await stored(fromApi.json.id)).toEqual(a);
  });
});
