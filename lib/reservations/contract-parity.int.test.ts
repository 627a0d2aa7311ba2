import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { reservations } from "@/db/schema";
import { call } from "@/lib/api/testing";
import { availabilityHandler, confirmHandler, holdHandler } from "@/lib/api/routes/reservations";
import { searchRestaurantsHandler as searchHandler } from "@/lib/api/routes/restaurants";
import { toSnakeCase } from "@/lib/contract/wire";
import { PARTY_SIZE_MAX } from "@/lib/contract/common";
import { INSTANTS, NUL, type Case } from "@/lib/testing/contract-cases";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { cookies } from "@/lib/testing/next-request";
// Tests call the server actions exactly as the booking page does; services never import app/.
// eslint-disable-next-line no-restricted-imports
import { confirmBookingAction, holdTableAction } from "@/app/book/actions";
// eslint-disable-next-line no-restricted-imports
import { manageCookieName } from "@/app/book/manage-token";

/**
 * The booking contract is one schema: the server action and the API route accept and refuse exactly
 * the same holds and the same guest details. Accepted inputs go on to the service (and fail there for
 * an unknown restaurant or hold, the same way on both sides); refused ones are invalid_input / 400.
 */
vi.mock("next/headers", () => import("@/lib/testing/next-request"));
vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));

let t: TestDb;

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => closeTestApp(t));

const wire = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).map(([k, v]) => [toSnakeCase(k), v]));

const hold = (over: Record<string, unknown>) => ({ restaurantId: randomUUID(), startsAt: INSTANTS.ok, partySize: 2, ...over });

const holdCases: Case[] = [
  { name: "an ordinary hold", input: hold({}), valid: true },
  { name: "an instant with an offset", input: hold({ startsAt: INSTANTS.withOffset }), valid: true },
  { name: "the first accepted year", input: hold({ startsAt: INSTANTS.firstAccepted }), valid: true },
  { name: "the last accepted year", input: hold({ startsAt: INSTANTS.lastAccepted }), valid: true },
  { name: "year 0001", input: hold({ startsAt: INSTANTS.year0001 }), valid: false },
  { name: "year 9999", input: hold({ startsAt: INSTANTS.year9999 }), valid: false },
  { name: "year 1999", input: hold({ startsAt: INSTANTS.year1999 }), valid: false },
  { name: "year 2101", input: hold({ startsAt: INSTANTS.year2101 }), valid: false },
  { name: "an instant without a zone", input: hold({ startsAt: INSTANTS.noZone }), valid: false },
  { name: "a NUL in the instant", input: hold({ startsAt: INSTANTS.withNul }), valid: false },
  { name: "a NUL in the restaurant id", input: hold({ restaurantId: `${randomUUID()}${NUL}` }), valid: false },
  { name: "party of 1", input: hold({ partySize: 1 }), valid: true },
  { name: "party at the cap", input: hold({ partySize: PARTY_SIZE_MAX }), valid: true },
  { name: "party one over the cap", input: hold({ partySize: PARTY_SIZE_MAX + 1 }), valid: false },
  { name: "party of 0", input: hold({ partySize: 0 }), valid: false },
  { name: "party of 2.5", input: hold({ partySize: 2.5 }), valid: false },
  { name: "party as a string", input: hold({ partySize: "2" }), valid: false },
];

const guest = (over: Record<string, unknown>) => ({ name: "Ada Lovelace", email: "ada@example.test", phone: "", occasion: "", specialRequests: "", ...over });

const guestCases: Case[] = [
  { name: "name and email only", input: guest({}), valid: true },
  { name: "a mixed-case email", input: guest({ email: " Ada@Example.TEST " }), valid: true },
  { name: "every field", input: guest({ phone: "+44 20 7946 0000", occasion: "birthday", specialRequests: "Window seat.\nHigh chair, please." }), valid: true },
  { name: "a NUL in the name", input: guest({ name: `Ada${NUL}` }), valid: false },
  { name: "a line break in the name", input: guest({ name: "Ada\nLovelace" }), valid: false },
  { name: "a NUL in the special requests", input: guest({ specialRequests: `Quiet${NUL}` }), valid: false },
  { name: "a tab in the special requests", input: guest({ specialRequests: "Quiet\ttable" }), valid: true },
  { name: "a NUL in the email", input: guest({ email: `ada${NUL}@example.test` }), valid: false },
  { name: "a NUL in the phone", input: guest({ phone: `+44${NUL}` }), valid: false },
  { name: "an occasion that is not on the list", input: guest({ occasion: "Birthday party" }), valid: false },
  { name: "a listed occasion", input: guest({ occasion: "anniversary" }), valid: true },
  { name: "no name", input: guest({ name: "   " }), valid: false },
  { name: "no email", input: guest({ email: "" }), valid: false },
  { name: "a name of 121 characters", input: guest({ name: "x".repeat(121) }), valid: false },
  { name: "special requests of 1000 characters", input: guest({ specialRequests: "x".repeat(1000) }), valid: true },
];

