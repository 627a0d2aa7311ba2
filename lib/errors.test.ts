import { describe, expect, it } from "vitest";
import { causeSummary } from "./errors";

describe("causeSummary", () => {
  it("names the driver's error under the ORM's, with the codes on the way down", () => {
    const driver = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
    const orm = new Error('Failed query: insert into "x" values ($1)\nparams: secret', { cause: driver });
    expect(causeSummary(orm)).toBe("write CONNECTION_CLOSED 127.0.0.1:5432 [CONNECTION_CLOSED]");
  });

  it("keeps a lone error's first line", () => {
    expect(causeSummary(new Error("boom\nmore"))).toBe("boom");
  });
});
