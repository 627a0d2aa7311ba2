import { createRestaurant, expect, localDate, slotName, test } from "./support/fixtures";

/**
 * The pages run under a strict Content-Security-Policy (scripts only with the request's nonce). A
 * page whose framework scripts lacked the nonce would render but never hydrate, so this checks that
 * the browser reports no violation and that a client component answers the diner.
 */
test.describe("security headers", () => {
  test("a page loads under its nonce policy with no CSP violation, and its client components work", async ({ page }) => {
    const violations: string[] = [];
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    await page.exposeFunction("reportCspViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });

    const r = await createRestaurant({ tables: [{ minSeats: 1, maxSeats: 4 }] });
    const date = localDate(r.timezone, 2);
    const response = await page.goto(`/r/${r.slug}?date=${date}&party_size=2`);
    const headers = response!.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    // APP_URL of the test server is http: no HSTS.
    expect(headers["strict-transport-security"]).toBeUndefined();

    // The times come from a client-side fetch: they appear only once React has hydrated.
    await expect(page.getByRole("button", { name: slotName("19:00", date, 2) })).toBeVisible();
    await page.getByLabel("Party size", { exact: true }).selectOption("6");
    await expect(page.getByText("No times left for 6 people on")).toBeVisible();

    // Every script the server sent (but data blocks) carries this response's nonce.
    const scripts = [...(await response!.text()).matchAll(/<script\b([^>]*)>/g)]
      .map((m) => m[1]!)
      .filter((attrs) => !attrs.includes('type="application/ld+json"'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);

    expect(violations).toEqual([]);
    expect(consoleErrors.filter((e) => /content security policy|permissions-policy/i.test(e))).toEqual([]);
  });

  test("a second page load gets a different nonce", async ({ request }) => {
    const nonceOf = async () => /'nonce-([^']+)'/.exec((await request.get("/")).headers()["content-security-policy"] ?? "")?.[1];
    const [a, b] = [await nonceOf(), await nonceOf()];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });

  test("API responses carry the headers too, with a policy that allows nothing", async ({ request }) => {
    // /api/health through the proxy, /api/v1 from its route wrapper and /api/ping from its own handler
    // (the proxy skips both), errors included.
    for (const path of ["/api/health", "/api/ping", "/api/v1/restaurants", "/api/v1/reservations/00000000-0000-0000-0000-000000000000"]) {
      const res = await request.get(path);
      expect(res.headers()["content-security-policy"], path).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
      expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
      expect(res.headers()["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      expect(res.headers()["x-frame-options"], path).toBe("DENY");
    }
  });
});
