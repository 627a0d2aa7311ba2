import { beforeAll, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { API_TOKEN_TTL_SECONDS, issueApiToken, verifyApiToken } from "@/lib/auth/tokens";

const user = { id: "6f1c1b9e-2a7d-4c1e-9a51-6b2d3f0e8a11", email: "a@example.test", name: null };

beforeAll(() => {
  setProcessEnv({ AUTH_SECRET: "unit-test-secret-0123456789-0123456789" });
});

describe("API tokens", () => {
  it("round-trips the principal and expires after seven days", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const { token, expiresAt } = await issueApiToken(user, { now });
    expect(expiresAt.getTime() - now.getTime()).toBe(API_TOKEN_TTL_SECONDS * 1000);
    expect(await verifyApiToken(token, { now })).toEqual({ userId: user.id, email: user.email, name: null });
    expect(await verifyApiToken(token, { now: new Date(expiresAt.getTime() + 1000) })).toBeNull();
  });

  it("stops verifying when AUTH_SECRET changes (rotation revokes every token)", async () => {
    const { token } = await issueApiToken(user);
    setProcessEnv({ AUTH_SECRET: "another-unit-test-secret-0123456789-xyz" });
    expect(await verifyApiToken(token)).toBeNull();
  });

  it("returns null for garbage rather than throwing", async () => {
    for (const junk of ["", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x".repeat(5000)]) {
      expect(await verifyApiToken(junk)).toBeNull();
    }
  });
});
