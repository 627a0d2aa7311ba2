import { afterEach, describe, expect, it } from "vitest";
// The proxy is Next's own file convention; this test drives it with Next's request type.
// eslint-disable-next-line no-restricted-imports
import { NextRequest } from "next/server";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { config, proxy } from "@/proxy";

const saved = { APP_URL: processEnvSnapshot().APP_URL, NODE_ENV: processEnvSnapshot().NODE_ENV };
afterEach(() => setProcessEnv(saved));

describe("proxy", () => {
  const run = (path: string, init?: ConstructorParameters<typeof NextRequest>[1]) =>
    proxy(new NextRequest(new URL(path, "http://localhost:3000"), init));

  it("puts the whole header set on a page and hands the page's nonce policy to the render", () => {
    setProcessEnv({ APP_URL: "http://localhost:3000", NODE_ENV: "production" });
    const res = run("/restaurants");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    // Next reads the nonce from the request's policy: the same policy must reach the render.
    expect(res.headers.get("x-middleware-override-headers")).toContain("content-security-policy");
    expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    // A new nonce for every request.
    expect(run("/restaurants").headers.get("content-security-policy")).not.toBe(csp);
  });

  it("puts the header set on API responses, with a policy that allows nothing, and HSTS when APP_URL is https", () => {
    setProcessEnv({ APP_URL: "https://tablekeep.example", NODE_ENV: "production" });
    const res = run("/api/v1/restaurants", { method: "POST", body: "{}" });
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    expect(res.headers.get("x-middleware-override-headers")).toBeNull();
    expect(run("/").headers.get("strict-transport-security")).toMatch(/^max-age=/);
  });

  it("lets other sites frame the booking widget, and nothing else", () => {
    setProcessEnv({ APP_URL: "https://tablekeep.example", NODE_ENV: "production" });
    const widget = run("/embed/some-restaurant");
    expect(widget.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(widget.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(widget.headers.get("x-frame-options")).toBeNull();
    expect(widget.headers.get("x-middleware-request-x-tablekeep-embed")).toBe("1");
    for (const path of ["/r/some-restaurant", "/embed", "/embedded/x", "/manage/x/settings", "/book/ABC123", "/api/v1/restaurants"]) {
      const res = run(path, { headers: { "x-tablekeep-embed": "1" } });
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      // A client cannot ask for the chromeless layout elsewhere.
      expect(res.headers.get("x-middleware-request-x-tablekeep-embed"), path).toBeNull();
    }
  });

  it("sees pages and the API outside /api/v1; the versioned API's route wrapper and /api/ping set their own headers", () => {
    const seen = (path: string) => new RegExp(`^${config.matcher[0]}$`).test(path);
    for (const path of ["/", "/r/some-restaurant", "/embed/x", "/api/health", "/api/auth/session", "/api/webhooks/stripe"]) {
      expect(seen(path), path).toBe(true);
    }
    for (const path of ["/api/ping", "/api/v1/reservations", "/api/v1/restaurants/x/availability", "/api/v1/restaurants/x/photos", "/_next/static/a.js"]) {
      expect(seen(path), path).toBe(false);
    }
  });
});
