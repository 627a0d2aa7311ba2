import { describe, expect, it } from "vitest";
import {
  addDays,
  computeAvailability,
  findSlot,
  fittingTables,
  formatLocalTime,
  generateSeatings,
  isBlocking,
  isClosed,
  isValidLocalDate,
  isValidTimeZone,
  localDateOf,
  turnMinutesFor,
  type AvailabilityInput,
  type BlockingReservation,
  type SessionRule,
  type TableInfo,
} from "./slots";
import { DateTime } from "luxon";
import { candidateServiceDates } from "./load";

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

function session(overrides: Partial<SessionRule> = {}): SessionRule {
  return {
    id: "s-dinner",
    name: "Dinner",
    days: ALL_DAYS,
    firstSeating: "18:00",
    lastSeating: "21:00",
    intervalMinutes: 30,
    turnMinutes: 90,
    maxCoversPerSlot: null,
    ...overrides,
  };
}

function table(id: string, minSeats: number, maxSeats: number, overrides: Partial<TableInfo> = {}): TableInfo {
  return { id, label: id.toUpperCase(), minSeats, maxSeats, online: true, active: true, ...overrides };
}

let reservationCount = 0;
function reservation(
  tableId: string,
  startsAt: string,
  endsAt: string,
  overrides: Partial<BlockingReservation> = {},
): BlockingReservation {
  reservationCount += 1;
  return {
    id: `r${reservationCount}`,
    tableId,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    status: "confirmed",
    holdExpiresAt: null,
    partySize: 2,
    ...overrides,
  };
}

function input(overrides: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    timezone: "UTC",
    date: "2026-07-01",
    partySize: 2,
    now: new Date("2026-06-01T12:00:00Z"),
    policy: { minPartySize: 1, maxPartySize: 8, bookingWindowDays: 60, minNoticeMinutes: 60 },
    sessions: [session()],
    closures: [],
    tables: [table("t1", 1, 2), table("t2", 2, 4)],
    reservations: [],
    ...overrides,
  };
}

const iso = (d: Date) => d.toISOString();
const instants = (seatings: { startsAt: Date }[]) => seatings.map((s) => iso(s.startsAt));
const times = (seatings: { localTime: string }[]) => seatings.map((s) => s.localTime);
const slotAt = <T extends { startsAt: Date }>(slots: T[], at: string): T | undefined =>
  slots.find((s) => iso(s.startsAt) === at);

