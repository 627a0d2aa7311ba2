import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canonicalJson, requestHash } from "@/lib/api/idempotency";
import { API_ROUTES, buildOpenApiDocument, fieldRows } from "@/lib/api/openapi";
import { clientAddress, fieldErrors, parseJsonBody, readBodyText, toSnakeCase } from "@/lib/api/request";
import {
  anyHoldBody,
  closureBody,
  createRestaurantBody,
  holdBody,
  idOrSlugParams,
  isIanaTimeZone,
  localDate,
  localTime,
  searchQuery,
  sessionBody,
  timezone,
} from "@/lib/api/schemas";
import { errorCodes, toDomainError } from "@/lib/errors";
import { isoInstant } from "@/lib/api/serialize";
import { hhmm, PARTY_SIZE_MAX } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { availabilityTerms, SEARCH_TERM_MAX, searchPageSchema } from "@/lib/restaurants/contract";

describe("request helpers", () => {
  it("counts X-Forwarded-For from the right by the trusted hops, so a client cannot choose its address", () => {
    const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });
    // No proxy: the entry the app's own server appended (its peer) is the client, whatever came before.
    expect(clientAddress(h("6.6.6.6, 203.0.113.5"), 0)).toBe("203.0.113.5");
    expect(clientAddress(h("1.1.1.1, 2.2.2.2, 203.0.113.5"), 0)).toBe("203.0.113.5");
    // One trusted proxy: the entry it appended, one place left of its own address.
    expect(clientAddress(h("6.6.6.6, 203.0.113.5, 10.0.0.1"), 1)).toBe("203.0.113.5");
    // A request that skipped the proxy: the leftmost entry is the best we know.
    expect(clientAddress(h("203.0.113.5"), 2)).toBe("203.0.113.5");
    expect(clientAddress(h(" ::ffff:198.51.100.2 "), 0)).toBe("198.51.100.2");
    expect(clientAddress(h("2001:DB8::1"), 0)).toBe("2001:db8::1");
    // X-Real-IP and junk are whatever the client wrote: never an address.
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.2" }), 0)).toBe("unknown");
    expect(clientAddress(h("not-an-address"), 0)).toBe("unknown");
    expect(clientAddress(h(), 0)).toBe("unknown");
  });

  it("reads a body up to the cap and refuses one byte more, even without Content-Length", async () => {
    const body = (n: number) =>
      new Request("http://x/", {
        method: "POST",
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode("a".repeat(n)));
            c.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
    expect(await readBodyText(body(1024), 1024)).toHaveLength(1024);
    await expect(readBodyText(body(1025), 1024)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("parses JSON, treats an empty body as {}, and refuses malformed JSON as invalid_input", () => {
    expect(parseJsonBody(" ")).toEqual({});
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
    expect(() => parseJsonBody("{a:1}")).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });

  it("reports zod issues by snake_case path", () => {
    const r = z.object({ partySize: z.number(), policy: z.object({ holdMinutes: z.number() }) }).safeParse({ policy: {} });
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error)).sort()).toEqual(["party_size", "policy.hold_minutes"]);
    expect(toSnakeCase("maxCoversPerSlot")).toBe("max_covers_per_slot");
  });
});

describe("idempotency hashing", () => {
  it("hashes bodies by content, not key order, and distinguishes paths and methods", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    const h = requestHash("POST", "/p", { a: 1, b: 2 });
    expect(requestHash("post", "/p", { b: 2, a: 1 })).toBe(h);
    expect(requestHash("POST", "/q", { a: 1, b: 2 })).not.toBe(h);
    expect(requestHash("POST", "/p", { a: 1, b: 3 })).not.toBe(h);
  });
});

