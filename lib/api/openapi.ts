import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import { ERROR_STATUS } from "@/lib/errors";
import * as s from "@/lib/api/schemas";

/**
 * The registry of API routes, with the same zod schemas the handlers validate with. The
 * OpenAPI document (`GET /api/v1/openapi.json`) and the `/docs` page are both generated from it, so
 * neither can drift from what the handlers accept. A new route adds one entry here.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
export type AuthRequirement = "none" | "optional" | "signed_in" | "member" | "manage_token_or_signed_in";

export interface ApiRouteDoc {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/restaurants/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: AuthRequirement;
  /** Roles allowed, for member routes. */
  roles?: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  status: number;
  errors: ErrorCode[];
  idempotent?: boolean;
  rateLimited?: boolean;
}

const IN = ["invalid_input"] as const satisfies ErrorCode[];
const MEMBER_ERRORS: ErrorCode[] = ["invalid_input", "unauthenticated", "forbidden", "not_found", "unavailable"];
const healthResponse = z.object({ status: z.enum(["ok", "down"]), db: z.enum(["ok", "down"]), redis: z.enum(["ok", "down", "off"]) });

export const API_ROUTES: ApiRouteDoc[] = [
  // Accounts
  {
    method: "POST",
    path: "/api/v1/auth/register",
    tag: "Accounts",
    summary: "Create an account",
    description:
      "Password at least 10 characters and not a common or easily guessed one (400 naming `password` otherwise). The email is stored lower-cased. A confirmation link is emailed to the address; the account works before it is confirmed, but joining a restaurant's team needs a confirmed address.",
    auth: "none",
    body: s.registerBody,
    response: s.registerResponse,
    status: 201,
    errors: [...IN, "conflict", "rate_limited", "unavailable"],
    idempotent: true,
    rateLimited: true,
  },
  {
    method: "POST",
    path: "/api/v1/auth/token",
    tag: "Accounts",
    summary: "Get a bearer token",
    description: "Send it as `Authorization: Bearer <token>`. Tokens expire after 7 days.",
    auth: "none",
    body: s.tokenBody,
    response: s.tokenResponse,
    status: 200,
    errors: [...IN, "unauthenticated", "rate_limited", "unavailable"],
    rateLimited: true,
  },
  {
    method: "POST",
    path: "/api/v1/auth/password",
    tag: "Accounts",
    summary: "Change your password",
    description:
      "`current_password` must be right (an account made by a sign-in link, which has none, may omit it); `new_password` follows the sign-up rules. Ends every session and revokes every token, this one included. 204 on success.",
    auth: "signed_in",
    body: s.changePasswordBody,
    status: 204,
    errors: [...IN, "unauthenticated", "rate_limited", "unavailable"],
    rateLimited: true,
  },
  {
    method: "GET",
    path: "/api/v1/auth/tokens",
    tag: "Accounts",
    summary: "List your bearer tokens",
    description: "The caller's tokens that still work (not revoked, not expired), newest first. Signing out or changing the password revokes them all.",
    auth: "signed_in",
    response: s.apiTokenListResponse,
    status: 200,
    errors: ["unauthenticated", "unavailable"],
  },
  {
    method: "DELETE",
    path: "/api/v1/auth/tokens/{id}",
    tag: "Accounts",
    summary: "Revoke a bearer token",
    description: "Works at once: the token is refused with 401 from then on. Another user's token is 404. 204 on success.",
    auth: "signed_in",
    params: s.idParams,
    status: 204,
    errors: ["unauthenticated", "not_found", "unavailable"],
  },
  // Restaurants
  {
    method: "GET",
    path: "/api/v1/restaurants",
    tag: "Restaurants",
    summary: "Search published restaurants",
    description:
      "Full text over name, cuisine, city and description, plus typo-tolerant name matching; 20 per page. `min_rating` keeps restaurants whose reviews average at least that; `sort=rating` puts the best rated first (unreviewed last). With `date`, `time` and `party_size` (all three), only restaurants with a table within an hour of that local time, each with those `slots`.",
    auth: "none",
    query: s.searchQuery,
    response: s.searchResponse,
    status: 200,
    errors: [...IN, "unavailable"],
  },
  {
    method: "POST",
    path: "/api/v1/restaurants",
    tag: "Restaurants",
    summary: "Create a restaurant",
    description: "The caller becomes its owner. The slug is derived from the name when absent. A draft unless `published`.",
    auth: "signed_in",
    body: s.createRestaurantBody,
    response: s.restaurantResponse,
    status: 201,
    errors: [...IN, "unauthenticated", "conflict", "unavailable"],
    idempotent: true,
  },
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}",
    tag: "Restaurants",
    summary: "Get a restaurant by id or slug",
    description: "Published restaurants for anyone; drafts for their members only.",
    auth: "optional",
    params: s.idOrSlugParams,
    response: s.restaurantResponse,
    status: 200,
    errors: ["not_found", "unauthenticated", "unavailable"],
  },
  {
    method: "PATCH",
    path: "/api/v1/restaurants/{id}",
    tag: "Restaurants",
    summary: "Change a restaurant",
    description: "Only the fields sent change; `policy` fields merge with the current policy.",
    auth: "member",
    roles: "owner, manager",
    params: s.idParams,
    body: s.updateRestaurantBody,
    response: s.restaurantResponse,
    status: 200,
    errors: [...MEMBER_ERRORS, "conflict"],
  },
  // Floor
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}/tables",
    tag: "Floor and sessions",
    summary: "List tables",
    auth: "member",
    roles: "owner, manager, host",
    params: s.idParams,
    response: s.listOf(s.tableResponse),
    status: 200,
    errors: MEMBER_ERRORS,
  },
  {
    method: "POST",
    path: "/api/v1/restaurants/{id}/tables",
    tag: "Floor and sessions",
    summary: "Add a table",
    auth: "member",
    roles: "owner, manager",
    params: s.idParams,
    body: s.tableBody,
    response: s.tableResponse,
    status: 201,
    errors: [...MEMBER_ERRORS, "conflict"],
    idempotent: true,
  },
  {
    method: "PATCH",
    path: "/api/v1/restaurants/{id}/tables/{table_id}",
    tag: "Floor and sessions",
    summary: "Change a table",
    description: "Set `active: false` to retire a table that has reservations.",
    auth: "member",
    roles: "owner, manager",
    params: s.tableParams,
    body: s.tablePatchBody,
    response: s.tableResponse,
    status: 200,
    errors: [...MEMBER_ERRORS, "conflict"],
  },
  {
    method: "DELETE",
    path: "/api/v1/restaurants/{id}/tables/{table_id}",
    tag: "Floor and sessions",
    summary: "Delete a table",
    description: "409 `conflict` when the table has reservations (upcoming, or on record): deactivate it instead. 204 on success.",
    auth: "member",
    roles: "owner, manager",
    params: s.tableParams,
    status: 204,
    errors: [...MEMBER_ERRORS, "conflict"],
  },
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}/sessions",
    tag: "Floor and sessions",
    summary: "List service sessions",
    auth: "member",
    roles: "owner, manager, host",
    params: s.idParams,
    response: s.listOf(s.sessionResponse),
    status: 200,
    errors: MEMBER_ERRORS,
  },
  {
    method: "POST",
    path: "/api/v1/restaurants/{id}/sessions",
    tag: "Floor and sessions",
    summary: "Add a service session",
    description:
      "`days` are ISO weekdays (1 Monday … 7 Sunday) of the service date. `last_seating` earlier than `first_seating` runs past midnight. `turn_minutes` is minutes for every party, or rules by the largest party each applies to.",
    auth: "member",
    roles: "owner, manager",
    params: s.idParams,
    body: s.sessionBody,
    response: s.sessionResponse,
    status: 201,
    errors: MEMBER_ERRORS,
    idempotent: true,
  },
  {
    method: "PATCH",
    path: "/api/v1/restaurants/{id}/sessions/{session_id}",
    tag: "Floor and sessions",
    summary: "Change a service session",
    auth: "member",
    roles: "owner, manager",
    params: s.sessionParams,
    body: s.sessionPatchBody,
    response: s.sessionResponse,
    status: 200,
    errors: MEMBER_ERRORS,
  },
  {
    method: "DELETE",
    path: "/api/v1/restaurants/{id}/sessions/{session_id}",
    tag: "Floor and sessions",
    summary: "Delete a service session",
    description: "Existing reservations keep their times. 204 on success.",
    auth: "member",
    roles: "owner, manager",
    params: s.sessionParams,
    status: 204,
    errors: MEMBER_ERRORS,
  },
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}/closures",
    tag: "Floor and sessions",
    summary: "List closures",
    description: "`from` keeps closures ending on or after that local date.",
    auth: "member",
    roles: "owner, manager, host",
    params: s.idParams,
    query: s.closuresQuery,
    response: s.listOf(s.closureResponse),
    status: 200,
    errors: MEMBER_ERRORS,
  },
  {
    method: "POST",
    path: "/api/v1/restaurants/{id}/closures",
    tag: "Floor and sessions",
    summary: "Add a closure",
    description: "Inclusive local dates: no online booking on them.",
    auth: "member",
    roles: "owner, manager",
    params: s.idParams,
    body: s.closureBody,
    response: s.closureResponse,
    status: 201,
    errors: MEMBER_ERRORS,
    idempotent: true,
  },
  {
    method: "DELETE",
    path: "/api/v1/restaurants/{id}/closures/{closure_id}",
    tag: "Floor and sessions",
    summary: "Delete a closure",
    description: "204 on success.",
    auth: "member",
    roles: "owner, manager",
    params: s.closureParams,
    status: 204,
    errors: MEMBER_ERRORS,
  },
  // Availability
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}/availability",
    tag: "Availability",
    summary: "Slots for a local date and party size",
    description:
      "Every seating of the day in order; `available: false` for those that cannot take this party now (taken, paced out, too soon). A closed day has `slots: []`.",
    auth: "optional",
    params: s.idOrSlugParams,
    query: s.availabilityQuery,
    response: s.availabilityResponse,
    status: 200,
    errors: ["invalid_input", "not_found", "outside_policy", "unavailable"],
  },
  // Reservations
  {
    method: "POST",
    path: "/api/v1/reservations",
    tag: "Reservations",
    summary: "Hold a table",
    description:
      "Places a short hold on the best-fitting free table. `starts_at` must be one of the day's seatings; `table_id` is for members only. Keep the `manage_token`: it is shown once.",
    auth: "optional",
    body: s.holdBody,
    response: s.holdResponse,
    status: 201,
    errors: ["invalid_input", "unauthenticated", "forbidden", "not_found", "slot_unavailable", "outside_policy", "slot_locked", "rate_limited", "conflict", "unavailable"],
    idempotent: true,
    rateLimited: true,
  },
  {
    method: "GET",
    path: "/api/v1/reservations/{id}",
    tag: "Reservations",
    summary: "Get a reservation",
    description:
      "With its manage token (`X-Manage-Token`), as the diner, or as a member of its restaurant. `X-Manage-Token` also takes the signed `token` of an email's manage link; one that expired (three days after the booking ends) or predates a cancel or change is 401 with `details.reason` `link_expired` or `link_stale`.",
    auth: "manage_token_or_signed_in",
    params: s.idParams,
    response: s.reservationResponse,
    status: 200,
    errors: ["unauthenticated", "not_found", "unavailable"],
  },
  {
    method: "PATCH",
    path: "/api/v1/reservations/{id}",
    tag: "Reservations",
    summary: "Seat, finish or mark a no-show",
    auth: "member",
    roles: "owner, manager, host",
    params: s.idParams,
    body: s.statusPatchBody,
    response: s.reservationResponse,
    status: 200,
    errors: [...MEMBER_ERRORS, "invalid_transition"],
  },
  {
    method: "POST",
    path: "/api/v1/reservations/{id}/confirm",
    tag: "Reservations",
    summary: "Confirm a hold",
    description:
      "With the manage token or as the holder. Confirming again after success returns the same reservation. When the restaurant takes a deposit or holds a card, the answer is 402 payment_required with `payment.checkout_url`; the details are kept, the hold lasts as long as the checkout, and the payment confirms the reservation.",
    auth: "manage_token_or_signed_in",
    idempotent: true,
    params: s.idParams,
    body: s.confirmBody,
    response: s.reservationResponse,
    status: 200,
    errors: ["invalid_input", "unauthenticated", "payment_required", "not_found", "hold_expired", "invalid_transition", "unavailable"],
  },
  {
    method: "POST",
    path: "/api/v1/reservations/{id}/extend",
    tag: "Reservations",
    summary: "Extend a hold once",
    auth: "manage_token_or_signed_in",
    params: s.idParams,
    response: s.reservationResponse,
    status: 200,
    errors: ["unauthenticated", "not_found", "hold_expired", "invalid_transition", "unavailable"],
  },
  {
    method: "POST",
    path: "/api/v1/reservations/{id}/cancel",
    tag: "Reservations",
    summary: "Cancel a reservation",
    description: "With the manage token, as the diner before the cancellation cut-off, or as a member at any time.",
    auth: "manage_token_or_signed_in",
    idempotent: true,
    params: s.idParams,
    response: s.reservationResponse,
    status: 200,
    errors: ["unauthenticated", "not_found", "outside_policy", "invalid_transition", "unavailable"],
  },
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}/reservations",
    tag: "Reservations",
    summary: "The day's book",
    auth: "member",
    roles: "owner, manager, host",
    params: s.idParams,
    query: s.reservationsQuery,
    response: s.listOf(s.reservationResponse),
    status: 200,
    errors: MEMBER_ERRORS,
  },
  {
    method: "POST",
    path: "/api/v1/restaurants/{id}/reservations",
    tag: "Reservations",
    summary: "Phone booking or walk-in",
    description: "`status: confirmed` for a phone booking, `seated` for a walk-in. The same overlap rules apply.",
    auth: "member",
    roles: "owner, manager, host",
    params: s.idParams,
    body: s.memberReservationBody,
    response: s.reservationResponse,
    status: 201,
    errors: [...MEMBER_ERRORS, "slot_unavailable", "outside_policy", "slot_locked", "conflict"],
    idempotent: true,
  },
  // Reviews
  {
    method: "POST",
    path: "/api/v1/reservations/{id}/review",
    tag: "Reviews",
    summary: "Review a visit",
    description:
      "Only for a `completed` visit, once, within 60 days of it: as the diner who booked it, or with `X-Manage-Token` (the manage token, an email's manage link token, or the review request's link token). Staff cannot review their restaurant's bookings. `text` is plain text, at most 2000 characters. A second review of the same visit is 409 `conflict` (edit it with PATCH); a visit not completed is 409 `invalid_transition`; past 60 days is 422 `outside_policy`.",
    auth: "manage_token_or_signed_in",
    params: s.idParams,
    body: s.reviewBody,
    response: s.reviewResponse,
    status: 201,
    errors: ["invalid_input", "unauthenticated", "not_found", "conflict", "invalid_transition", "outside_policy", "unavailable"],
  },
  {
    method: "PATCH",
    path: "/api/v1/reservations/{id}/review",
    tag: "Reviews",
    summary: "Edit your review",
    description: "The same people and window as writing it; send `rating`, `text` or both (`text: \"\"` removes the text).",
    auth: "manage_token_or_signed_in",
    params: s.idParams,
    body: s.reviewPatchBody,
    response: s.reviewResponse,
    status: 200,
    errors: ["invalid_input", "unauthenticated", "not_found", "invalid_transition", "outside_policy", "unavailable"],
  },
  {
    method: "GET",
    path: "/api/v1/restaurants/{id}/reviews",
    tag: "Reviews",
    summary: "A restaurant's reviews",
    description: "Newest first, 10 per page, with the restaurant's `rating` (average to two decimals, null without reviews). `author` is a first name and initial; `visited_on` the visit's local date.",
    auth: "optional",
    params: s.idOrSlugParams,
    query: s.reviewsQuery,
    response: s.reviewsResponse,
    status: 200,
    errors: ["invalid_input", "not_found", "unavailable"],
  },
  {
    method: "POST",
    path: "/api/v1/reviews/{id}/reply",
    tag: "Reviews",
    summary: "Reply to a review",
    description: "The restaurant's public answer, plain text up to 2000 characters; sending it again replaces it, `\"\"` removes it.",
    auth: "member",
    roles: "owner, manager",
    params: s.idParams,
    body: s.replyBody,
    response: s.reviewResponse,
    status: 200,
    errors: MEMBER_ERRORS,
  },
  // Waitlist
  {
    method: "POST",
    path: "/api/v1/restaurants/{id}/waitlist",
    tag: "Waitlist",
    summary: "Join the waitlist (\"notify me\")",
    description:
      "For a local `date`, `party_size` and a window of seating times (`from_time` to `to_time`, local). A guest gives `email` (where the offer goes); a signed-in diner may omit it (the account's address). When a matching seating frees up, the earliest waiting entry gets a hold made for it and an email with a link to confirm within the hold; if it lapses, the next entry gets the table. Entries expire after their date. Keep `manage_token` to leave the list.",
    auth: "optional",
    params: s.idOrSlugParams,
    body: s.waitlistBody,
    response: s.waitlistJoinResponse,
    status: 201,
    errors: ["invalid_input", "not_found", "outside_policy", "conflict", "unavailable"],
    idempotent: true,
  },
  {
    method: "DELETE",
    path: "/api/v1/waitlist/{id}",
    tag: "Waitlist",
    summary: "Leave the waitlist",
    description: "With the entry's `X-Manage-Token`, or as the signed-in diner who joined. A table held for the entry is let go.",
    auth: "manage_token_or_signed_in",
    params: s.idParams,
    response: s.waitlistResponse,
    status: 200,
    errors: ["unauthenticated", "not_found", "unavailable"],
  },
  // System
  {
    method: "GET",
    path: "/api/health",
    tag: "System",
    summary: "Health check",
    description: "503 when the database is unreachable.",
    auth: "none",
    response: healthResponse,
    status: 200,
    errors: ["unavailable"],
  },
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    tag: "System",
    summary: "This reference as OpenAPI 3.1",
    auth: "none",
    response: z.record(z.string(), z.unknown()),
    status: 200,
    errors: [],
  },
];

