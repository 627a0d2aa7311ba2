import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ApiRouteDoc } from "@/lib/api/doc";
import { API_ROUTES } from "@/lib/api/openapi";

/**
 * A route cannot exist without its documentation: every handler an app/api route file exports carries
 * a reference entry (from `route()` or `documented()`) whose method and path are the file's own, and
 * that entry is the one the OpenAPI document and /docs are built from.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = path.join(ROOT, "app/api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Route files that are not part of the HTTP API, and why. */
const NOT_IN_API: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own sign-in endpoints, driven by the browser pages",
  "app/api/inngest/route.ts": "Inngest's endpoint for running background jobs, signed by Inngest",
  "app/api/ping/route.ts": "dependency-free liveness for load balancers and the benchmark's baseline",
  "app/api/webhooks/stripe/route.ts": "Stripe's signed callback, not for API clients",
  "app/api/webhooks/twilio/route.ts": "Twilio's signed callback for STOP/START replies, not for API clients",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [path.relative(ROOT, full)] : [];
  });
}

/** app/api/v1/restaurants/[id]/tables/[table_id]/route.ts → /api/v1/restaurants/{id}/tables/{table_id} */
function pathOf(file: string): string {
  return `/${path.dirname(file).replace(/^app\//, "").replace(/\[([^\]]+)\]/g, "{$1}")}`;
}

const files = routeFiles(API_DIR).sort();
const apiFiles = files.filter((f) => !NOT_IN_API[f]);

describe("every API route is documented by its handler", () => {
  it("knows every route file under app/api (a new one is documented or listed as not in the API)", () => {
    expect(Object.keys(NOT_IN_API).filter((f) => !files.includes(f))).toEqual([]);
    expect(apiFiles.length).toBeGreaterThan(20);
  });

  for (const file of apiFiles) {
    it(`${file}: each method's handler carries the doc for that method and path`, async () => {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      const handlers = Object.entries(mod).filter(([name]) => METHODS.includes(name));
      expect(handlers.length).toBeGreaterThan(0);
      for (const [method, handler] of handlers) {
        const doc = (handler as { doc?: ApiRouteDoc }).doc;
        expect(doc, `${method} in ${file} has no doc`).toBeDefined();
        expect({ method: doc!.method, path: doc!.path }).toEqual({ method, path: pathOf(file) });
        expect(API_ROUTES, `${method} ${doc!.path} is missing from the registry in lib/api/openapi.ts`).toContain(doc);
      }
    });
  }

  it("documents nothing that no route file serves", async () => {
    const served = new Set<ApiRouteDoc>();
    for (const file of apiFiles) {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const [name, handler] of Object.entries(mod)) {
        const doc = METHODS.includes(name) ? (handler as { doc?: ApiRouteDoc }).doc : undefined;
        if (doc) served.add(doc);
      }
    }
    expect(API_ROUTES.filter((r) => !served.has(r)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("lists the errors the wrapper itself gives for the route's options", () => {
    const missing = API_ROUTES.flatMap((r) => {
      const expected = [
        ...(r.body || r.query ? (["invalid_input"] as const) : []),
        ...(r.auth === "signed_in" || r.auth === "member" ? (["unauthenticated"] as const) : []),
        ...(r.auth === "member" ? (["forbidden"] as const) : []),
        ...(r.params ? (["not_found"] as const) : []),
      ];
      return expected.filter((code) => !r.errors.includes(code)).map((code) => `${r.method} ${r.path}: ${code}`);
    });
    expect(missing).toEqual([]);
  });
});
