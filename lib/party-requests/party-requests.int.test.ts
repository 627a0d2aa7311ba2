import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { notifications, partyRequests, reservations } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { dispatchNotification } from "@/lib/notifications/dispatch";
import { createResendTransport, type EmailTransport } from "@/lib/notifications/transport";
import { startFakeResend, type FakeResend } from "@/lib/notifications/testing/fake-resend";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import type { Kv } from "@/lib/redis/types";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertRestaurantWith } from "@/lib/testing/fixtures";
import { holdTable } from "@/lib/reservations";
import { TEST_AUTH_SECRET } from "@/lib/api/testing";
import { startFakeTwilio, type FakeTwilio } from "@/lib/notifications/testing/fake-twilio";
import { recordOptOut } from "@/lib/notifications/sms/opt-out";
import { createTwilioTransport, type SmsTransport } from "@/lib/notifications/sms/transport";
import { acceptPartyRequest, declinePartyRequest, listPartyRequests, requestTable } from "./party-requests";

let t: TestDb;
let kv: Kv;
let resend: FakeResend;
let transport: EmailTransport;

beforeAll(async () => {
  t = await createTestDb(inject("templateDb"), { max: 20 });
  kv = createMemoryKv();
  resend = await startFakeResend();
  transport = createResendTransport({ apiKey: resend.apiKey, baseUrl: resend.url, timeoutMs: 5_000 });
});
afterAll(async () => {
  await resend?.close();
  await t?.destroy();
});

const TZ = "Europe/London";
const dateAhead = (days = 10) => DateTime.now().setZone(TZ).plus({ days }).toISODate()!;
const instantAt = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: TZ }).toJSDate();

