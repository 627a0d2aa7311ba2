import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification, Reservation } from "@/db/schema";
import { processEnvSnapshot, setProcessEnv } from "@/lib/env";
import { checkManageLink } from "./links";
import { buildMessage, formatDuration, localParts, reasonNotToSend, type NotificationContext } from "./render";
import { buildSmsBody, SMS_KINDS } from "./sms/render";

const saved = { AUTH_SECRET: processEnvSnapshot().AUTH_SECRET, APP_URL: processEnvSnapshot().APP_URL, EMAIL_FROM: processEnvSnapshot().EMAIL_FROM };
beforeAll(() =>
  setProcessEnv({
    AUTH_SECRET: "a-test-secret-that-is-at-least-32-characters-long",
    APP_URL: "https://tablekeep.example",
    EMAIL_FROM: "Tablekeep <bookings@tablekeep.example>",
  }),
);
afterAll(() => setProcessEnv(saved));

const RES_ID = "22222222-2222-4222-8222-222222222222";
const at = (iso: string) => new Date(iso);

function context(kind: Notification["kind"], overrides: Partial<Reservation> = {}, timezone = "Europe/London"): NotificationContext {
  const created = at("2030-03-20T10:00:00Z");
  return {
    notification: {
      id: "11111111-1111-4111-8111-111111111111",
      reservationId: RES_ID,
      userId: null,
      inviteId: null,
      partyRequestId: null,
      kind,
      revision: 0,
      channel: "email",
      toEmail: "ana@example.test",
      toPhone: null,
      status: "sending",
      sendAfter: created,
      attempts: 1,
      lastError: null,
      providerId: null,
      claimedAt: created,
      sentAt: null,
      createdAt: created,
    },
    reservation: {
      id: RES_ID,
      restaurantId: "33333333-3333-4333-8333-333333333333",
      tableId: "44444444-4444-4444-8444-444444444444",
      experienceId: null,
      sectionId: null,
      sessionId: null,
      serviceDate: "2030-03-31",
      partySize: 2,
      // Sunday 31 March 2030, the first evening of British Summer Time: 19:00 BST.
      startsAt: at("2030-03-31T18:00:00Z"),
      endsAt: at("2030-03-31T19:30:00Z"),
      period: "",
      status: "confirmed",
      holdExpiresAt: null,
      holdExtended: false,
      version: 2,
      code: "K7M3QX2",
      manageTokenHash: "x",
      source: "web",
      userId: null,
      holderKey: null,
      clientAddress: null,
      guestName: "Ana",
      guestEmail: "ana@example.test",
      guestPhone: null,
      smsConsentAt: null,
      specialRequests: "Window seat, please",
      occasion: null,
      notes: "staff only: regular",
      replacesId: null,
      sequence: 0,
      confirmedAt: created,
      seatedAt: null,
      completedAt: null,
      cancelledAt: null,
      createdAt: created,
      updatedAt: created,
      ...overrides,
    },
    restaurant: {
      id: "33333333-3333-4333-8333-333333333333",
      slug: "chez-ana",
      name: "Chez Ana",
      timezone,
      address: "1 High Street",
      city: "London",
      cancellationCutoffMinutes: 120,
    },
  };
}