type ActionLike = { ok: boolean; error?: { code: string } };
const refusedByAction = (r: ActionLike) => !r.ok && r.error?.code === "invalid_input";

describe("the booking contract: action and API accept and refuse the same holds", () => {
  for (const c of holdCases) {
    it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, async () => {
      const fromAction = await holdTableAction(c.input as Parameters<typeof holdTableAction>[0]);
      const fromApi = await call(holdHandler, { method: "POST", body: wire(c.input) });
      expect(refusedByAction(fromAction), JSON.stringify(fromAction)).toBe(!c.valid);
      expect(fromApi.status === 400, JSON.stringify(fromApi.json)).toBe(!c.valid);
      // An accepted hold on a restaurant that does not exist is the same "not found" on both.
      if (c.valid) {
        expect(fromAction.ok ? null : fromAction.error.code).toBe(fromApi.json.error.code);
      }
    });
  }
});

describe("the booking contract: action and API accept and refuse the same guest details", () => {
  for (const c of guestCases) {
    it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, async () => {
      const fromAction = await confirmBookingAction({ ...(c.input as Parameters<typeof confirmBookingAction>[0]), code: "NOSUCH1" });
      const fromApi = await call(confirmHandler, { method: "POST", params: { id: randomUUID() }, body: wire(c.input) });
      expect(refusedByAction(fromAction), JSON.stringify(fromAction)).toBe(!c.valid);
      expect(fromApi.status === 400, JSON.stringify(fromApi.json)).toBe(!c.valid);
      if (!c.valid && !fromAction.ok) {
        // Field errors name the same field, each side in its own spelling.
        expect(Object.keys(fromApi.json.error.fields).map((k) => k.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase()))).toEqual(
          Object.keys(fromAction.error.fields ?? {}),
        );
      }
    });
  }

  it("a NUL byte is refused with a message naming the field", async () => {
    const fromApi = await call(confirmHandler, { method: "POST", params: { id: randomUUID() }, body: wire(guest({ specialRequests: `a${NUL}` })) });
    expect(fromApi.status).toBe(400);
    expect(fromApi.json.error.fields.special_requests).toEqual(["Special requests must not contain control characters."]);
  });

  it("stores a mixed-case email lower-cased whichever door it came through", async () => {
    const r = await insertRestaurant(t.db, { timezone: "Europe/London" });
    await insertTable(t.db, r.id, { label: "T1", minSeats: 1, maxSeats: 4 });
    await insertTable(t.db, r.id, { label: "T2", minSeats: 1, maxSeats: 4 });
    await insertSession(t.db, r.id, {});
    const startsAt = DateTime.now().setZone("Europe/London").plus({ days: 10 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO()!;
    const stored: string[] = [];
    for (const door of ["web", "api"] as const) {
      const held = await call(holdHandler, { method: "POST", body: { restaurant_id: r.id, starts_at: startsAt, party_size: 2 } });
      expect(held.status).toBe(201);
      if (door === "web") {
        (await cookies()).set(manageCookieName(held.json.code), held.json.manage_token);
        const done = await confirmBookingAction({ ...guest({ email: "Ada.Lovelace@Example.TEST" }), code: held.json.code } as Parameters<typeof confirmBookingAction>[0]);
        expect(done.ok, JSON.stringify(done)).toBe(true);
      } else {
        const done = await call(confirmHandler, {
          method: "POST",
          params: { id: held.json.id },
          headers: { "x-manage-token": held.json.manage_token },
          body: wire(guest({ email: "Ada.Lovelace@Example.TEST" })),
        });
        expect(done.status, JSON.stringify(done.json)).toBe(200);
      }
      const [row] = await t.db.select().from(reservations).where(eq(reservations.id, held.json.id));
      stored.push(row!.guestEmail!);
    }
    expect(stored).toEqual(["ada.lovelace@example.test", "ada.lovelace@example.test"]);
  });
});

describe("query strings", () => {
  it("a NUL byte or an absurd year in a query string is a 400, not a 500", async () => {
    for (const [handler, path] of [
      [searchHandler, "/api/v1/restaurants?city=%00"],
      [searchHandler, "/api/v1/restaurants?q=a%00b"],
      [searchHandler, "/api/v1/restaurants?date=9999-12-31&time=19:00&party_size=2"],
      [availabilityHandler, `/api/v1/restaurants/${randomUUID()}/availability?date=0001-01-01&party_size=2`],
    ] as const) {
      const res = await call(handler, { path, params: { id: randomUUID() } });
      expect(res.status, `${path}: ${JSON.stringify(res.json)}`).toBe(400);
      expect(res.json.error.code).toBe("invalid_input");
    }
  });
});
