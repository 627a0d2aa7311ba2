/**
 * The route wrapper every `app/api/v1` handler uses. It does, in order: rate limit (optional, per
 * client address) → principal (bearer, else session cookie; a bad bearer is 401) → auth check →
 * params (malformed → 404) → query (→ 400) → body size cap, JSON parse, zod (→ 400 with `fields`)
 * → Idempotency-Key (when `idempotent`) → your function → JSON response. Every thrown error goes
 * through lib/api/errors.ts, the one error map. Every answer carries the API's security headers and
 * a Server-Timing header.
 *
 * Usage: define handlers in lib/api/routes/<area>.ts and re-export them from the app route file, so
 * integration tests (lib/**.int.test.ts) can import them without importing app/ (an ESLint rule):
 *
 *   // lib/api/routes/floor.ts
 *   import { route } from "@/lib/api/handler";
 *   import { idParams, tableBody } from "@/lib/api/schemas";
 *
 *   export const createTableHandler = route(
 *     {
 *       auth: "member", params: idParams, body: tableBody, idempotent: true, status: 201,
 *       doc: { method: "POST", path: "/api/v1/restaurants/{id}/tables", tag: "Floor and sessions", summary: "Add a table",
 *              roles: "owner, manager", response: tableResponse, errors: [...MEMBER_ERRORS, "conflict"] },
 *     },
 *     async ({ db, principal, params, body }) => serializeTable(await createTable(db, principal, params.id, body)),
 *   );
 *
 *   // app/api/v1/restaurants/[id]/tables/route.ts
 *   export { listTablesHandler as GET, createTableHandler as POST } from "@/lib/api/routes/floor";
 *
 * Options (all optional, but every app/api route has `doc`: a test checks it against the file's place):
 *   doc        its API reference entry (method, path, tag, summary, description, roles, response, errors);
 *              the handler carries it as `.doc` with the options below, and lib/api/openapi.ts builds the
 *              OpenAPI document and the /docs page from those entries
 *   auth       "signed_in" | "member" (401 without a principal; `principal` is typed non-null) |
 *              "optional" (default) | "none" | "manage_token_or_signed_in" (the service decides)
 *   params     zod schema for the dynamic segments; a failure is 404 not_found (ids in URLs are untrusted)
 *   query      zod schema for the query string (object of first values, strings: use z.coerce for numbers)
 *   body       zod schema for the JSON body; an empty body parses as `{}`
 *   idempotent honour `Idempotency-Key` (scope `user:<id>` or `ip:<address>`)
 *   status     success status (default 200); 204 sends no body
 *   rateLimit  { bucket, limit, windowSeconds, strict? }: `limit` per window per client address → 429 +
 *              Retry-After; `strict` also counts in-process so the limit holds with Redis down
 *
 * The function receives { req, url, principal, params, body, query, db, ip, manageToken } and returns
 * a value to serialise as JSON (return snake_case, see lib/api/serialize.ts), or a Response to send as is.
 * Tests call the handler directly: `createTableHandler(new Request(url, init), { params: Promise.resolve({ id }) })`,
 * after `setDb(t.db)` (db/client.ts); lib/api/testing.ts `call()` does this in one line.
 */
import type { z } from "zod";
import { type Db, getDb } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { type ApiRouteDoc, type AuthRequirement, type RouteDoc, routeDoc } from "@/lib/api/doc";
import { hasBearer, resolvePrincipal } from "@/lib/auth/resolve";
import { strictRateLimit } from "@/lib/auth/throttle";
import { errorResponse } from "@/lib/api/errors";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  readIdempotencyKey,
  releaseIdempotencyKey,
  requestHash,
} from "@/lib/api/idempotency";
import { jsonText, withApiHeaders } from "@/lib/api/response";
import { clientAddress, fieldErrors, parseJsonBody, queryObject, readBodyText } from "@/lib/api/request";
import { getEnv } from "@/lib/env";
import { withIdempotencyKey } from "@/lib/idempotency/effect";
import { DomainError, invalidInput, notFound, unauthenticated } from "@/lib/errors";
import { getKv } from "@/lib/redis";
import { serverTimingHeader, withRequestTiming } from "@/lib/server-timing";

export type AuthMode = AuthRequirement;

/** The auth requirements that refuse an anonymous request before the route's function runs. */
type SignedIn = "signed_in" | "member";

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<A extends AuthMode, PS, BS, QS> {
  auth?: A;
  doc?: RouteDoc;
  params?: PS;
  body?: BS;
  query?: QS;
  idempotent?: boolean;
  status?: number;
  rateLimit?: { bucket: string; limit: number | (() => number); windowSeconds: number; strict?: boolean };
  /**
   * For an idempotent route whose work committed but whose answer was lost (a crash, a dropped
   * connection): builds the answer from the resource the work recorded. Without it the function runs
   * again, which suits routes that are idempotent by nature (confirm, cancel).
   */
  answerFrom?: (ctx: RouteContext<A, Infer<PS>, Infer<BS>, Infer<QS>>, resource: { id: string; secret: string | null }) => Promise<unknown>;
}

export interface RouteContext<A extends AuthMode, P, B, Q> {
  req: Request;
  url: URL;
  principal: A extends SignedIn ? Principal : Principal | null;
  params: P;
  body: B;
  query: Q;
  db: Db;
  /** The client's address (X-Forwarded-For counted from the right by TRUSTED_PROXY_HOPS) or "unknown". */
  ip: string;
  /** The `X-Manage-Token` header, for guests reaching their own reservation. */
  manageToken: string | null;
}