describe("generateSeatings across DST changes", () => {
  it("skips the spring-forward gap in New York (2026-03-08, 02:00 EST → 03:00 EDT)", () => {
    const s = generateSeatings(
      "America/New_York",
      "2026-03-08",
      [session({ firstSeating: "01:00", lastSeating: "04:00" })],
      [],
    );
    expect(times(s)).toEqual(["01:00", "01:30", "03:00", "03:30", "04:00"]);
    expect(instants(s)).toEqual([
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T06:30:00.000Z",
      "2026-03-08T07:00:00.000Z",
      "2026-03-08T07:30:00.000Z",
      "2026-03-08T08:00:00.000Z",
    ]);
  });

  it("skips the spring-forward gap in London (2026-03-29, 01:00 GMT → 02:00 BST)", () => {
    const s = generateSeatings(
      "Europe/London",
      "2026-03-29",
      [session({ firstSeating: "00:00", lastSeating: "03:00" })],
      [],
    );
    expect(times(s)).toEqual(["00:00", "00:30", "02:00", "02:30", "03:00"]);
    expect(instants(s)).toEqual([
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:30:00.000Z",
      "2026-03-29T02:00:00.000Z",
    ]);
  });

  it("offers New York's repeated hour once, at its first (EDT) occurrence (2026-11-01)", () => {
    const s = generateSeatings(
      "America/New_York",
      "2026-11-01",
      [session({ firstSeating: "00:30", lastSeating: "02:30" })],
      [],
    );
    expect(times(s)).toEqual(["00:30", "01:00", "01:30", "02:00", "02:30"]);
    expect(instants(s)).toEqual([
      "2026-11-01T04:30:00.000Z",
      "2026-11-01T05:00:00.000Z", // 01:00 EDT, not 06:00Z (01:00 EST)
      "2026-11-01T05:30:00.000Z", // 01:30 EDT, not 06:30Z
      "2026-11-01T07:00:00.000Z",
      "2026-11-01T07:30:00.000Z",
    ]);
  });

  it("offers London's repeated hour once, at its first (BST) occurrence (2026-10-25)", () => {
    const s = generateSeatings(
      "Europe/London",
      "2026-10-25",
      [session({ firstSeating: "00:30", lastSeating: "02:30" })],
      [],
    );
    expect(times(s)).toEqual(["00:30", "01:00", "01:30", "02:00", "02:30"]);
    expect(instants(s)).toEqual([
      "2026-10-24T23:30:00.000Z",
      "2026-10-25T00:00:00.000Z", // 01:00 BST, not 01:00Z (01:00 GMT)
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:30:00.000Z",
    ]);
  });

  it("handles southern-hemisphere DST in Auckland: fold on 2026-04-05, gap on 2026-09-27", () => {
    const fold = generateSeatings(
      "Pacific/Auckland",
      "2026-04-05",
      [session({ firstSeating: "01:30", lastSeating: "03:30" })],
      [],
    );
    expect(times(fold)).toEqual(["01:30", "02:00", "02:30", "03:00", "03:30"]);
    expect(instants(fold)).toEqual([
      "2026-04-04T12:30:00.000Z",
      "2026-04-04T13:00:00.000Z", // 02:00 NZDT (+13), the first occurrence
      "2026-04-04T13:30:00.000Z",
      "2026-04-04T15:00:00.000Z", // 03:00 NZST (+12)
      "2026-04-04T15:30:00.000Z",
    ]);

    const gap = generateSeatings(
      "Pacific/Auckland",
      "2026-09-27",
      [session({ firstSeating: "01:30", lastSeating: "03:30" })],
      [],
    );
    expect(times(gap)).toEqual(["01:30", "03:00", "03:30"]);
    expect(instants(gap)).toEqual(["2026-09-26T13:30:00.000Z", "2026-09-26T14:00:00.000Z", "2026-09-26T14:30:00.000Z"]);
  });

  it("skips a gap that falls after midnight in a session belonging to the previous day", () => {
    // Saturday 2026-03-07's late session runs into Sunday's spring-forward gap.
    const s = generateSeatings(
      "America/New_York",
      "2026-03-07",
      [session({ days: [6], firstSeating: "23:00", lastSeating: "03:00", intervalMinutes: 60 })],
      [],
    );
    expect(times(s)).toEqual(["23:00", "00:00", "01:00", "03:00"]);
    expect(instants(s)).toEqual([
      "2026-03-08T04:00:00.000Z",
      "2026-03-08T05:00:00.000Z",
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T07:00:00.000Z",
    ]);
    expect(s.every((x) => x.serviceDate === "2026-03-07")).toBe(true);
  });
});

