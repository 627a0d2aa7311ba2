/** Pure helpers of the time picker: grouping the day's times by session, and arrow-key moves in the grid. */

export interface SlotOption {
  /** ISO instant. */
  startsAt: string;
  /** "HH:MM" in the restaurant's zone. */
  localTime: string;
}

export interface SlotGroup {
  label: string;
  slots: SlotOption[];
}

/**
 * The target of an arrow key in a wrapped grid of buttons: Left/Right step through the list,
 * Up/Down move to the nearest button in the row above or below (by position on screen), Home/End
 * jump to the ends. Null when the key is not one of those or there is nowhere to go.
 */
export function rovingTarget(
  key: string,
  current: number,
  rects: { top: number; left: number }[],
): number | null {
  const last = rects.length - 1;
  if (last < 0) return null;
  switch (key) {
    case "ArrowRight":
      return current < last ? current + 1 : null;
    case "ArrowLeft":
      return current > 0 ? current - 1 : null;
    case "Home":
      return 0;
    case "End":
      return last;
    case "ArrowDown":
    case "ArrowUp": {
      const here = rects[current]!;
      const down = key === "ArrowDown";
      const rows = rects
        .map((r, i) => ({ ...r, i }))
        .filter((r) => (down ? r.top > here.top + 1 : r.top < here.top - 1));
      if (rows.length === 0) return null;
      const rowTop = down
        ? Math.min(...rows.map((r) => r.top))
        : Math.max(...rows.map((r) => r.top));
      const row = rows.filter((r) => Math.abs(r.top - rowTop) <= 1);
      return row.reduce((best, r) =>
        Math.abs(r.left - here.left) < Math.abs(best.left - here.left)
          ? r
          : best,
      ).i;
    }
    default:
      return null;
  }
}

/** A service session as the picker groups by it: its name, ISO weekdays and seating range ("HH:MM"). */
export interface PickerSession {
  name: string;
  days: number[];
  firstSeating: string;
  lastSeating: string;
}

function isoWeekdayOf(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The day's times under their sessions' names (Lunch, Dinner), in the sessions' order. A time no
 * session of that weekday covers goes under "Other times". Sessions past midnight cover both ends.
 */
export function groupBySession(
  slots: SlotOption[],
  sessions: PickerSession[],
  date: string,
): SlotGroup[] {
  const weekday = isoWeekdayOf(date);
  const today = sessions.filter((s) => s.days.includes(weekday));
  const groups = new Map<string, SlotOption[]>(today.map((s) => [s.name, []]));
  const other: SlotOption[] = [];
  for (const slot of slots) {
    const t = slot.localTime;
    const session = today.find((s) => {
      const first = s.firstSeating.slice(0, 5);
      const last = s.lastSeating.slice(0, 5);
      return first <= last ? t >= first && t <= last : t >= first || t <= last;
    });
    if (session) groups.get(session.name)!.push(slot);
    else other.push(slot);
  }
  const out = [...groups]
    .map(([label, list]) => ({ label, slots: list }))
    .filter((g) => g.slots.length > 0);
  if (other.length > 0) out.push({ label: "Other times", slots: other });
  return out;
}
