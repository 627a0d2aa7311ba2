/**
 * The availability engine: pure functions from a day's rules and bookings to its slots.
 *
 * Nothing here reads the database, Redis or the clock (`now` is an input), so the availability page and the
 * booking service can run the same code on the same input and never disagree: a slot shown available is
 * bookable, and one shown unavailable is refused (`findSlot` is `computeAvailability` narrowed to one instant).
 *
 * Time zones use luxon: `Intl` can turn an instant into a wall clock but not a wall clock into an instant,
 * Temporal is not in Node 20, and luxon is small, well kept and reads the platform's own IANA data.
 * We do not trust luxon's choice for ambiguous or missing wall times, though: it moves a time in a
 * spring-forward gap forward instead of rejecting it, and in a fall-back fold it picks the later occurrence
 * in some zones (New York, London) and the earlier in others (Auckland). `wallClockToInstant` therefore
 * derives every candidate instant from the zone's offsets and checks each by round trip.
 */
import { DateTime, IANAZone } from "luxon";
import { addDays } from "./calendar";
import type { TurnMinutes } from "@/db/schema";

export type { TurnMinutes };

export interface SessionRule {
  id: string;
  name: string;
  /** ISO weekdays 1 (Monday) to 7 (Sunday): the weekday of the service date. */
  days: number[];
  /** "HH:MM" or "HH:MM:SS" (Postgres time); seconds are ignored. */
  firstSeating: string;
  /** Earlier than firstSeating means the session runs past midnight. */
  lastSeating: string;
  intervalMinutes: number;
  turnMinutes: TurnMinutes;
  maxCoversPerSlot: number | null;
}

/** Inclusive local dates. */
export interface ClosureRule {
  startDate: string;
  endDate: string;
}

export interface TableInfo {
  id: string;
  label: string;
  minSeats: number;
  maxSeats: number;
  online: boolean;
  active: boolean;
}

export interface BlockingReservation {
  id: string;
  tableId: string;
  startsAt: Date;
  endsAt: Date;
  status: "held" | "confirmed" | "seated" | string;
  holdExpiresAt: Date | null;
  partySize: number;
  /** Who holds it (a hold's account, browser or address), so a person's own hold can be moved. */
  holderKey?: string | null;
  /** A change's hold: the booking it would move. */
  replacesId?: string | null;
}

export interface BookingPolicy {
  minPartySize: number;
  maxPartySize: number;
  bookingWindowDays: number;
  minNoticeMinutes: number;
}

export interface Seating {
  startsAt: Date;
  endsAt?: never;
  /** "HH:MM" wall clock in the restaurant's zone. */
  localTime: string;
  /** The local date the session belongs to (a seating after midnight keeps its session's start day). */
  serviceDate: string;
  sessionId: string;
  sessionName: string;
}

/** `private_event`: an experience that closes the regular dining room runs then. */
export type UnavailableReason = "taken" | "paced" | "private_event" | "too_soon" | "too_far" | "party_size" | "past";

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  localTime: string;
  serviceDate: string;
  sessionId: string;
  sessionName: string;
  available: boolean;
  tablesLeft: number;
  /** Free fitting tables, best fit first: the booking service takes the first. */
  freeTableIds: string[];
  reason: UnavailableReason | null;
}

export interface AvailabilityInput {
  timezone: string;
  /** Local service date, YYYY-MM-DD. */
  date: string;
  partySize: number;
  now: Date;
  policy: BookingPolicy;
  sessions: SessionRule[];
  closures: ClosureRule[];
  tables: TableInfo[];
  reservations: BlockingReservation[];
  /** Members booking by phone may use tables held back for the house. */
  includeOffline?: boolean;
  /** Times the regular dining room is closed for an experience: no seating overlapping them is offered. */
  blackouts?: { startsAt: Date; endsAt: Date }[];
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

// ── Dates and zones ──────────────────────────────────────────────────────────────────────────────

/**
 * Zones already found valid. Checking builds an Intl.DateTimeFormat, which costs more than the rest
 * of a seating's arithmetic; only valid names are kept, and there are a few hundred of them.
 */
const validZones = new Set<string>();
const VALID_ZONES_MAX = 1_000;

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz.length === 0) return false;
  if (validZones.has(tz)) return true;
  if (!IANAZone.isValidZone(tz)) return false;
  if (validZones.size < VALID_ZONES_MAX) validZones.add(tz);
  return true;
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isValidLocalDate(date: string): boolean {
  return typeof date === "string" && DATE_RE.test(date) && DateTime.fromISO(date, { zone: "utc" }).isValid;
}