describe("generateSeatings rules", () => {
  it("keeps seatings after midnight on the session's start day, at next-day instants", () => {
    // 2026-06-05 is a Friday; London is on BST (+01:00).
    const late = session({ id: "s-late", name: "Late", days: [5], firstSeating: "22:00", lastSeating: "01:00" });
    const friday = generateSeatings("Europe/London", "2026-06-05", [late], []);
    expect(times(friday)).toEqual(["22:00", "22:30", "23:00", "23:30", "00:00", "00:30", "01:00"]);
    expect(friday.every((s) => s.serviceDate === "2026-06-05" && s.sessionId === "s-late")).toBe(true);
    expect(friday.map((s) => localDateOf(s.startsAt, "Europe/London"))).toEqual([
      "2026-06-05",
      "2026-06-05",
      "2026-06-05",
      "2026-06-05",
      "2026-06-06",
      "2026-06-06",
      "2026-06-06",
    ]);
    expect(iso(friday[4]!.startsAt)).toBe("2026-06-05T23:00:00.000Z");
    expect(iso(friday[6]!.startsAt)).toBe("2026-06-06T00:00:00.000Z");
    // Saturday is not in the session's days, so its early hours are not Saturday's seatings.
    expect(generateSeatings("Europe/London", "2026-06-06", [late], [])).toEqual([]);
  });

  it("uses the service date's ISO weekday (Monday 1 … Sunday 7)", () => {
    const sundays = [session({ days: [7], firstSeating: "12:00", lastSeating: "12:00" })];
    expect(generateSeatings("Pacific/Kiritimati", "2026-03-08", sundays, [])).toHaveLength(1);
    expect(generateSeatings("Pacific/Kiritimati", "2026-03-09", sundays, [])).toHaveLength(0);
    const mondays = [session({ days: [1], firstSeating: "12:00", lastSeating: "12:00" })];
    expect(generateSeatings("Pacific/Pago_Pago", "2026-03-09", mondays, [])).toHaveLength(1);
  });

  it("accepts Postgres HH:MM:SS times and includes the last seating", () => {
    const s = generateSeatings(
      "UTC",
      "2026-07-01",
      [session({ firstSeating: "17:30:00", lastSeating: "19:00:00", intervalMinutes: 45 })],
      [],
    );
    expect(times(s)).toEqual(["17:30", "18:15", "19:00"]);
  });

  it("yields one seating per instant when two sessions share one, kept by the earlier-starting session", () => {
    const lunch = session({
      id: "s-lunch",
      name: "Lunch",
      firstSeating: "11:00",
      lastSeating: "15:00",
      intervalMinutes: 60,
    });
    const early = session({
      id: "s-early",
      name: "Early",
      firstSeating: "14:00",
      lastSeating: "17:00",
      intervalMinutes: 60,
    });
    for (const sessions of [
      [lunch, early],
      [early, lunch],
    ]) {
      const s = generateSeatings("UTC", "2026-07-01", sessions, []);
      expect(times(s)).toEqual(["11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00"]);
      expect(s.map((x) => x.sessionId)).toEqual([
        "s-lunch",
        "s-lunch",
        "s-lunch",
        "s-lunch",
        "s-lunch",
        "s-early",
        "s-early",
      ]);
    }
  });

  it("returns seatings in time order when sessions interleave", () => {
    const a = session({ id: "a", firstSeating: "18:00", lastSeating: "20:00", intervalMinutes: 60 });
    const b = session({ id: "b", firstSeating: "18:30", lastSeating: "19:30", intervalMinutes: 60 });
    expect(times(generateSeatings("UTC", "2026-07-01", [b, a], []))).toEqual([
      "18:00",
      "18:30",
      "19:00",
      "19:30",
      "20:00",
    ]);
  });

  it("rejects an invalid zone or date", () => {
    expect(() => generateSeatings("Mars/Olympus", "2026-07-01", [session()], [])).toThrow(RangeError);
    expect(() => generateSeatings("UTC", "2026-02-30", [session()], [])).toThrow(RangeError);
    expect(() => generateSeatings("UTC", "2026-7-1", [session()], [])).toThrow(RangeError);
  });
});