export const AUTH_LABELS: Record<AuthRequirement, string> = {
  none: "None",
  optional: "Optional (members see drafts)",
  signed_in: "Signed in (bearer token or session)",
  member: "Member of the restaurant",
  manage_token_or_signed_in: "Manage token, the diner, or a member",
};

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** A zod schema as JSON Schema: what a client sends (`input`) or receives (`output`). */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  invalid_input: "Body, query or header fails validation (malformed JSON too)",
  unauthenticated: "No or bad credentials where they are needed",
  payment_required: "The booking needs a payment or a saved card first; `payment.checkout_url` says where",
  forbidden: "Authenticated, but not allowed on this resource",
  not_found: "No such resource, or not visible to the caller",
  slot_unavailable: "No suitable table is free at that time",
  invalid_transition: "The reservation is not in a state that allows this",
  conflict: "Unique value taken, or idempotency key reused with another body",
  hold_expired: "Confirming or extending a hold past its expiry",
  outside_policy: "Not a bookable slot: closed, outside sessions, party size, too soon, too far ahead, past cut-off",
  slot_locked: "Another booking for the same table and day is in flight; retry shortly",
  rate_limited: "Too many requests; Retry-After is set",
  unavailable: "A required dependency (Postgres) is down; nothing was changed",
};

