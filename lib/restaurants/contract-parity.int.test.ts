import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POLICY_DEFAULTS } from "@/lib/api/schemas";
import { call, tokenFor } from "@/lib/api/testing";
import { createClosureHandler, createSessionHandler, createTableHandler } from "@/lib/api/routes/floor";
import { updateRestaurantHandler } from "@/lib/api/routes/restaurants";
import { SEATS_MAX } from "@/lib/contract/common";
import { LOCAL_DATES, NUL, type Case } from "@/lib/testing/contract-cases";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { standInSession as session } from "@/lib/testing/next-request";
import { insertRestaurantWith } from "@/lib/testing/fixtures";
// Tests call the owner actions exactly as the workspace forms do; services never import app/.
// eslint-disable-next-line no-restricted-imports
import { createClosureAction } from "@/app/manage/closure-actions";
// eslint-disable-next-line no-restricted-imports
import { createTableAction } from "@/app/manage/floor-actions";
// eslint-disable-next-line no-restricted-imports
import { updatePolicyAction, updateProfileAction } from "@/app/manage/restaurant-actions";
// eslint-disable-next-line no-restricted-imports
import { createSessionAction } from "@/app/manage/session-actions";

/**
 * The restaurant workspace's contracts (settings, sessions, tables, closures) are one schema each:
 * the owner's server action and the API route accept and refuse exactly the same inputs. The action
 * runs as the restaurant's owner (the session is stood in for); the route gets the owner's token.
 */
vi.mock("next/headers", () => import("@/lib/testing/next-request"));
vi.mock("next/cache", () => import("@/lib/testing/next-request"));
vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));

let t: TestDb;
let restaurantId: string;
let token: string;

beforeAll(async () => {
  t = await openTestApp();
  const { restaurant, staff } = await insertRestaurantWith(t.db, { restaurant: { published: false }, staff: { owner: {} } });
  restaurantId = restaurant.id;
  session.principal = staff.owner!.principal;
  token = await tokenFor(staff.owner!);
});
afterAll(() => closeTestApp(t));

type ActionResult = { ok: boolean; error?: { code: string; fields?: Record<string, string[]> } };
type Door = { action: (input: Record<string, unknown>) => Promise<ActionResult>; api: (input: Record<string, unknown>) => Promise<{ status: number; json: { error?: { fields?: Record<string, string[]> } } }> };

