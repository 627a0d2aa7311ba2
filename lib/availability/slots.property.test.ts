import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addDays,
  computeAvailability,
  findSlot,
  generateSeatings,
  isClosed,
  type AvailabilityInput,
  type BlockingReservation,
  type ClosureRule,
  type SessionRule,
  type TableInfo,
  type TurnMinutes,
} from "./slots";

/**
 * Zones chosen for awkward rules: both hemispheres, 30- and 45-minute offsets, a 30-minute DST shift
 * (Lord_Howe), DST changes at midnight (Sao_Paulo until 2019, Tehran until 2022, Havana, Santiago), zones
 * that changed their standard offset (Moscow 2011/2014, Apia's skipped day in 2011), and UTC.
 */
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Pacific/Auckland",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "America/Sao_Paulo",
  "Pacific/Chatham",
  "Asia/Tehran",
  "UTC",
  "America/Havana",
  "America/Santiago",
  "Europe/Moscow",
  "Pacific/Apia",
] as const;

const FIRST_DATE = "2010-01-01";
const YEARS = 24;
const DAYS_IN_RANGE = YEARS * 365;

// ── An oracle for wall clocks that does not use luxon ────────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallOf(instant: number, zone: string): { date: string; time: string } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

const MINUTE = 60_000;
const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The zone's UTC offset (minutes) at an instant, from Intl alone. */
function offsetAt(instant: number, zone: string): number {
  const wall = wallOf(instant, zone);
  const [y, m, d] = wall.date.split("-").map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d) + toMinutes(wall.time) * MINUTE;
  return Math.round((wallAsUtc - Math.floor(instant / MINUTE) * MINUTE) / MINUTE);
}

/** Every offset the zone uses from two days before to three days after a date, sampled every 15 minutes. */
function offsetsAround(zone: string, date: string): number[] {
  const start = Date.parse(`${date}T00:00:00Z`) - 2 * 24 * 60 * MINUTE;
  const seen = new Set<number>();
  for (let t = start; t <= start + 5 * 24 * 60 * MINUTE; t += 15 * MINUTE) seen.add(offsetAt(t, zone));
  return [...seen];
}

/**
 * The earliest instant whose wall clock in `zone` is date+time, or null if there is none (a gap): an instant
 * for wall clock W is W minus the offset in force then, so try every offset the zone uses nearby.
 */
