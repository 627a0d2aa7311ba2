/** Liveness without dependencies: for load balancers, and the benchmark's framework baseline. */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true });
}