function parity(title: string, door: Door, cases: Case[]) {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.valid ? "accepts" : "refuses"} ${c.name}`, async () => {
        const fromAction = await door.action(c.input);
        const fromApi = await door.api(c.input);
        const actionRefused = !fromAction.ok && fromAction.error?.code === "invalid_input";
        expect(actionRefused, JSON.stringify(fromAction)).toBe(!c.valid);
        expect(fromApi.status === 400, JSON.stringify(fromApi.json)).toBe(!c.valid);
        // The same fields are named (the API nests the policy and names list items; forms name the field).
        const field = (k: string) => k.replace(/^policy\./, "").split(".")[0];
        if (c.valid) expect(fromAction.ok, JSON.stringify(fromAction)).toBe(true);
        else expect(new Set(Object.keys(fromAction.error?.fields ?? {}).map(field))).toEqual(new Set(Object.keys(fromApi.json.error?.fields ?? {}).map(field)));
      });
    }
  });
}

// ── Settings: profile (the form sends the whole profile; the API may send any part of it) ──────────

const profile = (over: Record<string, unknown>) => ({
  name: "Trattoria",
  timezone: "Europe/London",
  cuisine: "Italian",
  city: "London",
  address: "1 High Street",
  description: "Pasta.",
  price_band: 2,
  ...over,
});

parity(
  "settings: profile",
  {
    action: (input) => updateProfileAction({ ...input, restaurant_id: restaurantId } as Parameters<typeof updateProfileAction>[0]),
    api: (input) => call(updateRestaurantHandler, { method: "PATCH", params: { id: restaurantId }, token, body: input }),
  },
  [
    { name: "a whole profile", input: profile({}), valid: true },
    { name: "a zone in lower case", input: profile({ timezone: "europe/london" }), valid: true },
    { name: "a multi-line description", input: profile({ description: "Pasta.\nWine.\tPizza." }), valid: true },
    { name: "an empty city", input: profile({ city: "" }), valid: true },
    { name: "a NUL in the name", input: profile({ name: `Tratt${NUL}oria` }), valid: false },
    { name: "a NUL in the city", input: profile({ city: NUL }), valid: false },
    { name: "a NUL in the description", input: profile({ description: `a${NUL}` }), valid: false },
    { name: "a line break in the address", input: profile({ address: "1 High St\nLondon" }), valid: false },
    { name: "an unknown time zone", input: profile({ timezone: "Mars/Olympus" }), valid: false },
    { name: "an offset for a zone", input: profile({ timezone: "+05:00" }), valid: false },
    { name: "a blank name", input: profile({ name: "  " }), valid: false },
    { name: "a price band of 5", input: profile({ price_band: 5 }), valid: false },
    { name: "a slug shaped like an id", input: profile({ slug: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11" }), valid: false },
    { name: "a slug with spaces", input: profile({ slug: "la piazza" }), valid: false },
  ],
);

// ── Settings: booking policy ───────────────────────────────────────────────────────────────────────

const policy = (over: Record<string, unknown>) => ({ ...POLICY_DEFAULTS, ...over });

parity(
  "settings: booking policy",
  {
    action: (input) => updatePolicyAction({ ...input, restaurant_id: restaurantId } as Parameters<typeof updatePolicyAction>[0]),
    api: (input) => call(updateRestaurantHandler, { method: "PATCH", params: { id: restaurantId }, token, body: { policy: input } }),
  },
  [
    { name: "the defaults", input: policy({}), valid: true },
    { name: "the longest hold", input: policy({ hold_minutes: 60 }), valid: true },
    { name: "a hold of 61 minutes", input: policy({ hold_minutes: 61 }), valid: false },
    { name: "a hold of 0 minutes", input: policy({ hold_minutes: 0 }), valid: false },
    { name: "the widest party range", input: policy({ min_party_size: 1, max_party_size: 1000 }), valid: true },
    { name: "a largest party of 1001", input: policy({ max_party_size: 1001 }), valid: false },
    { name: "an empty party range", input: policy({ min_party_size: 6, max_party_size: 4 }), valid: false },
    { name: "a fractional notice", input: policy({ min_notice_minutes: 1.5 }), valid: false },
    { name: "a number as text", input: policy({ booking_window_days: "60" }), valid: false },
    { name: "an anonymous share of 101 %", input: policy({ anonymous_hold_share_pct: 101 }), valid: false },
  ],
);

// ── Service sessions ───────────────────────────────────────────────────────────────────────────────

const sessionInput = (over: Record<string, unknown>) => ({
  name: "Dinner",
  days: [2, 3, 4],
  first_seating: "17:30",
  last_seating: "21:30",
  interval_minutes: 15,
  turn_minutes: 90,
  max_covers_per_slot: null,
  ...over,
});

parity(
  "service sessions",
  {
    action: (input) => createSessionAction({ ...input, restaurant_id: restaurantId } as Parameters<typeof createSessionAction>[0]),
    api: (input) => call(createSessionHandler, { method: "POST", params: { id: restaurantId }, token, body: input }),
  },
  [
    { name: "an evening session", input: sessionInput({}), valid: true },
    { name: "a session past midnight", input: sessionInput({ first_seating: "22:00", last_seating: "01:00" }), valid: true },
    { name: "turn times by party size", input: sessionInput({ turn_minutes: [{ max_party_size: 4, minutes: 90 }, { max_party_size: 2, minutes: 60 }] }), valid: true },
    { name: "pacing", input: sessionInput({ max_covers_per_slot: 20 }), valid: true },
    { name: "a NUL in the name", input: sessionInput({ name: `Din${NUL}ner` }), valid: false },
    { name: "a NUL in a time", input: sessionInput({ first_seating: `17:30${NUL}` }), valid: false },
    { name: "a time with seconds", input: sessionInput({ first_seating: "17:30:00" }), valid: false },
    { name: "hour 24", input: sessionInput({ last_seating: "24:00" }), valid: false },
    { name: "no days", input: sessionInput({ days: [] }), valid: false },
    { name: "day 8", input: sessionInput({ days: [8] }), valid: false },
    { name: "a day twice", input: sessionInput({ days: [1, 1] }), valid: false },
    { name: "an interval of 4", input: sessionInput({ interval_minutes: 4 }), valid: false },
    { name: "two turn rules for one party size", input: sessionInput({ turn_minutes: [{ max_party_size: 2, minutes: 60 }, { max_party_size: 2, minutes: 90 }] }), valid: false },
    { name: "pacing of 0", input: sessionInput({ max_covers_per_slot: 0 }), valid: false },
  ],
);

// ── Tables ─────────────────────────────────────────────────────────────────────────────────────────

let label = 0;
const table = (over: Record<string, unknown>) => ({ label: `T${++label}`, min_seats: 1, max_seats: 4, area: "", online: true, active: true, ...over });

parity(
  "tables",
  {
    // Each side gets its own label, so two accepted creates do not collide on the unique label.
    action: (input) => createTableAction({ ...input, restaurant_id: restaurantId } as Parameters<typeof createTableAction>[0]),
    api: (input) => call(createTableHandler, { method: "POST", params: { id: restaurantId }, token, body: { ...input, label: typeof input.label === "string" && input.label.trim() ? `${input.label}b` : input.label } }),
  },
  [
    { name: "a four-top", input: table({}), valid: true },
    { name: "the largest table", input: table({ max_seats: SEATS_MAX }), valid: true },
    { name: "one seat more than the largest", input: table({ max_seats: SEATS_MAX + 1 }), valid: false },
    { name: "fewer most seats than least", input: table({ min_seats: 4, max_seats: 2 }), valid: false },
    { name: "a NUL in the area", input: table({ area: `Terrace${NUL}` }), valid: false },
    { name: "a blank label", input: table({ label: " " }), valid: false },
  ],
);

// ── Closures ───────────────────────────────────────────────────────────────────────────────────────

parity(
  "closures",
  {
    action: (input) => createClosureAction({ ...input, restaurant_id: restaurantId } as Parameters<typeof createClosureAction>[0]),
    api: (input) => call(createClosureHandler, { method: "POST", params: { id: restaurantId }, token, body: input }),
  },
  [
    { name: "one day", input: { start_date: LOCAL_DATES.ok, end_date: LOCAL_DATES.ok, reason: "Holiday" }, valid: true },
    { name: "year 0001", input: { start_date: LOCAL_DATES.year0001, end_date: LOCAL_DATES.ok }, valid: false },
    { name: "year 9999", input: { start_date: LOCAL_DATES.ok, end_date: LOCAL_DATES.year9999 }, valid: false },
    { name: "30 February", input: { start_date: LOCAL_DATES.notADay, end_date: LOCAL_DATES.notADay }, valid: false },
    { name: "an end before the start", input: { start_date: "2031-06-02", end_date: "2031-06-01" }, valid: false },
    { name: "a NUL in the reason", input: { start_date: LOCAL_DATES.ok, end_date: LOCAL_DATES.ok, reason: `Closed${NUL}` }, valid: false },
    { name: "a NUL in a date", input: { start_date: LOCAL_DATES.withNul, end_date: LOCAL_DATES.ok }, valid: false },
  ],
);