function earliestInstantOf(zone: string, offsets: number[], date: string, minuteOfDay: number): number | null {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
  const time = `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
  let best: number | null = null;
  for (const offset of offsets) {
    const candidate = wallAsUtc - offset * MINUTE;
    const wall = wallOf(candidate, zone);
    if (wall.date === date && wall.time === time && (best === null || candidate < best)) best = candidate;
  }
  return best;
}

// ── DST-change days, so random runs land on them often ──────────────────────────────────────────

function transitionDates(zone: string): string[] {
  const out: string[] = [];
  const offsetOn = (date: string) => offsetAt(Date.parse(`${date}T12:00:00Z`), zone);
  // Weekly samples find the weeks with a change; only those are scanned day by day.
  for (let week = 0; week < DAYS_IN_RANGE; week += 7) {
    const from = addDays(FIRST_DATE, week);
    if (offsetOn(from) === offsetOn(addDays(from, 7))) continue;
    for (let i = 1; i <= 7; i++) {
      const date = addDays(from, i);
      if (offsetOn(date) !== offsetOn(addDays(date, -1))) out.push(addDays(date, -1), date, addDays(date, 1));
    }
  }
  return out;
}
const TRANSITIONS = new Map(ZONES.map((z) => [z, transitionDates(z)]));

// ── Arbitraries ──────────────────────────────────────────────────────────────────────────────────

const zoneAndDate = fc.constantFrom(...ZONES).chain((zone) => {
  const randomDate = fc.integer({ min: 0, max: DAYS_IN_RANGE }).map((i) => addDays(FIRST_DATE, i));
  const special = TRANSITIONS.get(zone)!;
  const date = special.length > 0 ? fc.oneof(randomDate, fc.constantFrom(...special)) : randomDate;
  return date.map((d) => ({ zone, date: d }));
});

const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.integer({ min: 0, max: 4 * 60 }), // around most DST changes
  fc.integer({ min: 21 * 60, max: 1439 }), // late starts that run past midnight
);

const timeString = fc.tuple(minuteOfDay, fc.boolean()).map(([m, withSeconds]) => {
  const hhmm = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return withSeconds ? `${hhmm}:00` : hhmm;
});

const turnMinutes: fc.Arbitrary<TurnMinutes> = fc.oneof(
  fc.integer({ min: 15, max: 240 }),
  fc.array(fc.record({ max_party_size: fc.integer({ min: 1, max: 12 }), minutes: fc.integer({ min: 15, max: 240 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
);

function sessionsArb(minInterval: number) {
  return fc
    .array(
      fc.record({
        days: fc.oneof(
          fc.constant<number[]>([1, 2, 3, 4, 5, 6, 7]),
          fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        ),
        firstSeating: timeString,
        lastSeating: timeString,
        intervalMinutes: fc.integer({ min: minInterval, max: 240 }),
        turnMinutes,
        maxCoversPerSlot: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((rules) => rules.map((r, i): SessionRule => ({ ...r, id: `s${i}`, name: `Session ${i}` })));
}

function closuresArb(date: string) {
  return fc.array(
    fc
      .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([from, length]): ClosureRule => ({
        startDate: addDays(date, from),
        endDate: addDays(date, from + length),
      })),
    { maxLength: 2 },
  );
}

const tablesArb = fc
  .array(
    fc.record({
      minSeats: fc.integer({ min: 1, max: 4 }),
      extra: fc.integer({ min: 0, max: 6 }),
      online: fc.boolean(),
      active: fc.boolean(),
      label: fc.constantFrom("T1", "T2", "T10", "Bar", "Patio"),
    }),
    { maxLength: 6 },
  )
  .map((rows) =>
    rows.map((r, i): TableInfo => ({
      id: `t${i}`,
      label: r.label,
      minSeats: r.minSeats,
      maxSeats: r.minSeats + r.extra,
      online: r.online,
      active: r.active,
    })),
  );

/** A full input for a day, with reservations on five-minute marks so many start exactly at seatings. */
function availabilityInputArb(minInterval: number) {
  return zoneAndDate.chain(({ zone, date }) => {
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    const instantNear = (minMinutes: number, maxMinutes: number) =>
      fc.integer({ min: minMinutes / 5, max: maxMinutes / 5 }).map((k) => new Date(dayStart + k * 5 * MINUTE));
    const reservation = fc.record({
      table: fc.integer({ min: 0, max: 6 }),
      startsAt: instantNear(-16 * 60, 40 * 60),
      duration: fc.integer({ min: 1, max: 36 }).map((k) => k * 5),
      status: fc.constantFrom("held", "confirmed", "seated", "completed", "cancelled", "expired", "no_show"),
      holdExpiresAt: fc.option(instantNear(-90 * 24 * 60, 2 * 24 * 60), { nil: null }),
      partySize: fc.integer({ min: 1, max: 10 }),
    });
    return fc
      .record({
        partySize: fc.integer({ min: 1, max: 10 }),
        now: instantNear(-90 * 24 * 60, 2 * 24 * 60),
        policy: fc.record({
          minPartySize: fc.integer({ min: 1, max: 3 }),
          maxPartySize: fc.integer({ min: 3, max: 10 }),
          bookingWindowDays: fc.integer({ min: 0, max: 120 }),
          minNoticeMinutes: fc.integer({ min: 0, max: 48 * 60 }),
        }),
        sessions: sessionsArb(minInterval),
        closures: closuresArb(date),
        tables: tablesArb,
        reservations: fc.array(reservation, { maxLength: 10 }),
        includeOffline: fc.boolean(),
      })
      .map((r): AvailabilityInput => ({
        timezone: zone,
        date,
        partySize: r.partySize,
        now: r.now,
        policy: r.policy,
        sessions: r.sessions,
        closures: r.closures,
        tables: r.tables,
        includeOffline: r.includeOffline,
        reservations: r.reservations.map((x, i): BlockingReservation => ({
          id: `r${i}`,
          tableId: `t${x.table}`,
          startsAt: x.startsAt,
          endsAt: new Date(x.startsAt.getTime() + x.duration * MINUTE),
          status: x.status,
          holdExpiresAt: x.status === "held" ? (x.holdExpiresAt ?? r.now) : x.holdExpiresAt,
          partySize: x.partySize,
        })),
      }));
  });
}

// ── Properties ───────────────────────────────────────────────────────────────────────────────────

describe("generateSeatings (property)", () => {
  it("yields each existing wall time once, at its first occurrence, in strictly increasing order", () => {
    fc.assert(
      fc.property(zoneAndDate, sessionsArb(5), ({ zone, date }, sessions) => {
        const closures: ClosureRule[] = [];
        const seatings = generateSeatings(zone, date, sessions, closures);
        const ms = seatings.map((s) => s.startsAt.getTime());

        // Strictly increasing, hence no duplicate instants.
        for (let i = 1; i < ms.length; i++) expect(ms[i]!).toBeGreaterThan(ms[i - 1]!);
        expect(new Set(ms).size).toBe(ms.length);

        const byId = new Map(sessions.map((s) => [s.id, s]));
        for (const s of seatings) {
          expect(s.serviceDate).toBe(date);
          const session = byId.get(s.sessionId)!;
          const pastMidnight = toMinutes(session.lastSeating) < toMinutes(session.firstSeating);
          const wall = wallOf(s.startsAt.getTime(), zone);
          // The seating's wall clock in the zone is its local time, on the service date or (past midnight) the next.
          expect(wall.time).toBe(s.localTime);
          expect(pastMidnight ? [date, addDays(date, 1)] : [date]).toContain(wall.date);
          // No earlier instant showed the same wall clock (fold: first occurrence only).
          for (const back of [15, 30, 45, 60, 90, 120]) {
            expect(wallOf(s.startsAt.getTime() - back * MINUTE, zone)).not.toEqual(wall);
          }
        }

        // Exactly the seatings an independent oracle expects, each kept by the earliest-starting session.
        const expected = new Map<number, { localTime: string; sessionId: string }>();
        const offsets = offsetsAround(zone, date);
        const weekday = DateTime.fromISO(date, { zone: "utc" }).weekday;
        const ordered = sessions
          .map((s, i) => ({ s, i }))
          .sort((a, b) => toMinutes(a.s.firstSeating) - toMinutes(b.s.firstSeating) || a.i - b.i);
        for (const { s } of ordered) {
          if (!s.days.includes(weekday)) continue;
          const first = toMinutes(s.firstSeating);
          const last = toMinutes(s.lastSeating) < first ? toMinutes(s.lastSeating) + 1440 : toMinutes(s.lastSeating);
          for (let m = first; m <= last; m += s.intervalMinutes) {
            const onDate = m >= 1440 ? addDays(date, 1) : date;
            const at = earliestInstantOf(zone, offsets, onDate, m % 1440);
            if (at === null || expected.has(at)) continue;
            expected.set(at, { localTime: wallOf(at, zone).time, sessionId: s.id });
          }
        }
        const actual = seatings.map((s) => [s.startsAt.getTime(), s.localTime, s.sessionId]);
        const wanted = [...expected.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([at, v]) => [at, v.localTime, v.sessionId]);
        expect(actual).toEqual(wanted);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it("never offers a seating on a closed date", () => {
    fc.assert(
      fc.property(
        zoneAndDate.chain(({ zone, date }) => fc.tuple(fc.constant(zone), fc.constant(date), closuresArb(date))),
        sessionsArb(15),
        ([zone, date, closures], sessions) => {
          const seatings = generateSeatings(zone, date, sessions, closures);
          if (isClosed(date, closures)) expect(seatings).toEqual([]);
          for (const s of seatings) expect(isClosed(s.serviceDate, closures)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("computeAvailability and findSlot (property)", () => {
  it("agree on every slot, and findSlot refuses instants that are not seatings", () => {
    fc.assert(
      fc.property(availabilityInputArb(30), fc.integer({ min: 1, max: 14 }), (input, offMinutes) => {
        const slots = computeAvailability(input);
        if (isClosed(input.date, input.closures)) expect(slots).toEqual([]);
        const starts = new Set(slots.map((s) => s.startsAt.getTime()));
        for (const slot of slots) {
          expect(findSlot(input, slot.startsAt)).toEqual(slot);
          const off = new Date(slot.startsAt.getTime() + offMinutes * MINUTE);
          if (!starts.has(off.getTime())) expect(findSlot(input, off)).toBeNull();
        }
      }),
      // Quadratic (every slot looked up again), so fewer runs than the others.
      { numRuns: 100 },
    );
  }, 60_000);

  it("reports a slot available only when a free fitting table exists and every rule allows it", () => {
    fc.assert(
      fc.property(availabilityInputArb(5), (input) => {
        const now = input.now.getTime();
        for (const slot of computeAvailability(input)) {
          expect(slot.tablesLeft).toBe(slot.freeTableIds.length);
          expect(slot.available).toBe(slot.reason === null);
          expect(slot.endsAt.getTime()).toBeGreaterThan(slot.startsAt.getTime());
          if (!slot.available) continue;
          expect(slot.tablesLeft).toBeGreaterThan(0);
          expect(slot.startsAt.getTime()).toBeGreaterThanOrEqual(now + input.policy.minNoticeMinutes * MINUTE);
          expect(slot.startsAt.getTime()).toBeGreaterThan(now);
          expect(input.partySize).toBeGreaterThanOrEqual(input.policy.minPartySize);
          expect(input.partySize).toBeLessThanOrEqual(input.policy.maxPartySize);
          for (const id of slot.freeTableIds) {
            const table = input.tables.find((t) => t.id === id)!;
            expect(table.active && (table.online || input.includeOffline)).toBe(true);
            expect(table.minSeats <= input.partySize && input.partySize <= table.maxSeats).toBe(true);
            // No reservation that still blocks at `now` overlaps the slot on this table.
            const clash = input.reservations.some(
              (r) =>
                r.tableId === id &&
                (r.status === "confirmed" ||
                  r.status === "seated" ||
                  (r.status === "held" && r.holdExpiresAt !== null && r.holdExpiresAt.getTime() > now)) &&
                r.startsAt < slot.endsAt &&
                slot.startsAt < r.endsAt,
            );
            expect(clash).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
