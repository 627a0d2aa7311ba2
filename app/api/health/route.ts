import { connection } from "next/server";
import { checkHealth } from "@/lib/health";

/** Liveness and readiness for load balancers and the test runner. */
export async function GET(): Promise<Response> {
  await connection();
  const report = await checkHealth();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store, max-age=0" },
  });
}
