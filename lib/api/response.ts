/**
 * A JSON answer with its length declared. The server compresses only answers it knows to be 1 KB or
 * more: a gzip stream set up for a few hundred bytes costs more CPU than the bytes it saves (an API
 * answer streamed without a length would be compressed whatever its size). Larger answers (lists,
 * exports, the OpenAPI document) are compressed as before.
 */
export function jsonText(bodyText: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(bodyText, {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      ...headers,
      "content-length": String(Buffer.byteLength(bodyText)),
    },
  });
}