/** A restaurant taking parties up to 8 online, with a big table (up to 14) and a small one, its owner, a manager and a host. */
async function restaurant() {
  const { restaurant: r, tables, staff } = await insertRestaurantWith(t.db, {
    restaurant: { timezone: TZ, maxPartySize: 8, name: "Long Table", bookingWindowDays: 60 },
    tables: [
      { label: "Big", minSeats: 6, maxSeats: 14 },
      { label: "Two", minSeats: 1, maxSeats: 2 },
    ],
    sessions: [{ firstSeating: "17:00", lastSeating: "22:00", intervalMinutes: 30, turnMinutes: 120 }],
    staff: { owner: {}, manager: {}, host: {} },
  });
  const as = (u: { id: string; email: string }) => ({ userId: u.id, email: u.email, name: null });
  return { r, big: tables[0]!, small: tables[1]!, owner: as(staff.owner!), manager: as(staff.manager!), host: as(staff.host!) };
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

function ask(restaurantId: string, request: Record<string, unknown>, ip = freshIp()) {
  return requestTable(t.db, { restaurant: restaurantId, principal: null, clientAddress: ip, request }, { kv });
}

const GROUP = { time: "19:30", partySize: 12, name: "Ana Group", email: "ana@example.test", phone: "+44 20 7946 0001", notes: "A birthday; one wheelchair user." };

async function rowsFor(requestId: string) {
  return t.db.select().from(notifications).where(eq(notifications.partyRequestId, requestId));
}

describe("asking for a table for a large party", () => {
  it("stores the request and emails the owners and managers exactly once, with its details and a link to the book", async () => {
    const { r, owner, manager } = await restaurant();
    const date = dateAhead();
    const request = await ask(r.id, { ...GROUP, date });
    expect(request).toMatchObject({ status: "pending", partySize: 12, time: "19:30", date, email: GROUP.email, phone: "+442079460001" });

    const rows = await rowsFor(request.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "party_request", toEmail: owner.email, status: "pending" });

    const first = await dispatchNotification(t.db, rows[0]!.id, { transport });
    expect(first.outcome).toBe("sent");
    // A second run (the sweeper, a retried job) sends nothing more.
    expect((await dispatchNotification(t.db, rows[0]!.id, { transport })).outcome).toBe("not_claimed");
    const sent = resend.deliveries.filter((d) => d.body.tags?.some((tag) => tag.value === rows[0]!.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.to).toEqual([owner.email, manager.email]);
    expect(sent[0]!.body.subject).toContain("12 people");
    expect(sent[0]!.body.text).toContain("Ana Group");
    expect(sent[0]!.body.text).toContain("A birthday; one wheelchair user.");
    expect(sent[0]!.body.text).toContain(`/manage/${r.slug}?date=${date}`);
  });

  it("refuses parties that book online, a missing contact, a past or too distant date, and bad input, storing nothing", async () => {
    const { r } = await restaurant();
    const date = dateAhead();
    await expect(ask(r.id, { ...GROUP, date, partySize: 8 })).rejects.toMatchObject({ code: "outside_policy" });
    await expect(ask(r.id, { ...GROUP, date, email: "", phone: "" })).rejects.toMatchObject({ code: "invalid_input", fields: { email: [expect.any(String)] } });
    await expect(ask(r.id, { ...GROUP, date: dateAhead(-2) })).rejects.toMatchObject({ code: "outside_policy" });
    await expect(ask(r.id, { ...GROUP, date: dateAhead(90) })).rejects.toMatchObject({ code: "outside_policy" });
    await expect(ask(r.id, { ...GROUP, date, time: "25:00" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(ask(r.id, { ...GROUP, date, name: "A\u0000B" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await t.db.select().from(partyRequests).where(eq(partyRequests.restaurantId, r.id))).toHaveLength(0);
  });

  it("a phone number alone is enough", async () => {
    const { r } = await restaurant();
    const request = await ask(r.id, { ...GROUP, date: dateAhead(), email: "" });
    expect(request).toMatchObject({ email: null, phone: "+442079460001" });
  });

  it("limits requests per client address (429 with a wait, nothing stored) and per contact and date", async () => {
    const { r } = await restaurant();
    const date = dateAhead();
    setProcessEnv({ PARTY_REQUEST_LIMIT_PER_HOUR: "2" });
    try {
      const ip = freshIp();
      await ask(r.id, { ...GROUP, date, email: "one@example.test", phone: "" }, ip);
      await ask(r.id, { ...GROUP, date, email: "two@example.test", phone: "" }, ip);
      const refused = ask(r.id, { ...GROUP, date, email: "three@example.test", phone: "" }, ip);
      await expect(refused).rejects.toMatchObject({ code: "rate_limited" });
      await expect(refused).rejects.toHaveProperty("retryAfter");
      const stored = await t.db.select().from(partyRequests).where(eq(partyRequests.restaurantId, r.id));
      expect(stored.map((x) => x.email).sort()).toEqual(["one@example.test", "two@example.test"]);
    } finally {
      setProcessEnv({ PARTY_REQUEST_LIMIT_PER_HOUR: undefined });
    }
    for (let i = 0; i < 3; i++) await ask(r.id, { ...GROUP, date, email: "same@example.test" });
    await expect(ask(r.id, { ...GROUP, date, email: "SAME@example.test" })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("answering a request from the book", () => {
  it("accepting books the group, confirmed, at the chosen table and time, and the guest gets the confirmation", async () => {
    const { r, big, host } = await restaurant();
    const date = dateAhead();
    const request = await ask(r.id, { ...GROUP, date });
    expect((await listPartyRequests(t.db, { principal: host, restaurantId: r.id, date })).map((x) => x.id)).toEqual([request.id]);

    const accepted = await acceptPartyRequest(t.db, { principal: host, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "20:00"), tableId: big.id } }, { kv });
    expect(accepted.request).toMatchObject({ status: "accepted", reservationId: accepted.reservation.id });
    expect(accepted.reservation.tableLabel).toBe("Big");
    const [booking] = await t.db.select().from(reservations).where(eq(reservations.id, accepted.reservation.id));
    expect(booking).toMatchObject({ status: "confirmed", partySize: 12, source: "owner", guestName: "Ana Group", guestEmail: GROUP.email, specialRequests: GROUP.notes, tableId: big.id });
    expect(booking!.startsAt).toEqual(instantAt(date, "20:00"));
    const confirmation = await t.db.select().from(notifications).where(and(eq(notifications.reservationId, booking!.id), eq(notifications.kind, "confirmation")));
    expect(confirmation).toMatchObject([{ toEmail: GROUP.email }]);

    // Accepting again answers with the same booking; declining now is refused.
    const again = await acceptPartyRequest(t.db, { principal: host, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "18:00") } }, { kv });
    expect(again.reservation.id).toBe(booking!.id);
    await expect(declinePartyRequest(t.db, { principal: host, restaurantId: r.id, decline: { requestId: request.id, message: "Sorry" } })).rejects.toMatchObject({ code: "invalid_transition" });
    expect(await t.db.select().from(reservations).where(eq(reservations.restaurantId, r.id))).toHaveLength(1);
  });

  it("two staff accepting at once make one booking", async () => {
    for (let round = 0; round < 4; round++) {
      const { r, owner, manager } = await restaurant();
      const date = dateAhead(5 + round);
      const request = await ask(r.id, { ...GROUP, date });
      const results = await Promise.allSettled([
        acceptPartyRequest(t.db, { principal: owner, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "19:00") } }, { kv }),
        acceptPartyRequest(t.db, { principal: manager, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "21:00") } }, { kv }),
      ]);
      for (const x of results) if (x.status === "rejected") expect(["invalid_transition", "slot_locked"]).toContain((x.reason as { code?: string }).code);
      const live = (await t.db.select().from(reservations).where(eq(reservations.restaurantId, r.id))).filter((x) => x.status === "confirmed");
      expect(live).toHaveLength(1);
      const [after] = await t.db.select().from(partyRequests).where(eq(partyRequests.id, request.id));
      expect(after).toMatchObject({ status: "accepted", reservationId: live[0]!.id });
    }
  });

  it("a table that is taken then is refused with alternatives, and the request stays open", async () => {
    const { r, big, owner } = await restaurant();
    const date = dateAhead();
    await holdTable(t.db, { restaurantId: r.id, startsAt: instantAt(date, "19:30"), partySize: 7, principal: null, holderKey: "someone", source: "web" }, { kv });
    const request = await ask(r.id, { ...GROUP, date });
    await expect(
      acceptPartyRequest(t.db, { principal: owner, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "19:30"), tableId: big.id } }, { kv }),
    ).rejects.toMatchObject({ code: "slot_unavailable" });
    const [after] = await t.db.select().from(partyRequests).where(eq(partyRequests.id, request.id));
    expect(after!.status).toBe("pending");
  });

  it("declining stores the message and emails it to the group once; a later accept is refused", async () => {
    const { r, owner } = await restaurant();
    const date = dateAhead();
    const request = await ask(r.id, { ...GROUP, date });
    const message = "We are fully booked for a private party that night.\nCould you come on the Thursday?";
    const declined = await declinePartyRequest(t.db, { principal: owner, restaurantId: r.id, decline: { requestId: request.id, message } });
    expect(declined).toMatchObject({ status: "declined", declineMessage: message });
    expect((await declinePartyRequest(t.db, { principal: owner, restaurantId: r.id, decline: { requestId: request.id, message: "again" } })).declineMessage).toBe(message);

    const rows = (await rowsFor(request.id)).filter((n) => n.kind === "party_request_declined");
    expect(rows).toMatchObject([{ toEmail: GROUP.email }]);
    expect((await dispatchNotification(t.db, rows[0]!.id, { transport })).outcome).toBe("sent");
    const sent = resend.deliveries.filter((d) => d.body.tags?.some((tag) => tag.value === rows[0]!.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.to).toEqual([GROUP.email]);
    expect(sent[0]!.body.text).toContain("fully booked for a private party");
    // The restaurant's own email, not yet sent, is no longer worth sending.
    const toRestaurant = (await rowsFor(request.id)).find((n) => n.kind === "party_request")!;
    expect((await dispatchNotification(t.db, toRestaurant.id, { transport })).outcome).toBe("skipped");

    await expect(
      acceptPartyRequest(t.db, { principal: owner, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "19:00") } }, { kv }),
    ).rejects.toMatchObject({ code: "invalid_transition" });
    await expect(declinePartyRequest(t.db, { principal: owner, restaurantId: r.id, decline: { requestId: request.id, message: " " } })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("only the restaurant's staff see and answer its requests", async () => {
    const { r } = await restaurant();
    const other = await restaurant();
    const date = dateAhead();
    const request = await ask(r.id, { ...GROUP, date });
    const stranger = other.owner;
    await expect(listPartyRequests(t.db, { principal: stranger, restaurantId: r.id, date })).rejects.toMatchObject({ code: "not_found" });
    await expect(listPartyRequests(t.db, { principal: null, restaurantId: r.id, date })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(
      declinePartyRequest(t.db, { principal: stranger, restaurantId: r.id, decline: { requestId: request.id, message: "No" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    // Their own restaurant's id with this request: no such request there.
    await expect(
      declinePartyRequest(t.db, { principal: stranger, restaurantId: other.r.id, decline: { requestId: request.id, message: "No" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    const [after] = await t.db.select().from(partyRequests).where(eq(partyRequests.id, request.id));
    expect(after!.status).toBe("pending");
  });
});

describe("a group that gave only a phone hears by text, exactly once", () => {
  let twilio: FakeTwilio;
  let smsTransport: SmsTransport;
  const MOBILE = "+44 7911 123456";
  const E164 = "+447911123456";
  const PHONE_ONLY = { ...GROUP, email: "", phone: MOBILE };

  beforeAll(async () => {
    setProcessEnv({ AUTH_SECRET: TEST_AUTH_SECRET });
    twilio = await startFakeTwilio();
    smsTransport = createTwilioTransport({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: twilio.from, apiBase: twilio.url });
  });
  afterAll(async () => {
    await twilio?.close();
  });

  /** Texts the fake Twilio received for the row (its body is what the group reads). */
  const textsTo = (phone: string, containing: string) => twilio.messages.filter((m) => m.to === phone && m.body.includes(containing));

  /** Two workers race for the row, then the sweeper comes by: one text at most. */
  async function dispatchRacing(id: string) {
    const outcomes = await Promise.all([dispatchNotification(t.db, id, { transport, smsTransport }), dispatchNotification(t.db, id, { transport, smsTransport })]);
    const again = await dispatchNotification(t.db, id, { transport, smsTransport });
    return [...outcomes, again].map((o) => o.outcome).sort();
  }

  it("the request is acknowledged by text; the accepted booking's code and link follow by text; nothing is sent twice", async () => {
    const { r, big, owner } = await restaurant();
    const date = dateAhead(12);
    const request = await ask(r.id, { ...PHONE_ONLY, date });
    expect(request).toMatchObject({ email: null, phone: E164 });

    const received = (await rowsFor(request.id)).filter((n) => n.channel === "sms");
    expect(received).toMatchObject([{ kind: "party_request_received", toPhone: E164, toEmail: null, status: "pending" }]);
    expect(await dispatchRacing(received[0]!.id)).toEqual(["not_claimed", "not_claimed", "sent"]);
    const ack = textsTo(E164, "we have your request");
    expect(ack).toHaveLength(1);
    expect(ack[0]!.body).toContain("Long Table: we have your request for a table for 12 guests on");
    expect(ack[0]!.body).toContain("at 19:30 and will text you our answer. Reply STOP to opt out.");

    const accept = () =>
      acceptPartyRequest(t.db, { principal: owner, restaurantId: r.id, accept: { requestId: request.id, startsAt: instantAt(date, "20:00"), tableId: big.id } }, { kv });
    const accepted = await accept();
    await accept();
    const outcome = (await rowsFor(request.id)).filter((n) => n.kind === "party_request_accepted");
    expect(outcome).toMatchObject([{ channel: "sms", toPhone: E164 }]);
    expect(await dispatchRacing(outcome[0]!.id)).toEqual(["not_claimed", "not_claimed", "sent"]);
    const booked = textsTo(E164, "your table is booked");
    expect(booked).toHaveLength(1);
    expect(booked[0]!.body).toContain(`at 20:00, 12 guests. Code ${accepted.reservation.code}.`);
    expect(booked[0]!.body).toMatch(new RegExp(`/reservations/${accepted.reservation.code}\\?token=`));
    // The booking itself sends nothing to the group: no email address, no consent to the booking's texts.
    const bookingRows = await t.db.select().from(notifications).where(eq(notifications.reservationId, accepted.reservation.id));
    expect(bookingRows).toEqual([]);
  });

  it("a decline goes by text with the restaurant's message, once, however often it is declined and dispatched", async () => {
    const { r, owner } = await restaurant();
    const date = dateAhead(13);
    const request = await ask(r.id, { ...PHONE_ONLY, date, phone: "+44 7911 123457" });
    const message = "We are closed for a wedding that night.\nCould you come on the Thursday?";
    await declinePartyRequest(t.db, { principal: owner, restaurantId: r.id, decline: { requestId: request.id, message } });
    await declinePartyRequest(t.db, { principal: owner, restaurantId: r.id, decline: { requestId: request.id, message: "again" } });
    const rows = await rowsFor(request.id);
    const declined = rows.filter((n) => n.kind === "party_request_declined");
    expect(declined).toMatchObject([{ channel: "sms", toPhone: "+447911123457", toEmail: null }]);
    expect(await dispatchRacing(declined[0]!.id)).toEqual(["not_claimed", "not_claimed", "sent"]);
    const texts = textsTo("+447911123457", "sorry, we cannot take your group");
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain('"We are closed for a wedding that night. Could you come on the Thursday?"');
    // The acknowledgement, not sent before the answer, is no longer worth sending.
    const ack = rows.find((n) => n.kind === "party_request_received")!;
    expect((await dispatchNotification(t.db, ack.id, { transport, smsTransport })).outcome).toBe("skipped");
    expect(textsTo("+447911123457", "we have your request")).toHaveLength(0);
  });

  it("a group with an email hears by email only; a number that opted out gets no text", async () => {
    const { r, owner } = await restaurant();
    const withEmail = await ask(r.id, { ...GROUP, phone: MOBILE, date: dateAhead(14) });
    await declinePartyRequest(t.db, { principal: owner, restaurantId: r.id, decline: { requestId: withEmail.id, message: "Sorry" } });
    expect((await rowsFor(withEmail.id)).filter((n) => n.channel === "sms")).toEqual([]);

    await recordOptOut(t.db, "+447911000999", "test");
    const stopped = await ask(r.id, { ...PHONE_ONLY, phone: "+44 7911 000999", date: dateAhead(15) });
    const [row] = (await rowsFor(stopped.id)).filter((n) => n.channel === "sms");
    expect((await dispatchNotification(t.db, row!.id, { transport, smsTransport })).outcome).toBe("skipped");
    expect(twilio.messages.filter((m) => m.to === "+447911000999")).toHaveLength(0);
  });
});