/** Next 16 passes dynamic segments as a Promise. Optional so routes without segments are easy to test. */
export interface RouteSegmentContext {
  params?: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (req: Request, ctx?: RouteSegmentContext) => Promise<Response>;

export function route<
  A extends AuthMode = "optional",
  PS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
>(
  opts: RouteOptions<A, PS, BS, QS>,
  fn: (ctx: RouteContext<A, Infer<PS>, Infer<BS>, Infer<QS>>) => Promise<unknown>,
): RouteHandler & { doc?: ApiRouteDoc } {
  const handler: RouteHandler = (req, segment) =>
    withRequestTiming(async (timing) => {
      const res = await handle(req, segment);
      // A replayed or error answer is timed too.
      return withApiHeaders(res, { "server-timing": serverTimingHeader(timing) });
    });
  return opts.doc ? Object.assign(handler, { doc: routeDoc(opts.doc, opts) }) : handler;

  async function handle(req: Request, segment: RouteSegmentContext | undefined): Promise<Response> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      url = new URL("http://localhost/");
    }
    const where = `${req.method} ${url.pathname}`;
    try {
      const ip = clientAddress(req.headers);

      if (opts.rateLimit) {
        const { bucket, windowSeconds } = opts.rateLimit;
        const limit = typeof opts.rateLimit.limit === "function" ? opts.rateLimit.limit() : opts.rateLimit.limit;
        const id = `rl:${bucket}:${ip}`;
        const verdict = opts.rateLimit.strict
          ? await strictRateLimit(id, limit, windowSeconds)
          : await getKv().rateLimit(id, limit, windowSeconds);
        if (!verdict.allowed) {
          throw new DomainError("rate_limited", "Too many requests; slow down and retry later.", {
            retryAfter: Math.max(1, verdict.retryAfter),
          });
        }
      }

      const principal = await resolvePrincipal(req);
      if ((opts.auth === "signed_in" || opts.auth === "member") && !principal) throw unauthenticated();
      if (principal && !hasBearer(req)) checkSameOrigin(req, url);

      const params = await parseParams(opts.params, segment);
      const query = parseWith(opts.query, queryObject(url), "The query string is invalid.", "query");

      let rawBody: unknown = undefined;
      let body: unknown = undefined;
      if (opts.body) {
        rawBody = parseJsonBody(await readBodyText(req, getEnv().MAX_BODY_BYTES));
        body = parseWith(opts.body, rawBody, "The request body is invalid.", "body");
      }

      const db = getDb();
      const ctx = {
        req,
        url,
        principal,
        params,
        body,
        query,
        db,
        ip,
        manageToken: req.headers.get("x-manage-token")?.trim() || null,
      } as RouteContext<A, Infer<PS>, Infer<BS>, Infer<QS>>;
      const status = opts.status ?? 200;

      const key = opts.idempotent ? readIdempotencyKey(req) : null;
      if (!key) return toResponse(await fn(ctx), status);

      const claim = {
        scope: principal ? `user:${principal.userId}` : `ip:${ip}`,
        key,
        route: where,
        requestHash: requestHash(req.method, url.pathname, rawBody ?? null),
      };
      const claimed = await claimIdempotencyKey(db, claim);
      if (claimed.kind === "replay") return textResponse(claimed.bodyText, claimed.status, { "idempotent-replayed": "true" });
      let response: Response;
      try {
        const result =
          claimed.kind === "done"
            ? await (opts.answerFrom ? opts.answerFrom(ctx, { id: claimed.resourceId, secret: claimed.secret }) : fn(ctx))
            : await withIdempotencyKey(claim, () => fn(ctx));
        response = toResponse(result, status);
      } catch (e) {
        await releaseIdempotencyKey(db, claim).catch(() => {});
        throw e;
      }
      if (response.status >= 500) {
        await releaseIdempotencyKey(db, claim).catch(() => {});
        return response;
      }
      const bodyText = await response.clone().text();
      await completeIdempotencyKey(db, { ...claim, status: response.status, bodyText });
      return response;
    } catch (e) {
      return errorResponse(e, where);
    }
  }
}

function parseWith(schema: z.ZodType | undefined, value: unknown, message: string, root: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(message, fieldErrors(result.error, root));
  return result.data;
}

async function parseParams(schema: z.ZodType | undefined, segment: RouteSegmentContext | undefined): Promise<unknown> {
  const raw = (await segment?.params) ?? {};
  if (!schema) return raw;
  const result = schema.safeParse(raw);
  // A malformed id names nothing that exists: 404, the same answer as an unknown one.
  if (!result.success) throw notFound();
  return result.data;
}

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send Origin on cross-site
 * POSTs; SameSite=Lax already keeps the cookie off them, and this is the belt to those braces.
 * `Origin: null` comes from sandboxed frames, `data:` documents and some redirects: never from our
 * pages, so it is refused too. Without Origin (non-browser clients) the write proceeds.
 */
function checkSameOrigin(req: Request, url: URL): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  if (origin === "null") throw new DomainError("forbidden", "Requests from an opaque origin with a session cookie are not allowed.");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new DomainError("forbidden", "Cross-origin requests with a session cookie are not allowed.");
  }
  if (originHost !== host) throw new DomainError("forbidden", "Cross-origin requests with a session cookie are not allowed.");
}

function textResponse(bodyText: string, status: number, headers: Record<string, string> = {}): Response {
  if (status === 204) return new Response(null, { status, headers: { "cache-control": "no-store", ...headers } });
  return jsonText(bodyText, status, headers);
}

function toResponse(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (status === 204) return textResponse("", 204);
  return textResponse(JSON.stringify(result ?? null), status);
}
