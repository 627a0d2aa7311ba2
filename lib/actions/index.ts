import { headers } from "next/headers";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { clientAddress } from "@/lib/api/request";
import { causeSummary, INTERNAL_ERROR_MESSAGE, retryAfterSeconds, toDomainError, type ErrorCode, type FieldErrors } from "@/lib/errors";

/**
 * The server-action wrapper. A server action is a public POST endpoint, so every one: reads the
 * principal from the session (never from its arguments), parses its input with zod, calls one
 * service, and returns a typed result instead of throwing, so forms can show field errors.
 *
 *   // app/r/[slug]/actions.ts
 *   "use server";
 *   export const holdAction = action(holdSchema, async (input, { db, principal, ip }) =>
 *     holdTable(db, { ...input, principal, holderKey: principal?.userId ?? ip, source: "web" }));
 *
 * Call `redirect()` in the component after a successful result, not inside the action's try.
 */
export type ActionError = {
  code: ErrorCode | "internal";
  message: string;
  fields?: FieldErrors;
  details?: Record<string, unknown>;
  /** Seconds to wait before retrying (the API's `Retry-After`), when the failure is worth a retry. */
  retryAfter?: number;
};

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export interface ActionContext {
  db: Db;
  principal: Principal | null;
  /** The client's address, for limits on anonymous callers. */
  ip: string;
}

/** The same classification as the API's error responses (`toDomainError`), shaped for a form. */
export function toActionError(e: unknown): ActionError {
  const domain = toDomainError(e);
  if (!domain) {
    console.error("[action] unexpected error", e);
    return { code: "internal", message: INTERNAL_ERROR_MESSAGE };
  }
  if (domain.code === "unavailable") console.warn(`[action] database unavailable: ${causeSummary(e)}`);
  const error: ActionError = { code: domain.code, message: domain.message };
  if (domain.fields && Object.keys(domain.fields).length > 0) error.fields = domain.fields;
  if (domain.details) error.details = domain.details;
  const retryAfter = retryAfterSeconds(domain);
  if (retryAfter !== undefined) error.retryAfter = retryAfter;
  return error;
}

async function requestIp(): Promise<string> {
  return clientAddress(await headers());
}

export function action<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
  options: { auth?: "required" | "optional" } = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: "invalid_input",
            message: "Please check the highlighted fields.",
            fields: z.flattenError(parsed.error).fieldErrors as FieldErrors,
          },
        };
      }
      const principal = await getSessionPrincipal();
      if (options.auth === "required" && !principal) {
        return { ok: false, error: { code: "unauthenticated", message: "Please sign in first." } };
      }
      return { ok: true, data: await fn(parsed.data, { db: getDb(), principal, ip: await requestIp() }) };
    } catch (e) {
      return { ok: false, error: toActionError(e) };
    }
  };
}
