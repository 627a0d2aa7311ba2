import { describe, expect, it } from "vitest";
import { groupBySession, rovingTarget, type SlotOption } from "./slot-groups";

const slot = (localTime: string): SlotOption => ({ startsAt: `2026-12-03T${localTime}:00Z`, localTime });
const lunch = { name: "Lunch", days: [1, 2, 3, 4, 5, 6, 7], firstSeating: "12:00", lastSeating: "14:30" };
const dinner = { name: "Dinner", days: [4, 5, 6], firstSeating: "17:30:00", lastSeating: "21:30:00" };
const late = { name: "Late", days: [4], firstSeating: "22:00", lastSeating: "01:00" };

describe("groupBySession", () => {
  // 2026-12-03 is a Thursday (ISO weekday 4).
  it("puts each time under the session of that weekday that covers it, in session order", () => {
    const groups = groupBySession([slot("12:00"), slot("14:30"), slot("18:00"), slot("22:30"), slot("00:30")], [lunch, dinner, late], "2026-12-03");
    expect(groups).toEqual([
      { label: "Lunch", slots: [slot("12:00"), slot("14:30")] },
      { label: "Dinner", slots: [slot("18:00")] },
      { label: "Late", slots: [slot("22:30"), slot("00:30")] },
    ]);
  });

  it("ignores sessions of other weekdays and drops empty groups", () => {
    // 2026-12-07 is a Monday: no dinner then.
    expect(groupBySession([slot("12:30")], [lunch, dinner], "2026-12-07")).toEqual([{ label: "Lunch", slots: [slot("12:30")] }]);
  });

  it("keeps a time no session covers under Other times", () => {
    expect(groupBySession([slot("16:00")], [lunch], "2026-12-03")).toEqual([{ label: "Other times", slots: [slot("16:00")] }]);
  });
});

describe("rovingTarget", () => {
  // Two rows of three, then one button: a wrapped grid.
  const rects = [
    { top: 0, left: 0 },
    { top: 0, left: 100 },
    { top: 0, left: 200 },
    { top: 50, left: 0 },
    { top: 50, left: 100 },
    { top: 50, left: 200 },
    { top: 100, left: 0 },
  ];

  it("steps with Left and Right and stops at the ends", () => {
    expect(rovingTarget("ArrowRight", 0, rects)).toBe(1);
    expect(rovingTarget("ArrowLeft", 1, rects)).toBe(0);
    expect(rovingTarget("ArrowLeft", 0, rects)).toBeNull();
    expect(rovingTarget("ArrowRight", 6, rects)).toBeNull();
  });

  it("jumps with Home and End", () => {
    expect(rovingTarget("Home", 4, rects)).toBe(0);
    expect(rovingTarget("End", 1, rects)).toBe(6);
  });

  it("moves Up and Down to the nearest button of the next row", () => {
    expect(rovingTarget("ArrowDown", 1, rects)).toBe(4);
    expect(rovingTarget("ArrowDown", 5, rects)).toBe(6);
    expect(rovingTarget("ArrowUp", 4, rects)).toBe(1);
    expect(rovingTarget("ArrowUp", 0, rects)).toBeNull();
    expect(rovingTarget("ArrowDown", 6, rects)).toBeNull();
  });

  it("ignores other keys", () => {
    expect(rovingTarget("Enter", 0, rects)).toBeNull();
  });
});