describe("buildMessage", () => {
  it("writes a confirmation with local date, time and zone, party, code, a signed manage link, a text part and an .ics", async () => {
    const m = await buildMessage(context("confirmation"));
    expect(m.from).toBe("Tablekeep <bookings@tablekeep.example>");
    expect(m.to).toEqual(["ana@example.test"]);
    expect(m.subject).toBe("Confirmed: Chez Ana, Sunday 31 March 2030 at 19:00");
    for (const part of [m.html, m.text]) {
      for (const text of [
        "Sunday 31 March 2030",
        "19:00 (BST, Europe/London)",
        "2 people",
        "K7M3QX2",
        "https://tablekeep.example/reservations/K7M3QX2?token=",
        "Window seat, please",
        "2 hours",
      ])
        expect(part).toContain(text);
      // Staff notes never reach the diner.
      expect(part).not.toContain("staff only");
    }
    expect(m.text).not.toMatch(/<[a-z]/i);

    const sig = new URL(/https:\/\/tablekeep\.example\/reservations\/K7M3QX2\?token=[A-Za-z0-9_-]+/.exec(m.text)![0]).searchParams.get("token");
    expect(checkManageLink({ id: RES_ID, version: 2, status: "confirmed" }, sig, new Date("2030-03-31T12:00:00Z"))).toBe("valid");

    expect(m.attachments).toHaveLength(1);
    const [ics] = m.attachments;
    expect(ics!.filename).toBe("reservation.ics");
    expect(ics!.contentType).toMatch(/^text\/calendar/);
    const body = Buffer.from(ics!.content, "base64").toString("utf8");
    expect(body).toContain("DTSTART:20300331T180000Z");
    expect(body).toContain("DTEND:20300331T193000Z");
    expect(body).toContain(`UID:${RES_ID}@tablekeep`);
    expect(body).toContain("SUMMARY:Table for 2 at Chez Ana");
    expect(m.tags).toContainEqual({ name: "kind", value: "confirmation" });
  });

  it("speaks of seats at the experience, not a table, for a seat booking: heading, details, reminder, cancellation and .ics", async () => {
    const seats = (kind: Notification["kind"]) => ({
      ...context(kind, { tableId: null, experienceId: "55555555-5555-4555-8555-555555555555", sectionId: "66666666-6666-4666-8666-666666666666" }),
      experience: { name: "Truffle night", sectionName: "Chef's counter" },
    });
    const confirmation = await buildMessage(seats("confirmation"));
    expect(confirmation.text).toMatch(/your seats are booked/i);
    expect(confirmation.text).toMatch(/Experience\s+Truffle night/);
    expect(confirmation.text).toMatch(/Section\s+Chef's counter/);
    expect(confirmation.text).toMatch(/Seats\s+2 seats/);
    const ics = Buffer.from(confirmation.attachments[0]!.content, "base64").toString("utf8");
    expect(ics).toContain("SUMMARY:Truffle night at Chez Ana: 2 seats");
    const reminder = await buildMessage(seats("reminder"));
    expect(reminder.text).toContain("A reminder of your seats at Truffle night at Chez Ana");
    const cancelled = await buildMessage(seats("cancellation"));
    expect(cancelled.text).toContain("has been cancelled and the seats released");
    for (const m of [confirmation, reminder, cancelled]) expect(m.text).not.toMatch(/\btables?\b/i);
  });

  it("states the deposit or the saved card, with the amount and the free-cancellation deadline in the restaurant's zone", async () => {
    const paid = await buildMessage({
      ...context("confirmation"),
      payment: { kind: "deposit", status: "paid", amountCents: 4000, currency: "GBP", capturedCents: 4000, refundedCents: 0 },
    });
    for (const part of [paid.html, paid.text]) {
      expect(part).toContain("You paid a deposit of £40. It is returned in full if you cancel before 17:00 on Sunday 31 March;");
    }
    const card = await buildMessage({
      ...context("confirmation"),
      payment: { kind: "card_guarantee", status: "card_saved", amountCents: 3000, currency: "GBP", capturedCents: 0, refundedCents: 0 },
    });
    expect(card.text).toContain("Your card is saved and nothing has been charged. A fee of £30 is charged only if you do not come or cancel after 17:00 on Sunday 31 March.");
    const none = await buildMessage(context("confirmation"));
    expect(none.text).not.toMatch(/deposit|card is saved/);
  });

  it("renders the same bytes for the same row, so a re-send matches the first (Idempotency-Key)", async () => {
    const a = await buildMessage(context("confirmation"));
    const b = await buildMessage(context("confirmation"));
    expect(b).toEqual(a);
  });

  it("writes a reminder, a cancellation and a hold-expired notice; only the cancellation carries a calendar file", async () => {
    const reminder = await buildMessage(context("reminder"));
    expect(reminder.subject).toBe("Reminder: Chez Ana, Sunday 31 March 2030 at 19:00");
    expect(reminder.text).toContain("19:00 (BST, Europe/London)");

    const cancellation = await buildMessage(context("cancellation", { status: "cancelled" }));
    expect(cancellation.subject).toBe("Cancelled: Chez Ana, Sunday 31 March 2030 at 19:00");
    expect(cancellation.text).toContain("https://tablekeep.example/r/chez-ana");

    const expired = await buildMessage(context("hold_expired", { status: "expired" }));
    expect(expired.subject).toBe("Not booked: your hold at Chez Ana expired");
    expect(expired.text).toMatch(/You do not have a reservation/i);

    for (const m of [reminder, expired]) expect(m.attachments).toEqual([]);
    // The cancellation removes the confirmation's event: same UID, METHOD:CANCEL, a higher SEQUENCE.
    const confirmation = await buildMessage(context("confirmation"));
    const ics = (m: typeof confirmation) => Buffer.from(m.attachments[0]!.content, "base64").toString("utf8");
    const uid = (text: string) => /\r\nUID:([^\r]+)\r\n/.exec(text)?.[1];
    const sequence = (text: string) => Number(/\r\nSEQUENCE:(\d+)\r\n/.exec(text)?.[1]);
    expect(cancellation.attachments).toHaveLength(1);
    expect(cancellation.attachments[0]!.contentType).toBe("text/calendar; charset=utf-8; method=CANCEL");
    const cancel = ics(cancellation);
    expect(cancel).toContain("\r\nMETHOD:CANCEL\r\n");
    expect(cancel).toContain("\r\nSTATUS:CANCELLED\r\n");
    expect(uid(cancel)).toBe(uid(ics(confirmation)));
    expect(sequence(cancel)).toBeGreaterThan(sequence(ics(confirmation)));
  });

  it("announces a change with the same calendar UID and the next SEQUENCE, and a later cancel outranks it", async () => {
    const ics = (m: { attachments: { content: string }[] }) => Buffer.from(m.attachments[0]!.content, "base64").toString("utf8");
    const uid = (text: string) => /\r\nUID:([^\r]+)\r\n/.exec(text)?.[1];
    const sequence = (text: string) => Number(/\r\nSEQUENCE:(\d+)\r\n/.exec(text)?.[1]);
    const confirmation = ics(await buildMessage(context("confirmation")));
    const moved = { sequence: 1, startsAt: at("2030-03-31T19:30:00Z"), endsAt: at("2030-03-31T21:00:00Z"), partySize: 4 };
    const updated = await buildMessage({ ...context("updated", moved), notification: { ...context("updated").notification, revision: 1 } });
    expect(updated.subject).toBe("Changed: Chez Ana, now Sunday 31 March 2030 at 20:30");
    expect(updated.text).toContain("K7M3QX2");
    expect(updated.text).toMatch(/4 people/);
    expect(updated.attachments[0]!.contentType).toBe("text/calendar; charset=utf-8; method=PUBLISH");
    const update = ics(updated);
    expect(uid(update)).toBe(uid(confirmation));
    expect(sequence(confirmation)).toBe(0);
    expect(sequence(update)).toBe(1);
    expect(update).toContain("\r\nDTSTART:20300331T193000Z\r\n");
    const cancel = ics(await buildMessage(context("cancellation", { ...moved, status: "cancelled" })));
    expect(sequence(cancel)).toBe(2);
  });

  it("shows the time in the restaurant's zone, not the server's", async () => {
    const m = await buildMessage(context("reminder", {}, "Asia/Tokyo"));
    // 18:00 UTC is 03:00 the next morning in Tokyo.
    expect(m.subject).toBe("Reminder: Chez Ana, Monday 1 April 2030 at 03:00");
    expect(m.text).toContain("Asia/Tokyo");
  });
});

describe("reasonNotToSend", () => {
  it("sends only the newest change's email, and none once the booking is cancelled", () => {
    const now = at("2030-03-30T18:00:00Z");
    const updated = (revision: number, overrides: Partial<Reservation>) => ({ ...context("updated", overrides), notification: { ...context("updated").notification, revision } });
    expect(reasonNotToSend(updated(2, { sequence: 2 }), now)).toBeNull();
    expect(reasonNotToSend(updated(1, { sequence: 2 }), now)).toBe("A later change replaced this one.");
    expect(reasonNotToSend(updated(2, { sequence: 2, status: "cancelled" }), now)).toBe("The reservation is cancelled.");
  });

  const before = at("2030-03-30T18:00:00Z");
  it("sends a reminder only for a confirmed reservation that has not started", () => {
    expect(reasonNotToSend(context("reminder"), before)).toBeNull();
    for (const status of ["cancelled", "seated", "no_show", "completed"] as const) {
      expect(reasonNotToSend(context("reminder", { status }), before)).toBe(`The reservation is ${status}.`);
    }
    expect(reasonNotToSend(context("reminder"), at("2030-03-31T18:00:00Z"))).toBe("The reservation has already started.");
  });
  it("sends a confirmation unless the reservation was cancelled or is over", () => {
    expect(reasonNotToSend(context("confirmation"), before)).toBeNull();
    expect(reasonNotToSend(context("confirmation", { status: "seated" }), before)).toBeNull();
    expect(reasonNotToSend(context("confirmation", { status: "cancelled" }), before)).toBe("The reservation is cancelled.");
    expect(reasonNotToSend(context("confirmation"), at("2030-03-31T19:30:00Z"))).toBe("The reservation is over.");
  });
  it("sends a cancellation or hold-expired notice only in that state", () => {
    expect(reasonNotToSend(context("cancellation", { status: "cancelled" }), before)).toBeNull();
    expect(reasonNotToSend(context("cancellation", { status: "confirmed" }), before)).toBe("The reservation is confirmed.");
    expect(reasonNotToSend(context("hold_expired", { status: "expired" }), before)).toBeNull();
    expect(reasonNotToSend(context("hold_expired", { status: "confirmed" }), before)).toBe("The reservation is confirmed.");
  });
});

describe("formatting", () => {
  it("words policy lengths and local times", () => {
    expect(formatDuration(120)).toBe("2 hours");
    expect(formatDuration(60)).toBe("1 hour");
    expect(formatDuration(1440)).toBe("1 day");
    expect(formatDuration(45)).toBe("45 minutes");
    // The night the clocks go back in New York: 01:30 happens twice; each instant keeps its own zone name.
    expect(localParts(at("2030-11-03T05:30:00Z"), "America/New_York")).toMatchObject({ localTime: "01:30", zoneAbbreviation: "GMT-4" });
    expect(localParts(at("2030-11-03T06:30:00Z"), "America/New_York")).toMatchObject({ localTime: "01:30", zoneAbbreviation: "GMT-5" });
  });
});

describe("buildSmsBody", () => {
  it("texts a confirmation in the restaurant's wall-clock time, with the code, the manage link and the opt-out, in two segments at most", () => {
    const body = buildSmsBody(context("confirmation", { guestPhone: "+447911123456", smsConsentAt: at("2030-03-20T10:00:00Z") }));
    expect(body).toMatch(/^Chez Ana: you're booked for Sun 31 Mar at 19:00, 2 guests\. Code K7M3QX2\. Change or cancel: https:\/\/tablekeep\.example\/\S+ Reply STOP to opt out\.$/);
    expect(body.length).toBeLessThanOrEqual(306);
  });

  it("says until when a waitlist offer is held, in the zone", () => {
    const body = buildSmsBody(context("waitlist_offer", { status: "held", holdExpiresAt: at("2030-03-31T17:10:00Z") }));
    expect(body).toContain("held for you until 18:10");
  });

  it("has a text for every SMS kind and none for the others", () => {
    for (const kind of SMS_KINDS) expect(buildSmsBody(context(kind)), kind).toContain("Reply STOP to opt out.");
    expect(() => buildSmsBody(context("hold_expired"))).toThrow(/No text message/);
  });
});
