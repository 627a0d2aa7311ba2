import { jsonText, withApiHeaders } from "@/lib/api/response";

/**
 * Liveness without dependencies: for load balancers, and the benchmark's framework baseline. Like the
 * versioned API it skips proxy.ts and sets the API's security headers itself.
 */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return withApiHeaders(jsonText(JSON.stringify({ ok: true }), 200));
}