function parseDate(date: string): DateTime {
  const parsed = DATE_RE.test(date) ? DateTime.fromISO(date, { zone: "utc" }) : null;
  if (!parsed?.isValid) throw new RangeError(`Not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parsed;
}

function zoneOf(tz: string): IANAZone {
  if (!isValidTimeZone(tz)) throw new RangeError(`Not an IANA time zone: ${JSON.stringify(tz)}`);
  return IANAZone.create(tz);
}

/**
 * The local calendar date of an instant in a zone, YYYY-MM-DD: the instant shifted by the zone's
 * offset then, read as UTC (one offset lookup; every hold and availability answer asks for several).
 */
export function localDateOf(instant: Date, timezone: string): string {
  const ms = instant.getTime();
  const local = new Date(ms + zoneOf(timezone).offset(ms) * MINUTE_MS);
  const year = local.getUTCFullYear();
  // Outside four-digit years ISO dates carry a sign and six digits: luxon writes those.
  if (!(year >= 0 && year <= 9999)) return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
  return local.toISOString().slice(0, 10);
}

export { addDays };

/** "HH:MM" wall clock of an instant in a zone. */
export function formatLocalTime(instant: Date, timezone: string): string {
  zoneOf(timezone);
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat("HH:mm");
}

/** ISO weekday (1 Monday … 7 Sunday) of a local date; a calendar date's weekday is the same in every zone. */
export function isoWeekday(date: string): number {
  return parseDate(date).weekday;
}

/** Minutes after midnight of a Postgres time ("HH:MM" or "HH:MM:SS"); seconds are dropped. */
export function parseTimeOfDay(time: string): number {
  const m = TIME_RE.exec(time);
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    throw new RangeError(`Not a time of day (HH:MM): ${JSON.stringify(time)}`);
  }
  return hours * 60 + minutes;
}

/**
 * The instant a wall-clock time happens in a zone: null when it never happens (spring-forward gap), the
 * earlier one when it happens twice (fall-back fold).
 *
 * Any valid instant t for wall clock W satisfies t = W - offset(t), and every offset is within ±15 h, so t lies
 * within 15 h of W and the offsets in force then are those at W - 15 h, W or W + 15 h (both sides of a
 * transition, or of two close together). Each candidate is kept only if the zone really uses that offset at
 * the instant it yields.
 */
export function wallClockToInstant(zone: IANAZone, date: string, minuteOfDay: number): Date | null {
  return instantOfWall(zone, midnightAsUtc(date) + minuteOfDay * MINUTE_MS);
}

/** A local date's midnight written as if it were UTC: the base for wall-clock arithmetic. */
function midnightAsUtc(date: string): number {
  const d = parseDate(date);
  return Date.UTC(d.year, d.month - 1, d.day);
}

/** `wallClockToInstant` on a wall clock already written as UTC milliseconds. */
function instantOfWall(zone: IANAZone, wallAsUtc: number): Date | null {
  const offsets = new Set(PROBE_HOURS.map((h) => zone.offset(wallAsUtc + h * 3_600_000)));
  let best: number | null = null;
  for (const offsetMinutes of offsets) {
    const candidate = wallAsUtc - offsetMinutes * MINUTE_MS;
    if (zone.offset(candidate) !== offsetMinutes) continue;
    if (best === null || candidate < best) best = candidate;
  }
  return best === null ? null : new Date(best);
}

const PROBE_HOURS = [-15, 0, 15];

// ── Rules ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Minutes a party keeps its table. Rules apply to parties up to their max_party_size; a party larger than
 * every rule gets the largest rule's time rather than no time at all.
 */
export function turnMinutesFor(turn: TurnMinutes, partySize: number): number {
  if (typeof turn === "number") return turn;
  if (turn.length === 0) throw new RangeError("Turn time has no rules");
  const rules = [...turn].sort((a, b) => a.max_party_size - b.max_party_size);
  return (rules.find((r) => r.max_party_size >= partySize) ?? rules[rules.length - 1]!).minutes;
}

/** Whether a local date falls inside any closure (both ends included). */
export function isClosed(date: string, closures: ClosureRule[]): boolean {
  // YYYY-MM-DD strings order like the dates they name.
  return closures.some((c) => c.startDate <= date && date <= c.endDate);
}

/**
 * Every seating of service date `date`, in time order, one per instant.
 *
 * A session runs on the days listed by the weekday of the service date; a session whose last seating is
 * earlier than its first runs past midnight, and its seatings after midnight are on the next calendar day
 * but still belong to `date`. When two sessions offer the same instant, the one with the earlier first
 * seating keeps it (input order breaks ties), so the slot's session is stable.
 */
export function generateSeatings(
  timezone: string,
  date: string,
  sessions: SessionRule[],
  closures: ClosureRule[],
): Seating[] {
  // Only valid zones and dates are ever remembered, so a hit needs no checking.
  const key = seatingsKey(timezone, date, sessions);
  const known = seatingsMemo.get(key);
  if (known) return isClosed(date, closures) ? [] : (known as Seating[]);
  const zone = zoneOf(timezone);
  const weekday = isoWeekday(date);
  if (isClosed(date, closures)) return [];
  const seatings = seatingsOf(zone, date, weekday, sessions);
  if (seatingsMemo.size >= SEATINGS_MEMO_MAX) seatingsMemo.delete(seatingsMemo.keys().next().value!);
  seatingsMemo.set(key, seatings);
  return seatings as Seating[];
}

/**
 * A day's seatings by zone, date and the sessions' times: each costs a few zone-offset lookups per
 * seating (Intl formatting), and every availability answer and hold asks for the same days again.
 * The rules are part of the key, so a changed session is a new entry; the entries are frozen, as
 * every caller shares them. Bounded; the oldest entry goes first.
 */
const seatingsMemo = new Map<string, readonly Seating[]>();
const SEATINGS_MEMO_MAX = 5_000;

function seatingsKey(timezone: string, date: string, sessions: SessionRule[]): string {
  return JSON.stringify([timezone, date, sessions.map((s) => [s.id, s.name, s.days, s.firstSeating, s.lastSeating, s.intervalMinutes])]);
}

function seatingsOf(zone: IANAZone, date: string, weekday: number, sessions: SessionRule[]): readonly Seating[] {
  const ordered = sessions
    .map((session, index) => ({ session, index, first: parseTimeOfDay(session.firstSeating) }))
    .sort((a, b) => a.first - b.first || a.index - b.index);

  const byInstant = new Map<number, Seating>();
  // Minutes past 24:00 simply run on into the next calendar day, so one base covers both days.
  const midnight = midnightAsUtc(date);
  for (const { session, first } of ordered) {
    if (!session.days.includes(weekday)) continue;
    const lastOfDay = parseTimeOfDay(session.lastSeating);
    const last = lastOfDay < first ? lastOfDay + DAY_MINUTES : lastOfDay;
    // A broken interval must not spin forever: offer the first seating only.
    const step =
      Number.isFinite(session.intervalMinutes) && session.intervalMinutes >= 1 ? session.intervalMinutes : Infinity;
    for (let minute = first; minute <= last; minute += step) {
      const startsAt = instantOfWall(zone, midnight + minute * MINUTE_MS);
      if (startsAt === null || byInstant.has(startsAt.getTime())) continue;
      byInstant.set(startsAt.getTime(), {
        startsAt,
        localTime: formatMinuteOfDay(minute % DAY_MINUTES),
        serviceDate: date,
        sessionId: session.id,
        sessionName: session.name,
      });
    }
  }
  return Object.freeze([...byInstant.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).map((s) => Object.freeze(s)));
}

function formatMinuteOfDay(minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  return `${hh}:${mm}`;
}

/** Whether a reservation holds its table at `now`: a hold only until it expires, even if no job has expired it. */
export function isBlocking(r: BlockingReservation, now: Date): boolean {
  if (r.status === "confirmed" || r.status === "seated") return true;
  if (r.status === "held") return r.holdExpiresAt !== null && r.holdExpiresAt.getTime() > now.getTime();
  return false;
}

const labelCollator = new Intl.Collator("en", { numeric: true });

/**
 * Tables that can seat the party, best fit first: the smallest table that fits keeps larger ones for larger
 * parties. Ties go by label (T2 before T10), then id, so every caller picks the same table.
 */
export function fittingTables(
  tables: TableInfo[],
  partySize: number,
  opts?: { includeOffline?: boolean },
): TableInfo[] {
  const includeOffline = opts?.includeOffline ?? false;
  return tables
    .filter((t) => t.active && (t.online || includeOffline) && t.minSeats <= partySize && partySize <= t.maxSeats)
    .sort(
      (a, b) =>
        a.maxSeats - b.maxSeats ||
        a.minSeats - b.minSeats ||
        labelCollator.compare(a.label, b.label) ||
        compareCodePoints(a.label, b.label) ||
        compareCodePoints(a.id, b.id),
    );
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ── Availability ─────────────────────────────────────────────────────────────────────────────────

/**
 * Every seating of the day for this party, with whether it can be booked now and which tables are free.
 * A closed day has no slots. Reasons, first that applies: past, too_soon, too_far, party_size, paced, taken.
 */
export function computeAvailability(input: AvailabilityInput): Slot[] {
  const { timezone, date, partySize, now, policy } = input;
  const seatings = generateSeatings(timezone, date, input.sessions, input.closures);
  if (seatings.length === 0) return [];

  const nowMs = now.getTime();
  const earliestMs = nowMs + policy.minNoticeMinutes * MINUTE_MS;
  const lastBookableDate = addDays(localDateOf(now, timezone), policy.bookingWindowDays);
  const tooFar = date > lastBookableDate;
  const partySizeOutside =
    !Number.isInteger(partySize) || partySize < policy.minPartySize || partySize > policy.maxPartySize;

  const fitting = fittingTables(input.tables, partySize, { includeOffline: input.includeOffline });
  const blocking = input.reservations.filter((r) => isBlocking(r, now));
  const blockingByTable = new Map<string, BlockingReservation[]>();
  const coversByStart = new Map<number, number>();
  for (const r of blocking) {
    const list = blockingByTable.get(r.tableId);
    if (list) list.push(r);
    else blockingByTable.set(r.tableId, [r]);
    const start = r.startsAt.getTime();
    coversByStart.set(start, (coversByStart.get(start) ?? 0) + r.partySize);
  }
  const sessionsById = new Map(input.sessions.map((s) => [s.id, s]));

  return seatings.map((seating) => {
    const session = sessionsById.get(seating.sessionId)!;
    const startMs = seating.startsAt.getTime();
    const endMs = startMs + turnMinutesFor(session.turnMinutes, partySize) * MINUTE_MS;
    // Half-open ranges: a reservation ending exactly at our start, or starting exactly at our end, is no clash.
    const blackedOut = (input.blackouts ?? []).some((b) => b.startsAt.getTime() < endMs && startMs < b.endsAt.getTime());
    const free = blackedOut
      ? []
      : fitting.filter(
          (t) =>
            !(blockingByTable.get(t.id) ?? []).some((r) => r.startsAt.getTime() < endMs && startMs < r.endsAt.getTime()),
        );
    const paced =
      session.maxCoversPerSlot !== null && (coversByStart.get(startMs) ?? 0) + partySize > session.maxCoversPerSlot;

    let reason: UnavailableReason | null = null;
    if (startMs <= nowMs) reason = "past";
    else if (startMs < earliestMs) reason = "too_soon";
    else if (tooFar) reason = "too_far";
    else if (partySizeOutside) reason = "party_size";
    else if (blackedOut) reason = "private_event";
    else if (paced) reason = "paced";
    else if (free.length === 0) reason = "taken";

    return {
      startsAt: seating.startsAt,
      endsAt: new Date(endMs),
      localTime: seating.localTime,
      serviceDate: seating.serviceDate,
      sessionId: seating.sessionId,
      sessionName: seating.sessionName,
      available: reason === null,
      tablesLeft: free.length,
      freeTableIds: free.map((t) => t.id),
      reason,
    };
  });
}

/**
 * The day's slot starting at exactly `startsAt`, or null when that instant is not one of its seatings.
 * The booking service validates a hold with this, on the same input the availability page used.
 */
export function findSlot(input: AvailabilityInput, startsAt: Date): Slot | null {
  const at = startsAt.getTime();
  return computeAvailability(input).find((s) => s.startsAt.getTime() === at) ?? null;
}