export function errorDescription(code: ErrorCode): string {
  return ERROR_DESCRIPTIONS[code];
}

/** The OpenAPI 3.1 document for every registered route. */
export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of API_ROUTES) {
    const parameters: Record<string, unknown>[] = [];
    if (r.params) {
      const p = jsonSchema(r.params, "input");
      for (const [name, schema] of Object.entries(p.properties ?? {})) parameters.push({ name, in: "path", required: true, schema });
    }
    if (r.query) {
      const q = jsonSchema(r.query, "input");
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: "query", required: (q.required ?? []).includes(name), schema });
      }
    }
    if (r.auth === "manage_token_or_signed_in") {
      parameters.push({ name: "X-Manage-Token", in: "header", required: false, schema: { type: "string" }, description: "A guest's manage token" });
    }
    if (r.idempotent) {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        schema: { type: "string", minLength: 1, maxLength: 255 },
        description: "The same key and body within 24 h returns the first response; another body is 409 conflict.",
      });
    }

    const responses: Record<string, unknown> = {};
    responses[String(r.status)] =
      r.status === 204 || !r.response
        ? { description: r.status === 204 ? "No content" : "OK" }
        : { description: "OK", content: { "application/json": { schema: jsonSchema(r.response, "output") } } };
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of r.errors) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
    for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      responses[String(status)] = {
        description: codes.map((c) => `\`${c}\`: ${ERROR_DESCRIPTIONS[c]}`).join("; "),
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }

    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      tags: [r.tag],
      summary: r.summary,
      description: [r.description, r.roles ? `Roles: ${r.roles}.` : null].filter(Boolean).join("\n\n") || undefined,
      parameters: parameters.length ? parameters : undefined,
      requestBody: r.body
        ? { required: true, content: { "application/json": { schema: jsonSchema(r.body, "input") } } }
        : undefined,
      responses,
      security:
        r.auth === "none"
          ? []
          : r.auth === "optional" || r.auth === "manage_token_or_signed_in"
            ? [{}, { bearer: [] }, { session: [] }]
            : [{ bearer: [] }, { session: [] }],
    };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Tablekeep API",
      version: "1",
      description:
        "JSON in and out, snake_case fields. Instants are ISO-8601 UTC with `Z`; local dates `YYYY-MM-DD` and times `HH:MM` are in the restaurant's time zone. Every error is `{error: {code, message, fields?}}`.",
    },
    servers: serverUrl ? [{ url: serverUrl }] : undefined,
    tags: [...new Set(API_ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "From POST /api/v1/auth/token" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session" },
      },
      schemas: {
        Error: {
          ...jsonSchema(s.errorResponseSchema, "output"),
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_STATUS) },
                message: { type: "string" },
                fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
      },
    },
  };
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(" | ");
  if (schema.enum) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (schema.type === "array") return `${typeOf((schema.items as JsonSchema) ?? {})}[]`;
  if (Array.isArray(schema.type)) return (schema.type as string[]).join(" | ");
  if (typeof schema.type === "string") return schema.type;
  return "any";
}

