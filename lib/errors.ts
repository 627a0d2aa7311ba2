/**
 * Typed domain errors with stable codes. Services throw these; anything else thrown (a driver error,
 * a constraint the database enforced) is classified once by `toDomainError` below, which both the
 * HTTP error response (lib/api/errors.ts) and the server-action result (lib/actions) use, so the web
 * and the API answer the same failure with the same code, message, fields and retry hint.
 * Client-safe: no server imports.
 */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  slot_unavailable: 409,
  invalid_transition: 409,
  conflict: 409,
  hold_expired: 410,
  outside_policy: 422,
  slot_locked: 423,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  /** Seconds a client should wait before retrying (rate limits, locks). */
  readonly retryAfter?: number;
  /** Extra data a caller may show, e.g. the nearest available times after a slot was taken. */
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: FieldErrors; retryAfter?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fields = extra.fields;
    this.retryAfter = extra.retryAfter;
    this.details = extra.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

export const notFound = (what = "Resource") => new DomainError("not_found", `${what} not found.`);
export const forbidden = (message = "You are not allowed to do that.") => new DomainError("forbidden", message);
export const unauthenticated = (message = "Sign in, or send a valid bearer token.") =>
  new DomainError("unauthenticated", message);
export const invalidInput = (message: string, fields?: FieldErrors) =>
  new DomainError("invalid_input", message, { fields });

/** What a caller sees when the failure is a bug: nothing more specific is safe to say. */
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

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
  "DB_UNAVAILABLE", // the breaker is open (db/resilience.ts)
  "DB_BUSY", // no connection within the acquire timeout
  "DB_INCONSISTENT_RESULT", // the driver returned rows that disagree with their count
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

/**
 * One line for a log: the innermost cause's message (the driver's, not the ORM's "Failed query: …"
 * with its SQL and parameters) and the codes found on the way down.
 */
export function causeSummary(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 5; i++) {
    const next = cur && typeof cur === "object" ? (cur as { cause?: unknown }).cause : undefined;
    if (!next) break;
    cur = next;
  }
  const message = (cur instanceof Error ? cur.message : String(cur)).split("\n")[0]!.slice(0, 200);
  const codes = [...new Set(errorCodes(e))];
  return codes.length ? `${message} [${codes.join(", ")}]` : message;
}

/** The SQLSTATE of a Postgres error (five characters), looking through wrappers. */
export function sqlStateOf(e: unknown): string | undefined {
  return errorCodes(e).find((c) => /^[0-9A-Z]{5}$/.test(c) && !c.startsWith("E"));
}

/** The constraint a Postgres error names, looking through wrappers. */
export function constraintOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === "object"; i++) {
    const c = (cur as { constraint_name?: unknown }).constraint_name ?? (cur as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The DETAIL of a Postgres error, looking through wrappers. */
export function detailOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === "object"; i++) {
    const d = (cur as { detail?: unknown }).detail;
    if (typeof d === "string") return d;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (e: unknown): boolean => sqlStateOf(e) === "23505";

export function isConnectionError(e: unknown): boolean {
  return errorCodes(e).some((c) => CONNECTION_CODES.has(c) || c.startsWith("08"));
}

/** Turns anything thrown into a DomainError, or null when it is a bug (→ "internal", HTTP 500). */
export function toDomainError(e: unknown): DomainError | null {
  if (isDomainError(e)) return e;
  if (errorCodes(e).includes("DB_OUTCOME_UNKNOWN")) {
    return new DomainError(
      "unavailable",
      "The database connection failed while saving; the outcome is unknown. Retry with the same Idempotency-Key, or check before trying again.",
      { retryAfter: 1, details: { outcome: "unknown" } },
    );
  }
  if (isConnectionError(e)) {
    return new DomainError("unavailable", "The service is temporarily unavailable. Nothing was changed; try again shortly.", {
      retryAfter: 1,
    });
  }
  switch (sqlStateOf(e)) {
    case "57014": // query_canceled: statement_timeout (a cancelled statement is rolled back)
    case "55P03": // lock_not_available: lock_timeout
      return new DomainError("unavailable", "The database took too long to answer. Nothing was changed; try again shortly.", {
        retryAfter: 1,
      });
    case "22P02": // invalid_text_representation: an id that is not a uuid
      return new DomainError("not_found", "Resource not found.");
    case "23505":
      return new DomainError("conflict", "That value is already taken.");
    case "23P01":
      return new DomainError("slot_unavailable", "That table is no longer free at that time.");
    case "23514": {
      // The seat guards on experiences (everything else checked is validated before it gets here).
      const constraint = constraintOf(e);
      if (constraint === "reservations_section_capacity") {
        return new DomainError("slot_unavailable", "Not enough seats are left in that section.");
      }
      if (constraint === "experience_sections_capacity_taken") {
        const taken = Number(detailOf(e));
        return new DomainError("conflict", `${taken} seats are already taken in that section; the capacity cannot go below that.`, {
          details: { seats_taken: taken },
        });
      }
      return null;
    }
    case "40001": // serialization_failure
    case "40P01": // deadlock_detected
      return new DomainError("slot_locked", "Another booking is in flight; retry shortly.", { retryAfter: 1 });
    default:
      return null;
  }
}

/** Whole seconds to tell a client to wait, as the `Retry-After` header and the action result carry it. */
export function retryAfterSeconds(e: DomainError): number | undefined {
  return e.retryAfter === undefined ? undefined : Math.max(1, Math.ceil(e.retryAfter));
}
