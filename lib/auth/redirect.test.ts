import { beforeAll, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { safeNext, safeRedirectPath } from "@/lib/auth/redirect";

const ORIGIN = "https://tablekeep.example";

describe("safeRedirectPath: open-redirect attempts stay on the origin", () => {
  it.each([
    ["protocol-relative", "//evil.example"],
    ["protocol-relative, three slashes", "///evil.example"],
    ["backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["encoded tab the browser strips", "/%09/evil.example"],
    ["raw tab", "/\t/evil.example"],
    ["encoded newline", "%0a"],
    ["encoded newline in a path", "/%0a"],
    ["header injection", "/%0d%0aSet-Cookie:%20a=b"],
    ["raw newline", "/me\n"],
    ["NUL", "/\u0000evil"],
    ["encoded NUL", "/%00"],
    ["DEL", "/\u007f"],
    ["encoded slashes", "/%2F%2Fevil.example"],
    ["encoded slash after the first", "/%2Fevil.example"],
    ["double-encoded slashes", "/%252F%252Fevil.example"],
    ["double-encoded tab", "/%2509/evil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["dot segment to a protocol-relative path", "/.//evil.example"],
    ["dot-dot segment", "/..//evil.example"],
    ["another origin", "https://evil.example/me"],
    ["same host, other scheme", "http://tablekeep.example/me"],
    ["same host, other port", "https://tablekeep.example:8443/me"],
    ["userinfo trick", "https://tablekeep.example@evil.example/"],
    ["scheme-relative to another scheme", "http:evil.example"],
    ["javascript", "javascript:alert(1)"],
    ["data", "data:text/html,<script>alert(1)</script>"],
    ["leading space then //", " //evil.example"],
    ["malformed escape", "/%"],
    ["malformed UTF-8 escape", "/%E0%A4%A"],
    ["empty", ""],
    ["too long", `/${"a".repeat(3000)}`],
  ])("%s: %j → /", (_why, target) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe("/");
  });

  it("refuses what is not a string, and a bad origin list, without throwing", () => {
    for (const target of [undefined, null, 42, {}, ["/me"]]) expect(safeRedirectPath(target, ORIGIN)).toBe("/");
    expect(safeRedirectPath("/me", "not a url")).toBe("/");
    expect(safeRedirectPath("/me", [])).toBe("/");
  });

  it.each([
    ["/me", "/me"],
    ["/r/chez-nous?date=2030-01-01&party=2#slots", "/r/chez-nous?date=2030-01-01&party=2#slots"],
    ["/restaurants?q=caf%C3%A9", "/restaurants?q=caf%C3%A9"],
    ["/invites/abc%2Bdef", "/invites/abc%2Bdef"],
    ["https://tablekeep.example/manage/x?y=1", "/manage/x?y=1"],
    ["me", "/me"],
    ["https:me", "/me"], // the same scheme: a relative path here
  ])("keeps the same-origin %j as %j", (target, path) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe(path);
  });

  it("accepts any of several origins (APP_URL and the host Auth.js saw) and uses the fallback given", () => {
    expect(safeRedirectPath("http://localhost:3000/me", [ORIGIN, "http://localhost:3000"])).toBe("/me");
    expect(safeRedirectPath("//evil.example", ORIGIN, "/me")).toBe("/me");
  });
});

describe("safeNext resolves against APP_URL", () => {
  beforeAll(() => setProcessEnv({ APP_URL: ORIGIN }));

  it("keeps paths and APP_URL itself, and falls back to /me for anything else", () => {
    expect(safeNext("/book/x")).toBe("/book/x");
    expect(safeNext(`${ORIGIN}/book/x`)).toBe("/book/x");
    expect(safeNext("http://localhost:3000/book/x")).toBe("/me");
    expect(safeNext("/%09/evil.example")).toBe("/me");
    expect(safeNext("%0a")).toBe("/me");
    expect(safeNext(undefined)).toBe("/me");
  });
});