function notesOf(schema: JsonSchema): string {
  const notes: string[] = [];
  const num = (k: string, label: string) => schema[k] !== undefined && notes.push(`${label} ${String(schema[k])}`);
  num("minimum", "min");
  num("maximum", "max");
  num("minLength", "min length");
  num("maxLength", "max length");
  num("minItems", "min items");
  num("maxItems", "max items");
  if (schema.format) notes.push(String(schema.format));
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (Array.isArray(schema.anyOf)) {
    for (const alt of schema.anyOf as JsonSchema[]) {
      const inner = notesOf(alt);
      if (inner) notes.push(inner);
    }
  }
  return notes.join(", ");
}

/** Flattened fields of an object schema (nested objects as `policy.hold_minutes`, array items as `turn_minutes[].minutes`). */
export function fieldRows(schema: z.ZodType, io: "input" | "output" = "input"): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (s: JsonSchema, prefix: string) => {
    const required = new Set(s.required ?? []);
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const full = prefix ? `${prefix}.${name}` : name;
      rows.push({ name: full, type: typeOf(prop), required: required.has(name) && prop.default === undefined, notes: notesOf(prop) });
      if (prop.type === "object") walk(prop, full);
      const alternatives = Array.isArray(prop.anyOf) ? (prop.anyOf as JsonSchema[]) : [prop];
      for (const alt of alternatives) {
        if (alt.type === "array" && (alt.items as JsonSchema | undefined)?.type === "object") walk(alt.items as JsonSchema, `${full}[]`);
        if (alt !== prop && alt.type === "object") walk(alt, full);
      }
    }
  };
  walk(jsonSchema(schema, io), "");
  return rows;
}
