import { NextResponse, type NextRequest } from "next/server";
import { appUrlIsHttps, getEnv } from "@/lib/env";
import { EMBED_REQUEST_HEADER, isApiPath, isEmbedPath, newNonce, securityHeaders } from "@/lib/security/headers";

/**
 * Security headers on every page and on the API routes outside /api/v1 (lib/security/headers.ts; the
 * versioned API's route wrapper sets the same ones itself, see the matcher). A page request gets a
 * fresh nonce, passed to the render through the request's own Content-Security-Policy header, from
 * which Next takes it for its scripts; that is why every page renders per request (the root layout
 * waits for the connection). This is routing, not authorisation: each page, action and route checks
 * its caller itself.
 */
export function proxy(request: NextRequest): NextResponse {
  const api = isApiPath(request.nextUrl.pathname);
  const embed = !api && isEmbedPath(request.nextUrl.pathname);
  const headers = securityHeaders({
    nonce: api ? null : newNonce(),
    embeddable: embed,
    development: getEnv().NODE_ENV === "development",
    https: appUrlIsHttps(),
  });
  const csp = headers["Content-Security-Policy"]!;

  let response: NextResponse;
  if (api) {
    response = NextResponse.next();
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", csp);
    // Decided here from the path, never taken from the client.
    if (embed) requestHeaders.set(EMBED_REQUEST_HEADER, "1");
    else requestHeaders.delete(EMBED_REQUEST_HEADER);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Build assets are static files with their own headers (next.config.ts). The versioned API skips the
  // proxy: its route wrapper (lib/api/handler.ts) puts the same headers on every answer, so the proxy
  // would add only its own cost to each call (and Next copies every request body for it, which would
  // also cut a photo upload at proxyClientMaxBodySize, next.config.ts). /api/ping, the benchmark's
  // baseline, skips it in the same way and sets the same headers, so the baseline measures the same
  // framework path as the API it is compared with.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/v1/|api/ping$).*)"],
};