describe("shared schemas", () => {
  it("accepts IANA zones (normalising case) and refuses offsets, abbreviations and junk", () => {
    expect(isIanaTimeZone("America/New_York")).toBe(true);
    expect(isIanaTimeZone("UTC")).toBe(true);
    expect(timezone.parse("pacific/auckland")).toBe("Pacific/Auckland");
    for (const bad of ["+05:00", "Mars/Olympus", "", "Europe/London; drop table"]) expect(isIanaTimeZone(bad)).toBe(false);
  });

  it("checks local dates and times strictly", () => {
    expect(localDate.safeParse("2028-02-29").success).toBe(true);
    expect(localDate.safeParse("2027-02-29").success).toBe(false);
    expect(localDate.safeParse("2027-2-1").success).toBe(false);
    expect(localTime.safeParse("00:00").success).toBe(true);
    expect(localTime.safeParse("23:59").success).toBe(true);
    expect(localTime.safeParse("24:00").success).toBe(false);
    expect(localTime.safeParse("9:30").success).toBe(false);
  });

  it("parses instants with Z or an offset into Dates, and refuses local times", () => {
    const ok = holdBody.parse({ restaurant_id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11", starts_at: "2026-12-04T00:30:00+01:00", party_size: 2 });
    expect(ok.startsAt.toISOString()).toBe("2026-12-03T23:30:00.000Z");
    expect(holdBody.safeParse({ restaurant_id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11", starts_at: "2026-12-04T00:30:00", party_size: 2 }).success).toBe(false);
    expect(holdBody.safeParse({ restaurant_id: "x", starts_at: "2026-12-04T00:30:00Z", party_size: 2.5 }).success).toBe(false);
  });

  it("takes an id or a slug in GET paths", () => {
    expect(idOrSlugParams.safeParse({ id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11" }).success).toBe(true);
    expect(idOrSlugParams.safeParse({ id: "la-piazza" }).success).toBe(true);
    expect(idOrSlugParams.safeParse({ id: "../etc" }).success).toBe(false);
  });

  it("validates sessions, closures, restaurants and search queries as the API documents them", () => {
    const s = sessionBody.parse({ name: "D", days: [7, 1], first_seating: "22:00", last_seating: "01:00", turn_minutes: 90 });
    expect(s).toMatchObject({ days: [1, 7], intervalMinutes: 15, firstSeating: "22:00" });
    expect(closureBody.safeParse({ start_date: "2030-01-02", end_date: "2030-01-01" }).success).toBe(false);
    expect(createRestaurantBody.safeParse({ name: "X", timezone: "UTC", policy: { hold_minutes: 0 } }).success).toBe(false);
    expect(createRestaurantBody.safeParse({ name: "X", timezone: "UTC", policy: { unknown: 1 } }).success).toBe(false);
    expect(searchQuery.parse({ page: "2", party_size: "4", date: "2030-01-01", time: "19:00" })).toMatchObject({ page: 2, partySize: 4 });
    expect(searchQuery.parse({})).toEqual({ page: 1 });
  });
});

describe("error map", () => {
  it("sees codes through wrappers and maps database failures", () => {
    const wrapped = { message: "query failed", cause: { code: "ECONNREFUSED" } };
    expect(errorCodes(wrapped)).toEqual(["ECONNREFUSED"]);
    expect(toDomainError(wrapped)?.code).toBe("unavailable");
    expect(toDomainError({ cause: { code: "57P01" } })?.code).toBe("unavailable");
    expect(toDomainError({ cause: { code: "22P02" } })?.code).toBe("not_found");
    expect(toDomainError({ code: "23505" })?.code).toBe("conflict");
    expect(toDomainError(new Error("bug"))).toBeNull();
  });
});

describe("serialisers", () => {
  it("writes instants with Z and drops zero milliseconds; trims times to HH:MM", () => {
    expect(isoInstant(new Date("2026-12-04T00:30:00Z"))).toBe("2026-12-04T00:30:00Z");
    expect(isoInstant(new Date("2026-12-04T00:30:00.123Z"))).toBe("2026-12-04T00:30:00.123Z");
    expect(isoInstant(null)).toBeNull();
    expect(hhmm("17:30:00")).toBe("17:30");
  });
});

describe("OpenAPI registry", () => {
  it("documents every route of the HTTP contract, and nothing it lacks", () => {
    // The HTTP contract's routes, listed here so a route cannot appear or vanish unnoticed.
    const inSpec = [
      "POST /api/v1/auth/register",
      "POST /api/v1/auth/token",
      "GET /api/v1/auth/tokens",
      "POST /api/v1/auth/password",
      "DELETE /api/v1/auth/tokens/{}",
      "POST /api/v1/restaurants",
      "GET /api/v1/restaurants",
      "GET /api/v1/restaurants/{}",
      "PATCH /api/v1/restaurants/{}",
      "POST /api/v1/restaurants/{}/photos",
      "PATCH /api/v1/restaurants/{}/photos/{}",
      "DELETE /api/v1/restaurants/{}/photos/{}",
      "GET /api/v1/restaurants/{}/tables",
      "POST /api/v1/restaurants/{}/tables",
      "PATCH /api/v1/restaurants/{}/tables/{}",
      "DELETE /api/v1/restaurants/{}/tables/{}",
      "GET /api/v1/restaurants/{}/sessions",
      "POST /api/v1/restaurants/{}/sessions",
      "PATCH /api/v1/restaurants/{}/sessions/{}",
      "DELETE /api/v1/restaurants/{}/sessions/{}",
      "GET /api/v1/restaurants/{}/closures",
      "POST /api/v1/restaurants/{}/closures",
      "DELETE /api/v1/restaurants/{}/closures/{}",
      "GET /api/v1/restaurants/{}/availability",
      "POST /api/v1/reservations",
      "POST /api/v1/reservations/{}/confirm",
      "POST /api/v1/reservations/{}/extend",
      "GET /api/v1/reservations/{}",
      "POST /api/v1/reservations/{}/cancel",
      "GET /api/v1/restaurants/{}/reservations",
      "POST /api/v1/restaurants/{}/reservations",
      "PATCH /api/v1/reservations/{}",
      "POST /api/v1/reservations/{}/review",
      "PATCH /api/v1/reservations/{}/review",
      "GET /api/v1/restaurants/{}/reviews",
      "POST /api/v1/reviews/{}/reply",
      "POST /api/v1/restaurants/{}/waitlist",
      "DELETE /api/v1/waitlist/{}",
      "GET /api/health",
      "GET /api/v1/openapi.json",
      "GET /api/v1/experiences/{}",
      "GET /api/v1/restaurants/{}/experiences",
      "PATCH /api/v1/experiences/{}",
      "POST /api/v1/experiences/{}/cancel",
      "POST /api/v1/restaurants/{}/experiences",
    ].sort();
    const documented = API_ROUTES.map((r) => `${r.method} ${r.path.replace(/\{[^}]+\}/g, "{}")}`).sort();
    expect(documented).toEqual(inSpec);
  });

  it("builds an OpenAPI 3.1 document with request schemas from zod", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a JSON document
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe("3.1.0");
    const register = doc.paths["/api/v1/auth/register"]!.post;
    const schema = register.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["email", "password", "name"]);
    expect(schema.properties.password.minLength).toBe(10);
    expect(register.responses["409"]).toBeDefined();
    const hold = doc.paths["/api/v1/reservations"]!.post;
    expect(hold.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
    // Both bodies the hold takes: a table at a seating, or seats in a section of an experience.
    const bodies = hold.requestBody.content["application/json"].schema.anyOf;
    expect(bodies.map((b: { required: string[] }) => b.required)).toEqual([
      ["restaurant_id", "starts_at", "party_size"],
      ["experience_id", "section_id", "party_size"],
    ]);
    expect(bodies[0].properties.starts_at.format).toBe("date-time");
    // The route's example is the reference's: a request body and query values a client can copy.
    expect(hold.requestBody.content["application/json"].example).toMatchObject({ starts_at: "2031-06-01T19:00:00Z", party_size: 2 });
    const availability = doc.paths["/api/v1/restaurants/{id}/availability"]!.get;
    expect(availability.parameters.find((p: { name: string }) => p.name === "date").example).toBe("2031-06-01");
    // A seat booking's shape in every reservation answer: no table, the experience and section, the price.
    const seatBooking = hold.responses["201"].content["application/json"].schema.properties;
    expect(seatBooking.table.anyOf).toContainEqual({ type: "null" });
    expect(Object.keys(seatBooking.experience.properties)).toEqual(["id", "name", "section"]);
    expect(Object.keys(seatBooking.experience.properties.section.properties)).toEqual(["id", "name"]);
    expect(seatBooking.amount_cents).toBeDefined();
    expect(seatBooking.currency).toBeDefined();
    const get = doc.paths["/api/v1/reservations/{id}"]!.get.responses["200"].content["application/json"].schema.properties;
    expect(get.experience).toEqual(seatBooking.experience);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("flattens nested fields for the docs page", () => {
    const rows = fieldRows(createRestaurantBody);
    const names = rows.map((r) => r.name);
    expect(names).toContain("policy.hold_minutes");
    expect(rows.find((r) => r.name === "name")!.required).toBe(true);
    expect(fieldRows(sessionBody).map((r) => r.name)).toContain("turn_minutes[].max_party_size");
    const hold = fieldRows(API_ROUTES.find((r) => r.method === "POST" && r.path === "/api/v1/reservations")!.bodyShown!);
    expect(hold.map((r) => [r.name, r.required])).toEqual([
      ["restaurant_id", false],
      ["starts_at", false],
      ["party_size", true],
      ["table_id", false],
      ["experience_id", false],
      ["section_id", false],
    ]);
  });

  it("reads a hold body naming an experience or a section as a seat hold, never as a table hold", () => {
    const id = "3f2c1b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f";
    const table = anyHoldBody.safeParse({ restaurant_id: id, starts_at: "2030-03-05T10:00:00Z", party_size: 2 });
    expect(table.success && table.data.kind).toBe("table");
    const seats = anyHoldBody.safeParse({ experience_id: id, section_id: id, party_size: 2 });
    expect(seats.success && seats.data.kind).toBe("seats");
    const sectionOnly = anyHoldBody.safeParse({ restaurant_id: id, starts_at: "2030-03-05T10:00:00Z", party_size: 2, section_id: id });
    expect(sectionOnly.success).toBe(false);
    expect(sectionOnly.error?.issues.map((i) => i.path.join("."))).toContain("experience_id");
  });
});

describe("the search contract", () => {
  // The API refuses what the search page quietly drops; both read the same fields with the same rules.
  const api = (q: Record<string, string>) => searchQuery.safeParse(q);
  const page = (q: Record<string, string>) => snakeCaseBody(searchPageSchema).parse(q);

  it.each([
    ["a party over the cap", { party_size: String(PARTY_SIZE_MAX + 1) }, "party_size"],
    ["a rating of 6", { min_rating: "6" }, "min_rating"],
    ["an unknown sort", { sort: "price" }, "sort"],
    ["an impossible date", { date: "2031-02-30" }, "date"],
    ["a time past midnight", { time: "24:00" }, "time"],
    ["a NUL in the city", { city: "Lon\u0000don" }, "city"],
  ])("%s: the API refuses it, the page ignores it", (_, query, field) => {
    const refused = api(query);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.some((i) => i.path[0] === field)).toBe(true);
    const camel = field.replace(/_([a-z])/g, (__, c: string) => c.toUpperCase());
    expect(page(query)).toMatchObject({ [camel]: undefined, page: 1 });
  });

  it("reads a valid search the same way on both doors", () => {
    const query = { q: "pasta", cuisine: "Italian", city: "London", date: "2031-06-01", time: "19:00", party_size: "4", min_rating: "4", sort: "rating", page: "2" };
    expect(page(query)).toEqual(searchQuery.parse(query));
  });

  it("cuts a term that is too long on the page, and the API refuses it", () => {
    const long = "x".repeat(SEARCH_TERM_MAX.q + 5);
    expect(api({ q: long }).success).toBe(false);
    expect(page({ q: long }).q).toHaveLength(SEARCH_TERM_MAX.q);
  });

  it("looks for tables only with date, time and party together", () => {
    expect(availabilityTerms({})).toBe("none");
    expect(availabilityTerms({ date: "2031-06-01", time: "19:00" })).toBe("some");
    expect(availabilityTerms({ date: "2031-06-01", time: "19:00", partySize: 2 })).toBe("all");
    expect(api({ date: "2031-06-01" }).error!.issues.map((i) => i.path[0]).sort()).toEqual(["party_size", "time"]);
  });
});
