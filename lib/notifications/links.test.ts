import { afterEach, describe, expect, it } from "vitest";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { manageLinkFor, signManageLink, verifyManageLinkSignature } from "./links";

const saved = { AUTH_SECRET: processEnvSnapshot().AUTH_SECRET, APP_URL: processEnvSnapshot().APP_URL };
afterEach(() => setProcessEnv(saved));

const A = "5b0e7c2e-7a4f-4d61-9a59-0f3f3c1c2a11";
const B = "0c6f2b9e-3d1a-4c7e-8f2b-6a5d4e3c2b10";
const SECRET = "a-test-secret-that-is-at-least-32-characters-long";

describe("manage links", () => {
  it("signs a reservation id so that only that id verifies", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const sig = signManageLink(A)!;
    expect(sig).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(verifyManageLinkSignature(A, sig)).toBe(true);
    expect(verifyManageLinkSignature(A.toUpperCase(), sig)).toBe(true);
    expect(verifyManageLinkSignature(B, sig)).toBe(false);
  });

  it("refuses tampered, truncated, empty and malformed signatures", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const sig = signManageLink(A)!;
    const flipped = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    for (const bad of [flipped, sig.slice(0, -2), "", null, undefined, "not base64!", `${sig}AA`]) {
      expect(verifyManageLinkSignature(A, bad)).toBe(false);
    }
  });

  it("stops verifying when AUTH_SECRET changes", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const sig = signManageLink(A)!;
    setProcessEnv({ AUTH_SECRET: `${SECRET}-rotated` });
    expect(verifyManageLinkSignature(A, sig)).toBe(false);
  });

  it("builds the reservation page link on APP_URL (keeping a base path), signed when it can be", () => {
    setProcessEnv({ AUTH_SECRET: SECRET, APP_URL: "https://example.test/app/" });
    const link = new URL(manageLinkFor({ id: A, code: "K7M3QX2" }));
    expect(link.origin + link.pathname).toBe("https://example.test/app/reservations/K7M3QX2");
    expect(verifyManageLinkSignature(A, link.searchParams.get("token"))).toBe(true);

    setProcessEnv({ AUTH_SECRET: undefined });
    expect(manageLinkFor({ id: A, code: "K7M3QX2" })).toBe("https://example.test/app/reservations/K7M3QX2");
    expect(verifyManageLinkSignature(A, "anything")).toBe(false);
  });
});