describe("generateSeatings asked again", () => {
  it("follows a changed session, a closure and another zone at once, though it remembers days it has built", () => {
    const dinner = session({ id: "s-remembered" });
    const first = generateSeatings("Europe/Paris", "2026-09-10", [dinner], []);
    expect(times(first)).toEqual(["18:00", "18:30", "19:00", "19:30", "20:00", "20:30", "21:00"]);
    // The same day asked again: the same seatings.
    expect(generateSeatings("Europe/Paris", "2026-09-10", [dinner], [])).toEqual(first);
    // Every rule that shapes the day is part of what is remembered.
    expect(times(generateSeatings("Europe/Paris", "2026-09-10", [{ ...dinner, lastSeating: "19:00" }], []))).toEqual(["18:00", "18:30", "19:00"]);
    expect(times(generateSeatings("Europe/Paris", "2026-09-10", [{ ...dinner, intervalMinutes: 60 }], []))).toEqual(["18:00", "19:00", "20:00", "21:00"]);
    expect(generateSeatings("Europe/Paris", "2026-09-10", [{ ...dinner, days: [1] }], [])).toEqual([]);
    expect(generateSeatings("Europe/Paris", "2026-09-10", [dinner], [{ startDate: "2026-09-10", endDate: "2026-09-10" }])).toEqual([]);
    expect(iso(generateSeatings("America/New_York", "2026-09-10", [dinner], [])[0]!.startsAt)).toBe("2026-09-10T22:00:00.000Z");
    expect(iso(generateSeatings("Europe/Paris", "2026-09-10", [dinner], [])[0]!.startsAt)).toBe("2026-09-10T16:00:00.000Z");
  });

  it("shares what it remembers read-only, and still refuses a zone or date that is not one", () => {
    const dinner = session({ id: "s-shared" });
    const seatings = generateSeatings("Asia/Tokyo", "2026-09-11", [dinner], []);
    expect(() => (seatings as unknown as { push: (x: unknown) => void }).push(seatings[0])).toThrow();
    expect(() => generateSeatings("Mars/Olympus", "2026-09-11", [dinner], [])).toThrow(RangeError);
    expect(() => generateSeatings("Asia/Tokyo", "2026-02-30", [dinner], [])).toThrow(RangeError);
    expect(isValidTimeZone("Asia/Tokyo")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("closures", () => {
  const closures = [{ startDate: "2026-12-24", endDate: "2026-12-26" }];

  it("includes both ends of a closure", () => {
    expect(isClosed("2026-12-23", closures)).toBe(false);
    expect(isClosed("2026-12-24", closures)).toBe(true);
    expect(isClosed("2026-12-25", closures)).toBe(true);
    expect(isClosed("2026-12-26", closures)).toBe(true);
    expect(isClosed("2026-12-27", closures)).toBe(false);
    expect(isClosed("2026-12-24", [{ startDate: "2026-12-24", endDate: "2026-12-24" }])).toBe(true);
  });

  it("gives a closed day no slots at all, and the days around it their usual ones", () => {
    const base = input({ now: new Date("2026-12-01T00:00:00Z"), closures });
    expect(computeAvailability({ ...base, date: "2026-12-24" })).toEqual([]);
    expect(computeAvailability({ ...base, date: "2026-12-26" })).toEqual([]);
    expect(computeAvailability({ ...base, date: "2026-12-23" })).toHaveLength(7);
    expect(computeAvailability({ ...base, date: "2026-12-27" })).toHaveLength(7);
    expect(findSlot({ ...base, date: "2026-12-24" }, new Date("2026-12-24T19:00:00Z"))).toBeNull();
  });

  it("keeps a late session's after-midnight seatings when only the next calendar day is closed", () => {
    const late = session({ firstSeating: "23:00", lastSeating: "00:30" });
    const s = generateSeatings("UTC", "2026-12-23", [late], closures);
    expect(times(s)).toEqual(["23:00", "23:30", "00:00", "00:30"]);
  });
});

describe("turnMinutesFor", () => {
  it("returns a single number for every party", () => {
    expect(turnMinutesFor(90, 1)).toBe(90);
    expect(turnMinutesFor(90, 12)).toBe(90);
  });

  it("picks the first rule (by max party size) that covers the party, and the last for larger parties", () => {
    const rules = [
      { max_party_size: 6, minutes: 150 },
      { max_party_size: 2, minutes: 75 },
      { max_party_size: 4, minutes: 120 },
    ];
    expect(turnMinutesFor(rules, 1)).toBe(75);
    expect(turnMinutesFor(rules, 2)).toBe(75);
    expect(turnMinutesFor(rules, 3)).toBe(120);
    expect(turnMinutesFor(rules, 4)).toBe(120);
    expect(turnMinutesFor(rules, 6)).toBe(150);
    expect(turnMinutesFor(rules, 9)).toBe(150);
  });

  it("sets each slot's end from its party's turn time", () => {
    const rules = [
      { max_party_size: 2, minutes: 75 },
      { max_party_size: 20, minutes: 120 },
    ];
    const base = input({ sessions: [session({ turnMinutes: rules })], tables: [table("t1", 1, 8)] });
    const two = slotAt(computeAvailability({ ...base, partySize: 2 }), "2026-07-01T19:00:00.000Z")!;
    const five = slotAt(computeAvailability({ ...base, partySize: 5 }), "2026-07-01T19:00:00.000Z")!;
    expect(iso(two.endsAt)).toBe("2026-07-01T20:15:00.000Z");
    expect(iso(five.endsAt)).toBe("2026-07-01T21:00:00.000Z");
  });
});

describe("fittingTables", () => {
  const tables = [
    table("e", 2, 6, { label: "E1" }),
    table("c", 2, 4, { label: "T10" }),
    table("d", 2, 4, { label: "T2" }),
    table("b", 1, 4, { label: "B1" }),
    table("a", 2, 2, { label: "A1" }),
    table("big", 6, 10, { label: "BIG" }),
    table("off", 1, 2, { label: "A0", online: false }),
    table("gone", 1, 2, { label: "A00", active: false }),
  ];

  it("orders by smallest max seats, then smallest min seats, then label (numeric-aware), then id", () => {
    expect(fittingTables(tables, 2).map((t) => t.id)).toEqual(["a", "b", "d", "c", "e"]);
    expect(fittingTables(tables, 5).map((t) => t.id)).toEqual(["e"]);
    expect(fittingTables(tables, 1).map((t) => t.id)).toEqual(["b"]);
  });

  it("leaves out tables the party is too small or too large for", () => {
    expect(fittingTables(tables, 8).map((t) => t.id)).toEqual(["big"]);
    expect(fittingTables(tables, 11)).toEqual([]);
  });

  it("uses offline tables only when asked, and inactive tables never", () => {
    expect(fittingTables(tables, 2, { includeOffline: true }).map((t) => t.id)).toEqual([
      "off",
      "a",
      "b",
      "d",
      "c",
      "e",
    ]);
    expect(fittingTables(tables, 2, { includeOffline: true }).some((t) => t.id === "gone")).toBe(false);
  });

  it("gives the same order whatever the input order, breaking full ties by id", () => {
    const twins = [
      table("z", 2, 2, { label: "T" }),
      table("m", 2, 2, { label: "T" }),
      table("q", 2, 2, { label: "T" }),
    ];
    const expected = ["m", "q", "z"];
    expect(fittingTables(twins, 2).map((t) => t.id)).toEqual(expected);
    expect(fittingTables([...twins].reverse(), 2).map((t) => t.id)).toEqual(expected);
    const shuffled = [tables[3]!, tables[0]!, tables[4]!, tables[2]!, tables[1]!];
    expect(fittingTables(shuffled, 2).map((t) => t.id)).toEqual(["a", "b", "d", "c", "e"]);
  });
});

describe("isBlocking", () => {
  const now = new Date("2026-07-01T12:00:00Z");
  const held = (expires: string | null) =>
    reservation("t1", "2026-07-01T19:00:00Z", "2026-07-01T20:30:00Z", {
      status: "held",
      holdExpiresAt: expires === null ? null : new Date(expires),
    });

  it("counts a hold only while its expiry is in the future", () => {
    expect(isBlocking(held("2026-07-01T12:00:00.001Z"), now)).toBe(true);
    expect(isBlocking(held("2026-07-01T12:00:00.000Z"), now)).toBe(false);
    expect(isBlocking(held("2026-07-01T11:55:00Z"), now)).toBe(false);
    expect(isBlocking(held(null), now)).toBe(false);
  });

  it("counts confirmed and seated always, and no other status", () => {
    for (const status of ["confirmed", "seated"]) {
      expect(isBlocking(reservation("t1", "2026-07-01T19:00:00Z", "2026-07-01T20:00:00Z", { status }), now)).toBe(true);
    }
    for (const status of ["completed", "cancelled", "expired", "no_show"]) {
      expect(isBlocking(reservation("t1", "2026-07-01T19:00:00Z", "2026-07-01T20:00:00Z", { status }), now)).toBe(
        false,
      );
    }
  });
});

describe("computeAvailability", () => {
  it("lists every seating in order with free tables best fit first", () => {
    const slots = computeAvailability(input());
    expect(times(slots)).toEqual(["18:00", "18:30", "19:00", "19:30", "20:00", "20:30", "21:00"]);
    expect(slots.every((s) => s.available && s.reason === null && s.tablesLeft === 2)).toBe(true);
    expect(slots[0]!.freeTableIds).toEqual(["t1", "t2"]);
    expect(slots[0]!.sessionName).toBe("Dinner");
    expect(slots[0]!.serviceDate).toBe("2026-07-01");
  });

  it("treats reservation ranges as half-open: touching ends do not clash", () => {
    const slots = computeAvailability(
      input({
        tables: [table("t1", 1, 2)],
        // Booked 17:00–18:00 and 21:00–22:30; slots take 90 minutes.
        reservations: [
          reservation("t1", "2026-07-01T17:00:00Z", "2026-07-01T18:00:00Z"),
          reservation("t1", "2026-07-01T21:00:00Z", "2026-07-01T22:30:00Z"),
        ],
      }),
    );
    const byTime = Object.fromEntries(slots.map((s) => [s.localTime, s.reason]));
    expect(byTime).toEqual({
      "18:00": null, // starts exactly when the earlier booking ends
      "18:30": null,
      "19:00": null,
      "19:30": null, // 19:30–21:00 ends exactly when the later booking starts
      "20:00": "taken",
      "20:30": "taken",
      "21:00": "taken",
    });
    expect(slots.find((s) => s.localTime === "20:00")!.tablesLeft).toBe(0);
  });

  it("frees a table whose hold has expired even though no job expired it", () => {
    const now = new Date("2026-07-01T12:00:00Z");
    const base = input({ now, tables: [table("t1", 1, 2)] });
    const expiredHold = reservation("t1", "2026-07-01T19:00:00Z", "2026-07-01T20:30:00Z", {
      status: "held",
      holdExpiresAt: new Date("2026-07-01T11:59:00Z"),
    });
    const liveHold = { ...expiredHold, id: "live", holdExpiresAt: new Date("2026-07-01T12:05:00Z") };
    expect(
      slotAt(computeAvailability({ ...base, reservations: [expiredHold] }), "2026-07-01T19:00:00.000Z")!.available,
    ).toBe(true);
    expect(slotAt(computeAvailability({ ...base, reservations: [liveHold] }), "2026-07-01T19:00:00.000Z")!.reason).toBe(
      "taken",
    );
  });

  it("ignores reservations on tables that do not fit the party", () => {
    const slots = computeAvailability(
      input({ partySize: 4, reservations: [reservation("t1", "2026-07-01T18:00:00Z", "2026-07-01T23:00:00Z")] }),
    );
    expect(slots.every((s) => s.available && s.freeTableIds.join() === "t2")).toBe(true);
  });

  it("offers offline tables only to callers that include them", () => {
    const base = input({ tables: [table("house", 1, 4, { online: false })] });
    expect(computeAvailability(base).every((s) => s.reason === "taken" && s.tablesLeft === 0)).toBe(true);
    expect(computeAvailability({ ...base, includeOffline: true }).every((s) => s.available && s.tablesLeft === 1)).toBe(
      true,
    );
  });

  describe("pacing", () => {
    const paced = session({ maxCoversPerSlot: 10 });
    const tables = ["a", "b", "c", "d"].map((id) => table(id, 1, 6));
    const at19 = "2026-07-01T19:00:00.000Z";
    const base = input({
      sessions: [paced],
      tables,
      reservations: [
        reservation("a", "2026-07-01T19:00:00Z", "2026-07-01T20:30:00Z", { partySize: 4 }),
        reservation("b", "2026-07-01T19:00:00Z", "2026-07-01T20:30:00Z", { partySize: 2 }),
        // Started earlier: occupies a table but does not count toward 19:00's covers.
        reservation("c", "2026-07-01T18:30:00Z", "2026-07-01T20:00:00Z", { partySize: 6 }),
        // An expired hold counts for nothing.
        reservation("d", "2026-07-01T19:00:00Z", "2026-07-01T20:30:00Z", {
          partySize: 6,
          status: "held",
          holdExpiresAt: new Date("2026-06-01T11:00:00Z"),
        }),
      ],
    });

    it("allows a party that brings the slot exactly to its cover limit", () => {
      const slot = slotAt(computeAvailability({ ...base, partySize: 4 }), at19)!;
      expect(slot).toMatchObject({ available: true, reason: null, tablesLeft: 1, freeTableIds: ["d"] });
    });

    it("refuses a party that would pass the cover limit, though a table is free", () => {
      const slot = slotAt(computeAvailability({ ...base, partySize: 5 }), at19)!;
      expect(slot).toMatchObject({ available: false, reason: "paced", tablesLeft: 1 });
    });

    it("does not limit sessions without a cover limit, nor other instants", () => {
      expect(slotAt(computeAvailability({ ...base, partySize: 5, sessions: [session()] }), at19)!.available).toBe(true);
      expect(slotAt(computeAvailability({ ...base, partySize: 5 }), "2026-07-01T19:30:00.000Z")!.available).toBe(true);
    });

    it("reports paced before taken", () => {
      const full = { ...base, tables: tables.slice(0, 2), partySize: 5 };
      expect(slotAt(computeAvailability(full), at19)!.reason).toBe("paced");
    });
  });

  describe("minimum notice", () => {
    // Seatings 18:00 … 21:00 UTC; 60 minutes' notice.
    it("accepts a slot exactly at now + notice, and calls one a moment earlier too soon", () => {
      const slots = computeAvailability(input({ date: "2026-07-01", now: new Date("2026-07-01T18:00:00Z") }));
      const byTime = Object.fromEntries(slots.map((s) => [s.localTime, s.reason]));
      expect(byTime["18:00"]).toBe("past"); // starts exactly now
      expect(byTime["18:30"]).toBe("too_soon");
      expect(byTime["19:00"]).toBeNull(); // exactly 60 minutes ahead
      expect(byTime["19:30"]).toBeNull();
    });

    it("calls a slot one millisecond ahead too soon, not past", () => {
      const slots = computeAvailability(input({ now: new Date("2026-07-01T17:59:59.999Z") }));
      expect(slots[0]!.reason).toBe("too_soon");
      expect(slots[1]!.reason).toBe("too_soon");
      expect(slots[2]!.reason).toBeNull();
    });

    it("with no notice, a slot starting now is past and one just after is bookable", () => {
      const policy = { minPartySize: 1, maxPartySize: 8, bookingWindowDays: 60, minNoticeMinutes: 0 };
      const slots = computeAvailability(input({ policy, now: new Date("2026-07-01T18:30:00Z") }));
      expect(slots.map((s) => s.reason).slice(0, 3)).toEqual(["past", "past", null]);
    });

    it("reports past and too soon before anything else", () => {
      const slots = computeAvailability(input({ now: new Date("2026-07-01T18:00:00Z"), partySize: 20, tables: [] }));
      expect(slots[0]!.reason).toBe("past");
      expect(slots[1]!.reason).toBe("too_soon");
      expect(slots[2]!.reason).toBe("party_size");
    });
  });

  describe("booking window", () => {
    const policy = { minPartySize: 1, maxPartySize: 8, bookingWindowDays: 30, minNoticeMinutes: 0 };

    it("opens the last date of the window and closes the next one", () => {
      const now = new Date("2026-07-01T12:00:00Z");
      expect(computeAvailability(input({ policy, now, date: "2026-07-31" })).every((s) => s.available)).toBe(true);
      expect(computeAvailability(input({ policy, now, date: "2026-08-01" })).every((s) => s.reason === "too_far")).toBe(
        true,
      );
    });

    it("counts the window from today's date in the restaurant's zone, not UTC's", () => {
      // 23:30 UTC on 1 July is already 11:30 on 2 July in Auckland.
      const now = new Date("2026-07-01T23:30:00Z");
      const auckland = computeAvailability(input({ policy, now, timezone: "Pacific/Auckland", date: "2026-08-01" }));
      expect(auckland.length).toBeGreaterThan(0);
      expect(auckland.every((s) => s.available)).toBe(true);
      const utc = computeAvailability(input({ policy, now, timezone: "UTC", date: "2026-08-01" }));
      expect(utc.every((s) => s.reason === "too_far")).toBe(true);
    });

    it("reports too far before party size", () => {
      const now = new Date("2026-07-01T12:00:00Z");
      const slots = computeAvailability(input({ policy, now, date: "2026-09-01", partySize: 20 }));
      expect(slots.every((s) => s.reason === "too_far")).toBe(true);
    });
  });

  describe("party size", () => {
    it("refuses parties outside the policy even where a table would fit", () => {
      const policy = { minPartySize: 2, maxPartySize: 6, bookingWindowDays: 60, minNoticeMinutes: 60 };
      const tables = [table("t", 1, 10)];
      const reasonFor = (partySize: number) => computeAvailability(input({ policy, tables, partySize }))[0]!.reason;
      expect(reasonFor(1)).toBe("party_size");
      expect(reasonFor(2)).toBeNull();
      expect(reasonFor(6)).toBeNull();
      expect(reasonFor(7)).toBe("party_size");
      expect(computeAvailability(input({ policy, tables, partySize: 7 }))[0]!.tablesLeft).toBe(1);
    });

    it("reports party size before paced", () => {
      const policy = { minPartySize: 1, maxPartySize: 4, bookingWindowDays: 60, minNoticeMinutes: 60 };
      const slots = computeAvailability(
        input({ policy, partySize: 5, sessions: [session({ maxCoversPerSlot: 2 })], tables: [table("t", 1, 10)] }),
      );
      expect(slots.every((s) => s.reason === "party_size")).toBe(true);
    });
  });
});

describe("findSlot", () => {
  const base = input({
    tables: [table("t1", 1, 2)],
    reservations: [reservation("t1", "2026-07-01T19:00:00Z", "2026-07-01T20:30:00Z")],
  });

  it("returns the same slot computeAvailability lists for that instant", () => {
    const slots = computeAvailability(base);
    for (const slot of slots) expect(findSlot(base, slot.startsAt)).toEqual(slot);
    expect(findSlot(base, new Date("2026-07-01T19:00:00Z"))).toMatchObject({ available: false, reason: "taken" });
    expect(findSlot(base, new Date("2026-07-01T20:30:00Z"))).toMatchObject({ available: true, freeTableIds: ["t1"] });
  });

  it("returns null for an instant that is not a seating", () => {
    expect(findSlot(base, new Date("2026-07-01T18:10:00Z"))).toBeNull();
    expect(findSlot(base, new Date("2026-07-01T17:30:00Z"))).toBeNull();
    expect(findSlot(base, new Date("2026-07-02T18:00:00Z"))).toBeNull();
  });

  it("returns null for the second occurrence of a repeated local time", () => {
    const fall = input({
      timezone: "America/New_York",
      date: "2026-11-01",
      now: new Date("2026-10-01T00:00:00Z"),
      sessions: [session({ firstSeating: "00:30", lastSeating: "02:30" })],
    });
    expect(findSlot(fall, new Date("2026-11-01T05:30:00Z"))).toMatchObject({ localTime: "01:30" });
    expect(findSlot(fall, new Date("2026-11-01T06:30:00Z"))).toBeNull();
  });
});

describe("date and zone helpers", () => {
  it("finds an instant's local date and time in a zone", () => {
    const instant = new Date("2026-07-01T23:30:00Z");
    expect(localDateOf(instant, "UTC")).toBe("2026-07-01");
    expect(localDateOf(instant, "Pacific/Auckland")).toBe("2026-07-02");
    expect(localDateOf(instant, "America/Los_Angeles")).toBe("2026-07-01");
    expect(formatLocalTime(instant, "Asia/Kolkata")).toBe("05:00");
    expect(formatLocalTime(instant, "Pacific/Chatham")).toBe("12:15");
  });

  it("finds the local date as luxon does around midnight, clock changes and odd offsets, and the day before", () => {
    const zones = ["UTC", "Europe/London", "America/New_York", "Pacific/Auckland", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "Pacific/Kiritimati"];
    const start = Date.parse("2026-03-27T00:00:00Z");
    for (const zone of zones) {
      // Every 17 minutes over changes in both hemispheres (March and early April) and a year's end.
      for (const base of [start, Date.parse("2026-12-31T00:00:00Z")]) {
        for (let ms = base; ms < base + 10 * 86_400_000; ms += 17 * 60_000) {
          const expected = DateTime.fromMillis(ms, { zone }).toISODate()!;
          expect(localDateOf(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toBe(expected);
          expect(candidateServiceDates(new Date(ms), zone)).toEqual([expected, addDays(expected, -1)]);
        }
      }
    }
  });

  it("adds calendar days across month, year, leap day and DST boundaries", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-07-01", 60)).toBe("2026-08-30");
  });

  it("validates zones and dates", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Australia/Lord_Howe")).toBe(true);
    expect(isValidTimeZone("Europe/Atlantis")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidLocalDate("2028-02-29")).toBe(true);
    expect(isValidLocalDate("2026-02-29")).toBe(false);
    expect(isValidLocalDate("2026-13-01")).toBe(false);
    expect(isValidLocalDate("2026-07-01T00:00")).toBe(false);
  });
});
