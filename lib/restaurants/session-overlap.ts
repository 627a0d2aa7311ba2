/** A session as the overlap check needs it: its weekdays and its first and last seating ("HH:MM"). */
export interface SessionWindow {
  id: string;
  name: string;
  /** ISO weekdays, 1 (Monday) to 7 (Sunday). */
  days: number[];
  firstSeating: string;
  lastSeating: string;
}

export interface SessionOverlap {
  first: { id: string; name: string };
  second: { id: string; name: string };
  /** The weekdays both run on. */
  days: number[];
  /** The seating times both offer, "HH:MM" to "HH:MM" (equal when they share one seating). */
  from: string;
  to: string;
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const hhmmOf = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** A session's seating window in minutes from its day's midnight; a last seating before the first runs past midnight. */
function windowOf(s: SessionWindow): [number, number] {
  const first = minutesOf(s.firstSeating);
  const last = minutesOf(s.lastSeating);
  return [first, last < first ? last + 24 * 60 : last];
}

/**
 * Pairs of sessions that offer seatings at the same times on the same weekdays. Overlaps are allowed
 * (a bar menu beside dinner), but usually a slip, so the owner is shown each one with where it lies.
 */
export function sessionOverlaps(sessions: SessionWindow[]): SessionOverlap[] {
  const out: SessionOverlap[] = [];
  sessions.forEach((a, i) => {
    for (const b of sessions.slice(i + 1)) {
      const days = a.days.filter((d) => b.days.includes(d)).sort((x, y) => x - y);
      if (days.length === 0) continue;
      const [aFrom, aTo] = windowOf(a);
      const [bFrom, bTo] = windowOf(b);
      const from = Math.max(aFrom, bFrom);
      const to = Math.min(aTo, bTo);
      if (from > to) continue;
      out.push({ first: { id: a.id, name: a.name }, second: { id: b.id, name: b.name }, days, from: hhmmOf(from), to: hhmmOf(to) });
    }
  });
  return out;
}
