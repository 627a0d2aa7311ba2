import { createHmac, hkdfSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { checkManageLink, LINK_DAYS_AFTER_END, manageLinkFor, signManageLink } from "./links";

const saved = { AUTH_SECRET: processEnvSnapshot().AUTH_SECRET, APP_URL: processEnvSnapshot().APP_URL };
afterEach(() => setProcessEnv(saved));

const A = "5b0e7c2e-7a4f-4d61-9a59-0f3f3c1c2a11";
const B = "0c6f2b9e-3d1a-4c7e-8f2b-6a5d4e3c2b10";
const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const DAY = 86_400_000;
const END = new Date("2030-03-31T19:30:00Z");
const BEFORE = new Date("2030-03-30T12:00:00Z");
const res = (over: Partial<{ id: string; version: number; endsAt: Date; status: string }> = {}) => ({
  id: A,
  version: 2,
  endsAt: END,
  status: "confirmed",
  ...over,
});

describe("manage links", () => {
  it("signs a reservation so that only that reservation accepts the link", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const token = signManageLink(res())!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(checkManageLink(res(), token, BEFORE)).toBe("valid");
    expect(checkManageLink(res({ id: A.toUpperCase() }), token, BEFORE)).toBe("valid");
    expect(checkManageLink(res({ id: B }), token, BEFORE)).toBe("invalid");
  });

  it("refuses tampered, truncated, empty and malformed links, and one that claims a later expiry or version", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const token = signManageLink(res())!;
    const raw = Buffer.from(token, "base64url");
    const laterExpiry = Buffer.from(raw);
    laterExpiry.writeUInt32BE(raw.readUInt32BE(0) + 365 * 86_400, 0);
    const laterVersion = Buffer.from(raw);
    laterVersion.writeUInt32BE(9, 4);
    const flipped = Buffer.from(raw);
    flipped[20] = flipped[20]! ^ 1;
    for (const bad of [flipped, laterExpiry, laterVersion].map((b) => b.toString("base64url"))) {
      expect(checkManageLink(res(), bad, BEFORE)).toBe("invalid");
    }
    for (const bad of [token.slice(0, -2), "", null, undefined, "not base64!", `${token}AA`]) {
      expect(checkManageLink(res(), bad, BEFORE)).toBe("invalid");
    }
  });

  it("expires a few days after the reservation ends", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const token = signManageLink(res())!;
    expect(checkManageLink(res(), token, new Date(END.getTime() + LINK_DAYS_AFTER_END * DAY - 1000))).toBe("valid");
    expect(checkManageLink(res(), token, new Date(END.getTime() + LINK_DAYS_AFTER_END * DAY))).toBe("expired");
  });

  it("goes stale once the reservation is cancelled (or replaced by a change) after the link was made", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const before = signManageLink(res({ version: 2 }))!;
    // Staff notes or a table move bump the version; the booking is still the diner's.
    expect(checkManageLink(res({ version: 4 }), before, BEFORE)).toBe("valid");
    expect(checkManageLink(res({ version: 3, status: "cancelled" }), before, BEFORE)).toBe("stale");
    expect(checkManageLink(res({ version: 3, status: "expired" }), before, BEFORE)).toBe("stale");
    // The cancellation email is made after the cancel: its link shows the cancelled booking.
    const after = signManageLink(res({ version: 3 }))!;
    expect(checkManageLink(res({ version: 3, status: "cancelled" }), after, BEFORE)).toBe("valid");
  });

  it("calls a link of the first kind (no expiry, id only) expired, and a forged one invalid", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const key = Buffer.from(hkdfSync("sha256", SECRET, "tablekeep", "manage link v1", 32));
    const v1 = (id: string) => createHmac("sha256", key).update(`manage:${id}`).digest().subarray(0, 24).toString("base64url");
    expect(checkManageLink(res(), v1(A), BEFORE)).toBe("expired");
    expect(checkManageLink(res(), v1(B), BEFORE)).toBe("invalid");
  });

  it("stops verifying when AUTH_SECRET changes", () => {
    setProcessEnv({ AUTH_SECRET: SECRET });
    const token = signManageLink(res())!;
    setProcessEnv({ AUTH_SECRET: `${SECRET}-rotated` });
    expect(checkManageLink(res(), token, BEFORE)).toBe("invalid");
  });

  it("builds the reservation page link on APP_URL (keeping a base path), signed when it can be", () => {
    setProcessEnv({ AUTH_SECRET: SECRET, APP_URL: "https://example.test/app/" });
    const link = new URL(manageLinkFor({ ...res(), code: "K7M3QX2" }));
    expect(link.origin + link.pathname).toBe("https://example.test/app/reservations/K7M3QX2");
    expect(checkManageLink(res(), link.searchParams.get("token"), BEFORE)).toBe("valid");

    setProcessEnv({ AUTH_SECRET: undefined });
    expect(manageLinkFor({ ...res(), code: "K7M3QX2" })).toBe("https://example.test/app/reservations/K7M3QX2");
    expect(checkManageLink(res(), "anything", BEFORE)).toBe("invalid");
  });
});
