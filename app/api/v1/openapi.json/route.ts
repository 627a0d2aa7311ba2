import { buildOpenApiDocument } from "@/lib/api/openapi";

// Built once per process: it depends only on the code.
let cached: string | null = null;

export function GET(): Response {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return new Response(cached, {
    headers: { "content-type": "application/json", "cache-control": "public, max-age=300" },
  });
}
