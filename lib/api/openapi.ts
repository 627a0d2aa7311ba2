import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import { ERROR_STATUS } from "@/lib/errors";
import { API_TAGS, type ApiRouteDoc, type AuthRequirement, documented } from "@/lib/api/doc";
import { withApiHeaders } from "@/lib/api/response";
import * as auth from "@/lib/api/routes/auth";
import * as experiences from "@/lib/api/routes/experiences";
import * as floor from "@/lib/api/routes/floor";
import * as photos from "@/lib/api/routes/photos";
import * as reservations from "@/lib/api/routes/reservations";
import * as restaurants from "@/lib/api/routes/restaurants";
import * as reviews from "@/lib/api/routes/reviews";
import * as system from "@/lib/api/routes/system";
import * as waitlist from "@/lib/api/routes/waitlist";
import * as s from "@/lib/api/schemas";

export type { ApiRouteDoc } from "@/lib/api/doc";

/**
 * The API reference, collected from the route handlers themselves: each `route()` carries its entry
 * (lib/api/doc.ts), built from the same schemas, auth and status it runs with. The OpenAPI document
 * (`GET /api/v1/openapi.json`) and the `/docs` page are generated from this list, by section, then
 * path, then method. A
 * new route module is added to the list below; a test checks that every handler an app/api route file
 * exports is documented here under its file's method and path.
 */
function docsOf(...modules: Record<string, unknown>[]): ApiRouteDoc[] {
  return modules.flatMap((m) =>
    Object.values(m).flatMap((v) => (typeof v === "function" && "doc" in v && v.doc ? [v.doc as ApiRouteDoc] : [])),
  );
}

// Built once per process: it depends only on the code.
let cachedDocument: string | null = null;

export const openApiHandler = documented(
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
  (): Response => {
    cachedDocument ??= JSON.stringify(buildOpenApiDocument());
    return withApiHeaders(
      new Response(cachedDocument, { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } }),
    );
  },
);

const METHOD_ORDER = ["GET", "POST", "PATCH", "DELETE"];

export const API_ROUTES: ApiRouteDoc[] = [...docsOf(auth, restaurants, photos, floor, reservations, experiences, reviews, waitlist, system), openApiHandler.doc].sort(
  (a, b) =>
    API_TAGS.indexOf(a.tag) - API_TAGS.indexOf(b.tag) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
);

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
        const example = r.example?.query?.[name];
        parameters.push({ name, in: "query", required: (q.required ?? []).includes(name), schema, ...(example === undefined ? {} : { example }) });
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
        ? { required: true, content: { "application/json": { schema: jsonSchema(r.bodyShown ?? r.body, "input"), example: r.example?.body } } }
        : r.multipartBody
          ? { required: true, content: { "multipart/form-data": { schema: jsonSchema(r.multipartBody, "input") } } }
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
    tags: API_TAGS.filter((tag) => API_ROUTES.some((r) => r.tag === tag)).map((name) => ({ name })),
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
  const root = jsonSchema(schema, io);
  if (!Array.isArray(root.anyOf)) {
    walk(root, "");
    return rows;
  }
  // One of several bodies (a table hold or a seat hold): every field of each, required only where
  // every body requires it.
  const bodies = root.anyOf as JsonSchema[];
  for (const body of bodies) walk(body, "");
  const byName = new Map<string, FieldRow>();
  for (const row of rows) {
    const seen = byName.get(row.name);
    const inAll = bodies.every((b) => (b.required ?? []).includes(row.name.split(".")[0]!));
    byName.set(row.name, { ...(seen ?? row), required: row.required && inAll });
  }
  return [...byName.values()];
}
