import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import type { RouteHandler } from "@/lib/api/handler";
import { createApiToken } from "@/lib/auth/tokens";

/**
 * Calls a route handler the way Next does (a Request and a params promise), for integration tests.
 * Every call gets its own client address unless one is given, so per-address rate limits do not
 * couple unrelated tests.
 */
export interface CallOptions {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  /** A value to send as JSON, or a raw string sent as is. */
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  ip?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export async function call<T = any>(handler: RouteHandler, opts: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = {
    "x-forwarded-for": opts.ip ?? `10.${rnd()}.${rnd()}.${rnd()}`,
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    ...opts.headers,
  };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const req = new Request(`http://localhost${opts.path ?? "/api/v1/test"}`, {
    method: opts.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: res.status, headers: res.headers, json: json as T, text };
}

function rnd(): number {
  return randomBytes(1)[0]!;
}

/** A bearer token for a fixture user (recorded in the database `setDb` installed). */
export async function tokenFor(user: { id: string; email: string; name: string | null }): Promise<string> {
  return (await createApiToken(getDb(), user)).token;
}

export const TEST_AUTH_SECRET = "test-secret-for-integration-tests-0123456789";
