import { describe, expect, it } from "vitest";
import { jsonText } from "./response";

describe("jsonText", () => {
  it("asks that a short answer be sent as it is, and lets a long one be compressed", async () => {
    const short = jsonText(JSON.stringify({ ok: true }), 201, { "retry-after": "1" });
    expect(short.status).toBe(201);
    expect(short.headers.get("content-type")).toBe("application/json");
    expect(short.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(short.headers.get("retry-after")).toBe("1");
    expect(await short.json()).toEqual({ ok: true });

    // A day's availability (a few dozen seatings, about 2 KB) is short.
    const day = { slots: Array.from({ length: 40 }, () => ({ starts_at: "2026-12-04T19:00:00Z", local_time: "19:00", available: true, tables_left: 12 })) };
    expect(jsonText(JSON.stringify(day), 200).headers.get("cache-control")).toBe("no-store, no-transform");

    const long = jsonText(JSON.stringify({ items: "x".repeat(4096) }), 200);
    expect(long.headers.get("cache-control")).toBe("no-store");
  });

  it("measures the answer in bytes, not characters", () => {
    // 1,400 three-byte characters: 4,200 bytes.
    expect(jsonText(JSON.stringify("€".repeat(1400)), 200).headers.get("cache-control")).toBe("no-store");
  });
});
