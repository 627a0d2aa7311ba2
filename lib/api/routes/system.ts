/** System routes: health. (The OpenAPI document's own route is in lib/api/openapi.ts, beside the registry.) */
import { z } from "zod";
import { documented } from "@/lib/api/doc";
import { checkHealth } from "@/lib/health";

// Typed against the report below (`satisfies`), so the reference cannot name states the check never gives.
const healthResponse = z.object({
  status: z.enum(["ok", "unavailable"]),
  db: z.enum(["ok", "busy", "down"]),
  redis: z.enum(["ok", "down", "off"]),
});

/** Liveness and readiness for load balancers and the test runner. */
export const healthHandler = documented(
  {
    method: "GET",
    path: "/api/health",
    tag: "System",
    summary: "Health check",
    description: "503 when the database is unreachable.",
    auth: "none",
    response: healthResponse,
    status: 200,
    errors: ["unavailable"],
  },
  async (): Promise<Response> => {
    const report = await checkHealth();
    return Response.json(report satisfies z.input<typeof healthResponse>, {
      status: report.status === "ok" ? 200 : 503,
      headers: { "Cache-Control": "no-store, max-age=0" },
    });
  },
);
