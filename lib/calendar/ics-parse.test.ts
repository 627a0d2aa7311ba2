import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildIcs } from "./ics";

/** The calendar files as a real iCalendar parser reads them: one event, its UID, SEQUENCE, times and method. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents("vevent");
  expect(events).toHaveLength(1);
  const event = new ICAL.Event(events[0]!);
  return { method: cal.getFirstPropertyValue("method"), event, status: events[0]!.getFirstPropertyValue("status") };
}

describe("calendar files under ical.js", () => {
  const base = {
    uid: "5f0c3c1e-1111-4222-8333-444455556666@tablekeep",
    start: new Date("2030-03-31T18:00:00Z"),
    end: new Date("2030-03-31T19:30:00Z"),
    stamp: new Date("2030-03-20T10:00:00Z"),
    summary: "Table for 2 at Kōwhai Kitchen; window, please",
    description: `Booking code K7M3QX2. Manage your booking: https://tablekeep.example/reservations/K7M3QX2?token=${"x".repeat(60)}`,
    location: "1 Rue de la Paix, Paris",
    url: `https://tablekeep.example/reservations/K7M3QX2?token=${"x".repeat(60)}`,
  };

  it("a booking, its change and its cancellation are one event: same UID, rising SEQUENCE, the new time, then CANCEL", () => {
    const booked = parse(buildIcs(base));
    const changed = parse(buildIcs({ ...base, start: new Date("2030-03-31T19:30:00Z"), end: new Date("2030-03-31T21:00:00Z"), sequence: 1 }));
    const cancelled = parse(buildIcs({ ...base, method: "CANCEL", sequence: 2 }));

    for (const p of [booked, changed, cancelled]) expect(p.event.uid).toBe(base.uid);
    expect([booked.event.sequence, changed.event.sequence, cancelled.event.sequence]).toEqual([0, 1, 2]);
    expect(booked.method).toBe("PUBLISH");
    expect(changed.event.startDate.toJSDate().toISOString()).toBe("2030-03-31T19:30:00.000Z");
    expect(changed.event.endDate.toJSDate().toISOString()).toBe("2030-03-31T21:00:00.000Z");
    expect(cancelled.method).toBe("CANCEL");
    expect(cancelled.status).toBe("CANCELLED");
    // Folded lines and escapes come back as written.
    expect(booked.event.summary).toBe(base.summary);
    expect(booked.event.description).toBe(base.description);
    expect(booked.event.location).toBe(base.location);
  });
});
