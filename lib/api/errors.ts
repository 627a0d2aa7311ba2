import { DomainError, isDomainError, type ErrorCode, type FieldErrors } from "@/lib/errors";

/**
 * The one map from anything a handler can throw to an HTTP response (API.md "Conventions"):
 * DomainError → its status and `{error: {code, message, fields?}}`; Postgres down → 503; a uuid
 * Postgres cannot parse → 404; anything else → 500 with a generic message, logged here.
 */

export interface ErrorBody {
  error: { code: ErrorCode | "internal"; message: string; fields?: FieldErrors; details?: Record<string, unknown> };
}

// Connection-level failures: nothing was changed, the client may retry later.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "3D000", // invalid_catalog_name: the database is gone
]);

/** Codes found on an error or its causes (drizzle wraps driver errors in DrizzleQueryError). */
export function errorCodes(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    // AggregateError (e.g. several addresses refused) carries the codes in `errors`.
    const inner = (cur as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const x of inner) codes.push(...errorCodes(x));
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** The SQLSTATE of a Postgres error (five characters), looking through wrappers. */
export function sqlStateOf(e: unknown): string | undefined {
  return errorCodes(e).find((c) => /^[0-9A-Z]{5}$/.test(c) && !c.startsWith("E"));
}

export function isConnectionError(e: unknown): boolean {
  return errorCodes(e).some((c) => CONNECTION_CODES.has(c) || c.startsWith("08"));
}

/** Turns anything thrown into a DomainError, or null when it is a bug (→ 500). */
export function toDomainError(e: unknown): DomainError | null {
  if (isDomainError(e)) return e;
  if (isConnectionError(e)) {
    return new DomainError("unavailable", "The service is temporarily unavailable. Nothing was changed; try again shortly.", {
      retryAfter: 5,
    });
  }
  const state = sqlStateOf(e);
  switch (state) {
    case "22P02": // invalid_text_representation: an id that is not a uuid
      return new DomainError("not_found", "Resource not found.");
    case "23505":
      return new DomainError("conflict", "That value is already taken.");
    case "23P01":
      return new DomainError("slot_unavailable", "That table is no longer free at that time.");
    case "40001": // serialization_failure
    case "40P01": // deadlock_detected
      return new DomainError("slot_locked", "Another booking is in flight; retry shortly.", { retryAfter: 1 });
    default:
      return null;
  }
}

export function errorJson(
  status: number,
  body: ErrorBody,
  headers: Record<string, string> = {},
): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

export function domainErrorResponse(e: DomainError): Response {
  const error: ErrorBody["error"] = { code: e.code, message: e.message };
  if (e.fields && Object.keys(e.fields).length > 0) error.fields = e.fields;
  if (e.details) error.details = e.details;
  const headers: Record<string, string> = {};
  if (e.retryAfter !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(e.retryAfter)));
  return errorJson(e.status, { error }, headers);
}

/** Maps any error to a Response; logs the ones that are bugs. `where` names the request in logs. */
export function errorResponse(e: unknown, where = ""): Response {
  const domain = toDomainError(e);
  if (domain) {
    if (domain.code === "unavailable") console.warn(`[api] ${where} database unavailable: ${(e as Error)?.message ?? e}`);
    return domainErrorResponse(domain);
  }
  console.error(`[api] ${where} unhandled error`, e);
  return errorJson(500, { error: { code: "internal", message: "Something went wrong" } });
}
