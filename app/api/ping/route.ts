import { jsonText } from "@/lib/api/response";

/** Liveness without dependencies: for load balancers, and the benchmark's framework baseline. */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return jsonText(JSON.stringify({ ok: true }), 200);
}
