import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MouseEvent, ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { Button, buttonClass, type ButtonProps } from "./button";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith(".tsx") ? [rel] : [];
  });
}

describe("Button", () => {
  it("gives each variant its own classes and keeps the caller's", () => {
    const variants = ["primary", "secondary", "danger", "ghost", "link"] as const;
    const classes = variants.map((v) => buttonClass(v));
    expect(new Set(classes).size).toBe(variants.length);
    expect(buttonClass()).toBe(buttonClass("primary"));
    expect(buttonClass("secondary", "btn-icon")).toBe(`${buttonClass("secondary")} btn-icon`);
    expect(buttonClass("plain", "slot-button")).toBe("slot-button");
  });

  it("carries no event handler when it has nothing to do, so a server component (the search form) can render it", () => {
    const el = Button({ type: "submit", children: "Search" }) as ReactElement<ButtonProps>;
    expect(el.props.onClick).toBeUndefined();
  });

  it("while pending says so and swallows presses, so an action in flight is not sent twice", () => {
    const onClick = vi.fn();
    const press = (props: ButtonProps) => {
      const el = Button(props) as ReactElement<ButtonProps>;
      const event = { preventDefault: vi.fn() } as unknown as MouseEvent<HTMLButtonElement>;
      el.props.onClick?.(event);
      return { el, event };
    };

    const busy = press({ type: "submit", pending: true, onClick });
    expect(busy.el.props["aria-disabled"]).toBe(true);
    expect(busy.event.preventDefault).toHaveBeenCalledOnce();
    expect(onClick).not.toHaveBeenCalled();

    const idle = press({ type: "submit", pending: false, onClick });
    expect(idle.el.props["aria-disabled"]).toBeUndefined();
    expect(idle.event.preventDefault).not.toHaveBeenCalled();
    expect(onClick).toHaveBeenCalledOnce();
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
