/**
 * Typed domain errors with stable codes. Services throw these; actions and route handlers map them
 * in one place (lib/api/errors.ts for HTTP, lib/actions for server actions).
 */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
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
