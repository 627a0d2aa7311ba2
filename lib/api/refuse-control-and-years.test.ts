import { describe, expect, it } from "vitest";
import { z } from "zod";
import { API_ROUTES } from "@/lib/api/openapi";
import { LOCAL_DATES, INSTANTS, NUL } from "@/lib/testing/contract-cases";

/**
 * Every API route's body and query schema refuses a NUL byte in any text field and dates or instants
 * in absurd years (400, never a 500 from Postgres or date arithmetic). The table names a valid example
 * for each route; the test then breaks it one field at a time, and also tries every string field the
 * schema declares that the example leaves out.
 */
const ID = "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11";

const EXAMPLES: Record<string, { body?: Record<string, unknown>; query?: Record<string, string> }> = {
  "POST /api/v1/auth/register": { body: { email: "ada@example.test", password: "correct horse battery", name: "Ada" } },
  "POST /api/v1/auth/token": { body: { email: "ada@example.test", password: "correct horse battery" } },
  "POST /api/v1/auth/password": { body: { current_password: "correct horse battery", new_password: "another horse battery" } },
  "GET /api/v1/restaurants": { query: { q: "pasta", cuisine: "Italian", city: "London", date: LOCAL_DATES.ok, time: "19:00", party_size: "2", min_rating: "4", sort: "rating" } },
  "POST /api/v1/reservations/{id}/review": { body: { rating: 5, text: "Lovely evening.\nWe will be back." } },
  "PATCH /api/v1/reservations/{id}/review": { body: { rating: 4, text: "Good." } },
  "GET /api/v1/restaurants/{id}/reviews": { query: { page: "2" } },
  "POST /api/v1/reviews/{id}/reply": { body: { text: "Thank you!" } },
  "POST /api/v1/restaurants/{id}/waitlist": { body: { date: LOCAL_DATES.ok, party_size: 2, from_time: "18:00", to_time: "21:00", email: "ada@example.test", phone: "+44 20 7946 0000" } },
  "POST /api/v1/restaurants": {
    body: { name: "Trattoria", slug: "trattoria", timezone: "Europe/London", cuisine: "Italian", city: "London", address: "1 High St", description: "Pasta.", price_band: 2, policy: { hold_minutes: 10 } },
  },
  "PATCH /api/v1/restaurants/{id}": { body: { name: "Trattoria", city: "London", description: "Pasta." } },
  "PATCH /api/v1/restaurants/{id}/photos/{photo_id}": { body: { position: 0, alt: "The dining room by candlelight" } },
  "POST /api/v1/restaurants/{id}/tables": { body: { label: "T1", min_seats: 1, max_seats: 4, area: "Terrace" } },
  "PATCH /api/v1/restaurants/{id}/tables/{table_id}": { body: { label: "T1", area: "Terrace" } },
  "POST /api/v1/restaurants/{id}/sessions": { body: { name: "Dinner", days: [1, 2], first_seating: "17:30", last_seating: "21:30", turn_minutes: 90 } },
  "PATCH /api/v1/restaurants/{id}/sessions/{session_id}": { body: { name: "Dinner", first_seating: "17:30" } },
  "GET /api/v1/restaurants/{id}/closures": { query: { from: LOCAL_DATES.ok } },
  "POST /api/v1/restaurants/{id}/closures": { body: { start_date: LOCAL_DATES.ok, end_date: LOCAL_DATES.ok, reason: "Holiday" } },
  "GET /api/v1/restaurants/{id}/availability": { query: { date: LOCAL_DATES.ok, party_size: "2" } },
  "POST /api/v1/reservations": { body: { restaurant_id: ID, starts_at: INSTANTS.ok, party_size: 2, table_id: ID } },
  "PATCH /api/v1/reservations/{id}": { body: { status: "seated" } },
  "POST /api/v1/restaurants/{id}/experiences": {
    body: { name: "Wine dinner", description: "Five courses.", starts_at: INSTANTS.ok, duration_minutes: 180, currency: "EUR", sections: [{ name: "Counter", capacity: 10, price_cents: 9500 }] },
  },
  "PATCH /api/v1/experiences/{id}": { body: { name: "Wine dinner", description: "Six courses.", starts_at: INSTANTS.ok, currency: "EUR" } },
  "GET /api/v1/restaurants/{id}/experiences": { query: { from: INSTANTS.ok, to: INSTANTS.ok } },
  "POST /api/v1/reservations/{id}/confirm": {
    body: { name: "Ada", email: "ada@example.test", phone: "+44 20 7946 0000", special_requests: "Window.", occasion: "birthday" },
  },
  "GET /api/v1/restaurants/{id}/reservations": { query: { date: LOCAL_DATES.ok } },
  "POST /api/v1/restaurants/{id}/reservations": {
    body: { starts_at: INSTANTS.ok, party_size: 2, name: "Ada", phone: "+44 20 7946 0000", email: "ada@example.test", special_requests: "Window.", notes: "Regular." },
  },
};

