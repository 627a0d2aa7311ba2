import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buttonClass } from "./button";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith(".tsx") ? [rel] : [];
  });
}

describe("Button", () => {
  it("gives each variant its classes", () => {
    expect(buttonClass()).toBe("btn btn-primary");
    expect(buttonClass("secondary", "btn-icon")).toBe("btn btn-secondary btn-icon");
    expect(buttonClass("link", "nav-button")).toBe("link-button nav-button");
    expect(buttonClass("plain", "slot-button")).toBe("slot-button");
  });

  it("is the only way app/ and components/ make a button or a button-styled link", () => {
    const offenders = [...sources("app"), ...sources("components")]
      .filter((f) => f !== path.join("components", "ui", "button.tsx"))
      .flatMap((f) =>
        readFileSync(path.join(ROOT, f), "utf8")
          .split("\n")
          .flatMap((line, i) => (/<button(\s|>|$)|className="btn[ "]|["` ]btn btn-/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
