import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./headers";

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe("security headers", () => {
  it("lets page scripts run only with the nonce, forbids framing, and keeps eval to development", () => {
    const prod = directives(contentSecurityPolicy({ nonce: "abc", development: false, https: false }));
    expect(prod.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(prod.get("frame-ancestors")).toEqual(["'none'"]);
    expect(prod.get("object-src")).toEqual(["'none'"]);
    expect(prod.has("upgrade-insecure-requests")).toBe(false);
    // Map tiles from OpenStreetMap's tile server, and no other outside host.
    expect(prod.get("img-src")).toEqual(["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]);
    expect(prod.get("connect-src")).toEqual(["'self'"]);
    const dev = directives(contentSecurityPolicy({ nonce: "abc", development: true, https: false }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ nonce: "abc", development: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows nothing to API responses", () => {
    const api = directives(contentSecurityPolicy({ nonce: null, development: true, https: false }));
    expect(api.get("default-src")).toEqual(["'none'"]);
    expect(api.get("frame-ancestors")).toEqual(["'none'"]);
    expect(api.has("script-src")).toBe(false);
  });

  it("sends HSTS only over https", () => {
    expect(securityHeaders({ nonce: null, development: false, https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: null, development: false, https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const seen = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(seen.size).toBe(100);
    for (const n of seen) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
