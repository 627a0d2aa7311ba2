import { appUrlIsHttps, getEnv } from "@/lib/env";
import { securityHeaders } from "@/lib/security/headers";

/** Answers shorter than this are sent as they are: a few TCP segments at most. */
const COMPRESS_FROM_BYTES = 4096;

/**
 * A JSON answer. The server gzips answers it is not told to leave alone, whatever their size (Next
 * streams a route's answer without its length, so the compressor cannot see that it is small): a
 * gzip stream set up for a few hundred bytes costs more CPU than the bytes it saves, about 5 % of the
 * app's CPU during holds, and for a day's availability (about 2 KB) about a tenth of a cached
 * answer's CPU, to save a kilobyte or two. Short answers say `no-transform`, which the server's
 * compressor (and any proxy) respects; longer ones (lists, exports, the OpenAPI document) are
 * compressed as before.
 */
export function jsonText(bodyText: string, status: number, headers: Record<string, string> = {}): Response {
  const short = Buffer.byteLength(bodyText) < COMPRESS_FROM_BYTES;
  return new Response(bodyText, {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": short ? "no-store, no-transform" : "no-store",
      ...headers,
    },
  });
}

/** The API's security headers by (development, https): the same for every answer of a process. */
const apiHeaderSets = new Map<string, [string, string][]>();

function apiSecurityHeaders(): [string, string][] {
  const development = getEnv().NODE_ENV === "development";
  const https = appUrlIsHttps();
  const key = `${development}:${https}`;
  let set = apiHeaderSets.get(key);
  if (!set) {
    set = Object.entries(securityHeaders({ nonce: null, development, https }));
    apiHeaderSets.set(key, set);
  }
  return set;
}

/**
 * An API answer with the API's security headers (a policy that allows nothing) and `extra`. proxy.ts
 * leaves the API's routes alone (its matcher says why), so every answer gets them here. A Response
 * whose headers are immutable (a redirect, a fetched one) is copied first.
 */
export function withApiHeaders(res: Response, extra: Record<string, string> = {}): Response {
  const headers = [...apiSecurityHeaders(), ...Object.entries(extra)];
  try {
    for (const [name, value] of headers) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}
