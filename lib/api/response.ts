/** Answers shorter than this are sent as they are. */
const COMPRESS_FROM_BYTES = 2048;

/**
 * A JSON answer. The server gzips answers it is not told to leave alone, whatever their size (Next
 * streams a route's answer without its length, so the compressor cannot see that it is small): a
 * gzip stream set up for a few hundred bytes costs more CPU than the bytes it saves, about 5 % of the
 * app's CPU during holds. Short answers say `no-transform`, which the server's compressor (and any
 * proxy) respects; longer ones (lists, exports, the OpenAPI document) are compressed as before.
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
