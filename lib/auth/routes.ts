import { errorResponse } from "@/lib/api/errors";
import { clientAddress } from "@/lib/api/request";
import { handlers, isMagicLinkEnabled } from "@/lib/auth/auth";
import { throttleMagicLink } from "@/lib/auth/throttle";

/**
 * The Auth.js endpoints this app serves under /api/auth; every other one answers 404 (its HTML
 * pages, the provider list, session updates, sign-in by providers that are not configured).
 *   GET  csrf, session                    the token a form posts back, and the current session
 *   GET  callback/resend                  the emailed sign-in link (when links are enabled)
 *   POST callback/credentials             password sign-in (throttled inside `authorize`)
 *   POST signin/resend                    ask for a sign-in link (throttled here: 429 when over)
 *   POST signout
 */
const BASE = "/api/auth/";

function allowed(method: string, action: string): boolean {
  const links = isMagicLinkEnabled();
  if (method === "GET") return action === "csrf" || action === "session" || (links && action === "callback/resend");
  if (method === "POST") return action === "callback/credentials" || action === "signout" || (links && action === "signin/resend");
  return false;
}

function notFound(): Response {
  return Response.json(
    { error: { code: "not_found", message: "Not found." } },
    { status: 404, headers: { "cache-control": "no-store" } },
  );
}

/** The `email` field as Auth.js will read it (a form or JSON body), from a copy of the request. */
async function formEmail(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body = (await req.clone().json()) as { email?: unknown } | null;
      return typeof body?.email === "string" ? body.email : "";
    }
    if (type.includes("application/x-www-form-urlencoded")) return new URLSearchParams(await req.clone().text()).get("email") ?? "";
  } catch {
    // Auth.js refuses the malformed body itself; the per-address limit has still counted it.
  }
  return "";
}

function guard(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    let pathname: string;
    try {
      pathname = new URL(req.url).pathname;
    } catch {
      return notFound();
    }
    if (!pathname.startsWith(BASE)) return notFound();
    const action = pathname.slice(BASE.length).replace(/\/+$/, "");
    if (!allowed(req.method, action)) return notFound();
    if (action === "signin/resend") {
      try {
        await throttleMagicLink({ ip: clientAddress(req.headers), email: await formEmail(req) });
      } catch (e) {
        return errorResponse(e, `POST ${pathname}`);
      }
    }
    return handler(req);
  };
}

export const GET = guard(handlers.GET as (req: Request) => Promise<Response>);
export const POST = guard(handlers.POST as (req: Request) => Promise<Response>);
