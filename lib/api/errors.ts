import { jsonText } from "@/lib/api/response";
import { causeSummary, INTERNAL_ERROR_MESSAGE, retryAfterSeconds, toDomainError, type DomainError, type ErrorCode, type FieldErrors } from "@/lib/errors";

/**
 * Anything a handler can throw → an HTTP response. `toDomainError` (lib/errors.ts, shared with server
 * actions) classifies it; this turns the result into its status, `{error: {code, message, fields?}}`
 * and `Retry-After`; a bug is a 500 with a generic message, logged here.
 */

export interface ErrorBody {
  error: { code: ErrorCode | "internal"; message: string; fields?: FieldErrors; details?: Record<string, unknown> };
  /** 402 payment_required: what is due and where to pay it. */
  payment?: unknown;
}

export function errorJson(
  status: number,
  body: ErrorBody,
  headers: Record<string, string> = {},
): Response {
  return jsonText(JSON.stringify(body), status, headers);
}

export function domainErrorResponse(e: DomainError): Response {
  const error: ErrorBody["error"] = { code: e.code, message: e.message };
  if (e.fields && Object.keys(e.fields).length > 0) error.fields = e.fields;
  if (e.details) error.details = e.details;
  const headers: Record<string, string> = {};
  const retryAfter = retryAfterSeconds(e);
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  const body: ErrorBody = { error };
  if (e.code === "payment_required" && e.details?.payment) body.payment = e.details.payment;
  return errorJson(e.status, body, headers);
}

/** Maps any error to a Response; logs the ones that are bugs. `where` names the request in logs. */
export function errorResponse(e: unknown, where = ""): Response {
  const domain = toDomainError(e);
  if (domain) {
    if (domain.code === "unavailable") console.warn(`[api] ${where} database unavailable: ${causeSummary(e)}`);
    return domainErrorResponse(domain);
  }
  console.error(`[api] ${where} unhandled error`, e);
  return errorJson(500, { error: { code: "internal", message: INTERNAL_ERROR_MESSAGE } });
}
