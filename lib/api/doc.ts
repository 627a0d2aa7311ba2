import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";

/**
 * What an API route says about itself. `route()` (lib/api/handler.ts) takes the reader-facing part
 * (`RouteDoc`) beside its runtime options and attaches the whole entry (`ApiRouteDoc`) to the handler
 * it returns: the schemas, auth, status and idempotency are the ones the handler runs with, so the
 * reference cannot differ from the behaviour. lib/api/openapi.ts collects the entries from the route
 * modules into the OpenAPI document and the /docs page.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * Who may call a route. `signed_in` and `member` make the handler refuse a request without a
 * principal (401) before the function runs; the others let it through (the service decides).
 */
export type AuthRequirement = "none" | "optional" | "signed_in" | "member" | "manage_token_or_signed_in";

/** The reference's sections, in the order it lists them. */
export const API_TAGS = ["Accounts", "Restaurants", "Floor and sessions", "Availability", "Reservations", "Experiences", "Reviews", "Waitlist", "System"] as const;
export type ApiTag = (typeof API_TAGS)[number];

/** The documentation a route writes by hand: everything else is taken from its options. */
export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/restaurants/{id}`; matches the route file's folder. */
  path: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** Roles allowed, for member routes. */
  roles?: string;
  response?: z.ZodType;
  /** A `multipart/form-data` body the function reads itself (an upload), for the reference. */
  multipartBody?: z.ZodType;
  /** Error codes the route can answer with, in the order the reference lists them. */
  errors: ErrorCode[];
  /**
   * A valid request, shown in the reference. Required for a route with a body or a query: a test
   * parses it with the route's own schemas, then breaks it field by field (NUL bytes, absurd years).
   */
  example?: { body?: Record<string, unknown>; query?: Record<string, string> };
}

/** A route's full reference entry. */
export interface ApiRouteDoc extends RouteDoc {
  auth: AuthRequirement;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * What the reference shows as the body when the parser itself does not read as a schema (a body
   * chosen by one of its keys); the parser, `body`, still decides what is accepted.
   */
  bodyShown?: z.ZodType;
  status: number;
  idempotent?: boolean;
  rateLimited?: boolean;
}

export type Documented<H> = H & { doc: ApiRouteDoc };

/** The full entry from a route's hand-written part and the options it runs with. */
export function routeDoc(
  doc: RouteDoc,
  opts: { auth?: AuthRequirement; params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; status?: number; idempotent?: boolean },
): ApiRouteDoc {
  return {
    ...doc,
    auth: opts.auth ?? "optional",
    params: opts.params,
    query: opts.query,
    body: opts.body,
    status: opts.status ?? 200,
    idempotent: opts.idempotent || undefined,
    // Limited by the wrapper or inside the service (sign-in throttle, hold limits): the errors say so.
    rateLimited: doc.errors.includes("rate_limited") || undefined,
  };
}

/**
 * Documents a handler that does not go through `route()` (health, the OpenAPI document itself): it
 * states its auth and status, which are not then checked against the handler.
 */
export function documented<H extends (...args: never[]) => unknown>(
  doc: RouteDoc & { auth: AuthRequirement; status: number },
  handler: H,
): Documented<H> {
  return Object.assign(handler, { doc: routeDoc(doc, doc) });
}

/** What a member route can answer besides success: bad input, no session, wrong role, no such thing, database down. */
export const MEMBER_ERRORS: ErrorCode[] = ["invalid_input", "unauthenticated", "forbidden", "not_found", "unavailable"];