/** A password is hashed, never stored or shown, and may contain anything. */
const exempt = (field: string) => /password$/.test(field);

type Path = (string | number)[];

function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [{ path, value }];
}

function withValue(value: Record<string, unknown>, path: Path, leaf: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let cur: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    cur[k] ??= {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = leaf;
  return copy;
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; allOf?: JsonSchema[] };

/** Paths of every property the schema says may be a string (the example may leave some out). */
function stringProperties(schema: JsonSchema, path: Path = []): Path[] {
  const alternatives = [schema, ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  const out: Path[] = [];
  if (path.length > 0 && alternatives.some((s) => s.type === "string" || (Array.isArray(s.type) && s.type.includes("string")))) out.push(path);
  for (const alt of alternatives) for (const [k, v] of Object.entries(alt.properties ?? {})) out.push(...stringProperties(v, [...path, k]));
  return out;
}

const routes = API_ROUTES.filter((r) => r.body || r.query).map((r) => ({ key: `${r.method} ${r.path}`, route: r }));

describe("every API route schema refuses NUL bytes and absurd years", () => {
  it("has an example for every route with a body or a query", () => {
    expect(routes.map((r) => r.key).filter((k) => !EXAMPLES[k])).toEqual([]);
  });

  for (const { key, route } of routes) {
    for (const part of ["body", "query"] as const) {
      const schema = route[part] as z.ZodType | undefined;
      if (!schema) continue;
      const example = EXAMPLES[key]?.[part] ?? {};

      it(`${key} ${part}: the example is valid`, () => {
        const parsed = schema.safeParse(example);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      });

      // The fields come from what the reference shows; the parser that runs decides.
      const shown = (part === "body" ? route.bodyShown : undefined) ?? schema;
      const declared = stringProperties(z.toJSONSchema(shown, { io: "input", unrepresentable: "any" }) as JsonSchema);
      const fromExample = leaves(example).filter((l) => typeof l.value === "string").map((l) => l.path);
      const textPaths = [...new Map([...declared, ...fromExample].map((p) => [p.join("."), p])).values()].filter(
        (p) => !exempt(String(p[p.length - 1])),
      );

      it(`${key} ${part}: a NUL byte in any text field is refused (${textPaths.map((p) => p.join(".")).join(", ")})`, () => {
        for (const path of textPaths) {
          const current = leaves(example).find((l) => l.path.join(".") === path.join("."))?.value;
          const bad = withValue(example, path, `${typeof current === "string" ? current : "x"}${NUL}`);
          expect(schema.safeParse(bad).success, `${path.join(".")} accepted a NUL`).toBe(false);
        }
      });

      const temporal = leaves(example).filter((l) => typeof l.value === "string" && /^\d{4}-\d{2}-\d{2}/.test(l.value));
      if (temporal.length > 0) {
        it(`${key} ${part}: years 0001 and 9999 are refused (${temporal.map((l) => l.path.join(".")).join(", ")})`, () => {
          for (const { path, value } of temporal) {
            const isInstant = (value as string).includes("T");
            for (const absurd of isInstant ? [INSTANTS.year0001, INSTANTS.year9999] : [LOCAL_DATES.year0001, LOCAL_DATES.year9999]) {
              expect(schema.safeParse(withValue(example, path, absurd)).success, `${path.join(".")} = ${absurd}`).toBe(false);
            }
          }
        });
      }
    }
  }
});
