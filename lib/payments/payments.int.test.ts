import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createServer } from "node:net";
import { DateTime } from "luxon";
import { and, eq, sql } from "drizzle-orm";
import { notifications, payments, paymentRefunds, reservations, stripeEvents } from "@/db/schema";
import {
  cancelHandler as cancelRoute,
  confirmHandler as confirmRoute,
  getReservationHandler as getRoute,
  holdHandler as holdRoute,
  updateReservationStatusHandler as patchRoute,
} from "@/lib/api/routes/reservations";
import { DomainError } from "@/lib/errors";
import { refundReservationPayment } from "./refund-service";
import { getDayBook } from "@/lib/reservations/day-book";
import { undoReservationStatus } from "@/lib/reservations/front-of-house";
import { reconcilePayments } from "./reconcile";
import { getReport } from "@/lib/reports/report";
import { listSessionMoneyPolicies, updateSession } from "@/lib/restaurants/sessions";
import { getBookingPaymentPolicy } from "./checkout";
import { policySentence } from "./policy";
import { settlePendingPayments } from "./settle";
import { stripeWebhookHandler } from "@/lib/api/routes/webhooks";
import { setDb } from "@/db/client";
import { call, TEST_AUTH_SECRET, tokenFor } from "@/lib/api/testing";
import { setProcessEnv } from "@/lib/env";
import { createMemoryKv, setKv } from "@/lib/redis";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { startFakeStripe, type FakeStripe } from "./testing/fake-stripe";

const WEBHOOK_SECRET = "whsec_test_secret_for_integration";
let t: TestDb;
let stripe: FakeStripe;

const TZ = "Europe/Paris";
const day = DateTime.now().setZone(TZ).plus({ days: 9 });
const at = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
};
const guest = { name: "Ada Lovelace", email: "ada@example.test", phone: "+44 20 7946 0000" };

function stripeEnv(base: string) {
  setProcessEnv({ STRIPE_SECRET_KEY: "sk_test_tablekeep", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: base });
}

beforeAll(async () => {
  stripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
  setProcessEnv({ AUTH_SECRET: TEST_AUTH_SECRET });
  stripeEnv(stripe.url);
  setKv(createMemoryKv());
  t = await createTestDb(inject("templateDb"), { max: 20 });
  setDb(t.db);
});
afterAll(async () => {
  setDb(null);
  setKv(null);
  setProcessEnv({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_API_BASE: undefined });
  await t?.destroy();
  await stripe?.stop();
});

/** A restaurant with `tables` two-seat tables that takes a deposit of 20.00 per cover. */
async function depositRestaurant(tables = 1, extra: Parameters<typeof insertRestaurant>[1] = {}) {
  const r = await insertRestaurant(t.db, { timezone: TZ, currency: "EUR", depositCents: 2000, depositMinPartySize: 0, ...extra });
  const ts = [];
  for (let i = 0; i < tables; i++) ts.push(await insertTable(t.db, r.id, { label: `D${i + 1}`, minSeats: 1, maxSeats: 2 }));
  await insertSession(t.db, r.id);
  return { r, tables: ts };
}

async function holdAndAsk(restaurantId: string, time = "19:00") {
  const held = await call(holdRoute, { method: "POST", path: "/api/v1/reservations", body: { restaurant_id: restaurantId, starts_at: at(time), party_size: 2 } });
  expect(held.status).toBe(201);
  const id = held.json.id as string;
  const headers = { "x-manage-token": held.json.manage_token as string };
  const asked = await call(confirmRoute, { params: { id }, body: guest, headers });
  return { id, headers, held, asked };
}

function sessionOf(reservationId: string) {
  const s = [...stripe.sessions.values()].find((x) => (x.metadata as Record<string, string>).reservation_id === reservationId);
  if (!s) throw new Error("no checkout session for the reservation");
  return s;
}

async function deliver(w: { body: string; signature: string }) {
  const req = new Request("http://localhost/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": w.signature },
    body: w.body,
  });
  const res = await stripeWebhookHandler(req);
  return { status: res.status, json: (await res.json()) as { outcome?: string; error?: { code: string } } };
}

async function pay(reservationId: string) {
  const s = stripe.complete(sessionOf(reservationId).id as string);
  return deliver(stripe.webhook("checkout.session.completed", s));
}

async function row(id: string) {
  const [r] = await t.db.select().from(reservations).where(eq(reservations.id, id));
  const [p] = await t.db.select().from(payments).where(eq(payments.reservationId, id));
  return { r: r!, p: p ?? null };
}

async function lapse(id: string) {
  await t.db.execute(sql`update reservations set hold_expires_at = now() - interval '1 second' where id = ${id}`);
}

/** A local port nothing listens on: Stripe "unreachable". */
function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function overlaps(restaurantId: string): Promise<number> {
  const rows = (await t.db.execute(sql`
    select count(*)::int as n from reservations a join reservations b
      on a.table_id = b.table_id and a.id < b.id and a.period && b.period
    where a.restaurant_id = ${restaurantId}
      and a.status in ('held','confirmed','seated') and b.status in ('held','confirmed','seated')`)) as unknown as { n: number }[];
  return rows[0]!.n;
}

const confirmations = async (id: string) =>
  (await t.db.select().from(notifications).where(and(eq(notifications.reservationId, id), eq(notifications.kind, "confirmation")))).length;

describe("deposit at confirm", () => {
  it("asks for the deposit with 402, keeps the details and the hold for the checkout, and confirms only when paid", async () => {
    const { r } = await depositRestaurant();
    const { id, headers, held, asked } = await holdAndAsk(r.id);
    expect(asked.status).toBe(402);
    expect(asked.json.error.code).toBe("payment_required");
    expect(asked.json.payment).toMatchObject({ status: "requires_action", kind: "deposit", amount_cents: 4000, currency: "EUR" });
    expect(asked.json.payment.checkout_url).toBe(sessionOf(id).url);

    const before = await call(getRoute, { params: { id }, headers });
    expect(before.json).toMatchObject({ status: "held", name: guest.name, email: guest.email, payment: { status: "requires_action", kind: "deposit", amount_cents: 4000, currency: "EUR", refunded_cents: 0 } });
    // The hold lasts as long as the checkout (at least 30 minutes), not the 10 minutes of a plain hold.
    expect(Date.parse(before.json.hold_expires_at) - Date.parse(held.json.hold_expires_at)).toBeGreaterThan(15 * 60_000);
    expect(await confirmations(id)).toBe(0);

    // Asking again reuses the same checkout: one session created, under a key naming our payment row.
    const again = await call(confirmRoute, { params: { id }, body: guest, headers });
    expect(again.json.payment.checkout_url).toBe(asked.json.payment.checkout_url);
    const created = stripe.effects(/^\/v1\/checkout\/sessions$/).filter((x) => (x.params.metadata as Record<string, string>).reservation_id === id);
    expect(created).toHaveLength(1);
    const { p } = await row(id);
    expect(created[0]!.idempotencyKey).toBe(`tablekeep:payment:${p!.id}:checkout`);
    expect(created[0]!.params).toMatchObject({ mode: "payment", line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "4000" } }] });

    const res = await pay(id);
    expect(res).toMatchObject({ status: 200, json: { outcome: "confirmed" } });
    const after = await call(getRoute, { params: { id }, headers });
    expect(after.json).toMatchObject({ status: "confirmed", hold_expires_at: null, payment: { status: "paid", amount_cents: 4000, refunded_cents: 0 } });
    expect(await confirmations(id)).toBe(1);
    // Confirming after the payment answers the confirmed reservation.
    const confirmedAgain = await call(confirmRoute, { params: { id }, body: guest, headers });
    expect(confirmedAgain.status).toBe(200);
    expect(confirmedAgain.json.status).toBe("confirmed");
  });

  it("asks nothing of a party below the deposit's minimum size", async () => {
    const { r } = await depositRestaurant(1, { depositMinPartySize: 6 });
    const { asked } = await holdAndAsk(r.id);
    expect(asked.status).toBe(200);
    expect(asked.json).toMatchObject({ status: "confirmed", payment: { status: "none", kind: null, amount_cents: 0, currency: null, refunded_cents: 0 } });
  });

  it("a card guarantee opens a setup checkout and saves the card without charging it", async () => {
    const r = await insertRestaurant(t.db, { timezone: TZ, currency: "GBP", noShowFeeCents: 1500 });
    await insertTable(t.db, r.id, { maxSeats: 2 });
    await insertSession(t.db, r.id);
    const { id, headers, asked } = await holdAndAsk(r.id);
    expect(asked.status).toBe(402);
    expect(asked.json.payment).toMatchObject({ kind: "card_guarantee", amount_cents: 3000, currency: "GBP" });
    const session = sessionOf(id);
    expect(session).toMatchObject({ mode: "setup", currency: "gbp" });
    expect(session.customer).toMatch(/^cus_/);
    expect((await pay(id)).json.outcome).toBe("confirmed");
    const after = await call(getRoute, { params: { id }, headers });
    expect(after.json).toMatchObject({ status: "confirmed", payment: { status: "card_saved", kind: "card_guarantee", amount_cents: 3000 } });
    const { p } = await row(id);
    expect(p!.paymentMethodId).toMatch(/^pm_/);
    expect(p!.customerId).toBe(session.customer);
    expect(stripe.effects(/^\/v1\/payment_intents$/)).toHaveLength(0);
  });

  it("answers 503 and charges nothing while Stripe cannot be reached, then works once it is back", async () => {
    const { r } = await depositRestaurant();
    const closed = await closedPort();
    stripeEnv(`http://127.0.0.1:${closed}`);
    try {
      const { id, headers, held, asked } = await holdAndAsk(r.id);
      expect(asked.status).toBe(503);
      expect(asked.json.error.code).toBe("unavailable");
      const { r: res, p } = await row(id);
      expect(res.status).toBe("held");
      expect(res.holdExpiresAt!.toISOString().replace(".000Z", "Z")).toBe(held.json.hold_expires_at);
      expect(p?.checkoutSessionId ?? null).toBeNull();
      expect([...stripe.sessions.values()].some((s) => (s.metadata as Record<string, string>).reservation_id === id)).toBe(false);

      stripeEnv(stripe.url);
      const retried = await call(confirmRoute, { params: { id }, body: guest, headers });
      expect(retried.status).toBe(402);
      expect(retried.json.payment.checkout_url).toBe(sessionOf(id).url);
    } finally {
      stripeEnv(stripe.url);
    }
  });
});

describe("Stripe webhooks", () => {
  it("refuses a forged or unsigned event with 400 and changes nothing", async () => {
    const { r } = await depositRestaurant();
    const { id } = await holdAndAsk(r.id);
    const s = stripe.complete(sessionOf(id).id as string);
    const real = stripe.webhook("checkout.session.completed", s);
    const forged = await deliver({ body: real.body.replace('"livemode":false', '"livemode":true'), signature: real.signature });
    expect(forged.status).toBe(400);
    expect(forged.json.error!.code).toBe("invalid_input");
    const otherSecret = await deliver({ body: real.body, signature: real.signature.replace(/v1=[0-9a-f]+/, `v1=${"0".repeat(64)}`) });
    expect(otherSecret.status).toBe(400);
    const unsigned = await deliver({ body: real.body, signature: "" });
    expect(unsigned.status).toBe(400);
    expect((await row(id)).r.status).toBe("held");
    expect((await row(id)).p!.status).toBe("requires_action");
    expect(await t.db.select().from(stripeEvents).where(eq(stripeEvents.id, real.eventId))).toHaveLength(0);
    // The genuine delivery still applies.
    expect((await deliver(real)).json.outcome).toBe("confirmed");
  });

  it("applies a repeated or late event once: one confirmation, nothing undone by a stale expiry", async () => {
    const { r } = await depositRestaurant();
    const { id } = await holdAndAsk(r.id);
    const s = stripe.complete(sessionOf(id).id as string);
    const event = stripe.webhook("checkout.session.completed", s);
    const deliveries = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(deliveries.map((d) => d.json.outcome).sort()).toEqual(["confirmed", "duplicate", "duplicate"]);
    // Out of order: an expiry for the same session arriving after the payment changes nothing.
    const late = await deliver(stripe.webhook("checkout.session.expired", { ...s, status: "expired" }));
    expect(late.json.outcome).toBe("already_applied");
    // A second, different completion event for the same session is applied once too.
    expect((await deliver(stripe.webhook("checkout.session.completed", s))).json.outcome).toBe("already_applied");
    const { r: res, p } = await row(id);
    expect(res.status).toBe("confirmed");
    expect(p!.status).toBe("paid");
    expect(await confirmations(id)).toBe(1);
    expect(await t.db.select().from(stripeEvents).where(eq(stripeEvents.paymentId, p!.id))).toHaveLength(3);
  });

  it("acknowledges an event for a session it does not know", async () => {
    const res = await deliver(stripe.webhook("checkout.session.completed", { id: "cs_test_unknown", object: "checkout.session", mode: "payment", payment_status: "paid", metadata: {} }));
    expect(res).toMatchObject({ status: 200, json: { outcome: "unknown_payment" } });
  });

  it("releases the hold when the checkout expires", async () => {
    const { r } = await depositRestaurant();
    const { id, headers } = await holdAndAsk(r.id);
    const res = await deliver(stripe.webhook("checkout.session.expired", stripe.expire(sessionOf(id).id as string)));
    expect(res.json.outcome).toBe("released");
    const after = await call(getRoute, { params: { id }, headers });
    expect(after.json).toMatchObject({ status: "cancelled", payment: { status: "failed" } });
    // The table is free again: someone else can hold it.
    expect((await holdAndAsk(r.id)).asked.status).toBe(402);
  });

  it("confirms a payment that lands after the hold lapsed if the table is still free", async () => {
    const { r } = await depositRestaurant();
    const { id } = await holdAndAsk(r.id);
    await lapse(id);
    expect((await pay(id)).json.outcome).toBe("confirmed");
    expect((await row(id)).r.status).toBe("confirmed");
  });

  it("refunds in full, and says so by email, a payment that lands after its table went to someone else", async () => {
    const { r } = await depositRestaurant();
    const first = await holdAndAsk(r.id);
    await lapse(first.id);
    const second = await holdAndAsk(r.id);
    expect(second.asked.status).toBe(402);
    expect((await row(first.id)).r.status).toBe("expired");
    expect((await pay(second.id)).json.outcome).toBe("confirmed");

    expect((await pay(first.id)).json.outcome).toBe("refunded_table_lost");
    const { r: lost, p } = await row(first.id);
    expect(lost.status).toBe("expired");
    expect(p).toMatchObject({ status: "refunded", capturedCents: 4000, refundedCents: 4000 });
    const refunds = stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.params.amount).toBe("4000");
    const [refundRow] = await t.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p!.id));
    expect(refunds[0]!.idempotencyKey).toBe(`tablekeep:payment:${p!.id}:refund:${refundRow!.id}`);
    const mail = await t.db.select().from(notifications).where(and(eq(notifications.reservationId, first.id), eq(notifications.kind, "payment_refunded")));
    expect(mail).toHaveLength(1);
    expect(await overlaps(r.id)).toBe(0);
  });

  it("race: 30 diners paying for the last table at once → one confirmed, the rest refunded in full, no overlap", async () => {
    const n = 30;
    const { r } = await depositRestaurant();
    const ids: string[] = [];
    // Each diner holds the table in turn, reaches the checkout, and lets the hold lapse while paying.
    for (let i = 0; i < n; i++) {
      const { id, asked } = await holdAndAsk(r.id);
      expect(asked.status).toBe(402);
      await lapse(id);
      ids.push(id);
    }
    const sessions = ids.map((id) => stripe.complete(sessionOf(id).id as string));
    const events = sessions.map((s) => stripe.webhook("checkout.session.completed", s));
    const results = await Promise.all(events.map((e) => deliver(e)));
    // Stripe delivers again whatever was not acknowledged with a 2xx; do the same, a bounded number of times.
    for (let round = 0; round < 5 && results.some((x) => x.status !== 200); round++) {
      await Promise.all(results.map(async (x, i) => (x.status === 200 ? null : (results[i] = await deliver(events[i]!)))));
    }
    expect(results.map((x) => x.status)).toEqual(results.map(() => 200));
    const outcomes = results.map((x) => x.json.outcome);
    expect(outcomes.filter((o) => o === "confirmed")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "refunded_table_lost")).toHaveLength(n - 1);

    const rows = await t.db.select().from(reservations).where(eq(reservations.restaurantId, r.id));
    expect(rows.filter((x) => x.status === "confirmed")).toHaveLength(1);
    const pays = await t.db.select().from(payments).where(eq(payments.restaurantId, r.id));
    expect(pays.filter((p) => p.status === "paid")).toHaveLength(1);
    expect(pays.filter((p) => p.status === "refunded" && p.refundedCents === p.capturedCents && p.capturedCents === 4000)).toHaveLength(n - 1);
    const intents = new Set(pays.map((p) => p.paymentIntentId));
    expect(stripe.effects(/^\/v1\/refunds$/).filter((x) => intents.has(x.params.payment_intent as string))).toHaveLength(n - 1);
    expect(await overlaps(r.id)).toBe(0);
  });
});

describe("reconciliation with Stripe", () => {
  /** The payment's checkout has been quiet long enough for the job to ask Stripe about it. */
  async function quiet(id: string) {
    await t.db.execute(sql`update payments set updated_at = now() - interval '3 minutes' where reservation_id = ${id}`);
  }

  it("confirms a paid checkout whose webhook never came, once, and the late webhook changes nothing", async () => {
    const { r } = await depositRestaurant();
    const { id, headers } = await holdAndAsk(r.id);
    const session = stripe.complete(sessionOf(id).id as string);
    await quiet(id);
    const summary = await reconcilePayments(t.db);
    expect(summary.completed).toBeGreaterThanOrEqual(1);
    const after = await call(getRoute, { params: { id }, headers });
    expect(after.json).toMatchObject({ status: "confirmed", payment: { status: "paid", amount_cents: 4000 } });
    expect(await confirmations(id)).toBe(1);
    const version = (await row(id)).r.version;
    const late = await deliver(stripe.webhook("checkout.session.completed", session));
    expect(late.json.outcome).toBe("already_applied");
    await quiet(id);
    await reconcilePayments(t.db);
    expect(await confirmations(id)).toBe(1);
    expect((await row(id)).r.version).toBe(version);
  });

  it("refunds in full, once, a payment it finds paid after the hold lapsed and the table went, and the owner's report lists it", async () => {
    const { r } = await depositRestaurant();
    const first = await holdAndAsk(r.id);
    await lapse(first.id);
    const second = await holdAndAsk(r.id);
    expect((await pay(second.id)).json.outcome).toBe("confirmed");
    // The first diner paid too, but Stripe's webhook for it never arrived.
    const session = stripe.complete(sessionOf(first.id).id as string);
    await quiet(first.id);
    const summary = await reconcilePayments(t.db);
    expect(summary.refunded).toBe(1);
    const { r: lost, p } = await row(first.id);
    expect(lost.status).toBe("expired");
    expect(p).toMatchObject({ status: "refunded", capturedCents: 4000, refundedCents: 4000 });
    // Once: the job again and the late webhook add no refund.
    await quiet(first.id);
    expect((await reconcilePayments(t.db)).refunded).toBe(0);
    expect((await deliver(stripe.webhook("checkout.session.completed", session))).json.outcome).toBe("already_applied");
    expect(stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId)).toHaveLength(1);
    expect(await overlaps(r.id)).toBe(0);

    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const report = await getReport(t.db, { userId: owner.id, email: owner.email, name: owner.name }, r.id, { from: day.toISODate()!, to: day.toISODate()! });
    expect(report.autoRefunds).toEqual([
      expect.objectContaining({ reservationId: first.id, code: lost.code, guestName: guest.name, amountCents: 4000, currency: "EUR", status: "succeeded" }),
    ]);
  });

  it("applies a paid checkout once when the job and the webhook race", async () => {
    const { r } = await depositRestaurant();
    const { id } = await holdAndAsk(r.id);
    const session = stripe.complete(sessionOf(id).id as string);
    await quiet(id);
    const [, hook] = await Promise.all([reconcilePayments(t.db), deliver(stripe.webhook("checkout.session.completed", session))]);
    expect(["confirmed", "already_applied"]).toContain(hook.json.outcome);
    expect((await row(id)).r.status).toBe("confirmed");
    expect(await confirmations(id)).toBe(1);
  });

  it("releases the hold of an expired checkout whose webhook never came, and leaves an open one alone", async () => {
    // Two restaurants: one caller holds one table per restaurant.
    const gone = await holdAndAsk((await depositRestaurant()).r.id);
    const open = await holdAndAsk((await depositRestaurant()).r.id);
    stripe.expire(sessionOf(gone.id).id as string);
    await quiet(gone.id);
    await quiet(open.id);
    await reconcilePayments(t.db);
    expect(await row(gone.id)).toMatchObject({ r: { status: "cancelled" }, p: { status: "failed" } });
    const stillOpen = await row(open.id);
    expect(stillOpen).toMatchObject({ r: { status: "held" }, p: { status: "requires_action" } });
    // Looked at just now: not asked about again until it has been quiet for a while.
    expect(Date.now() - stillOpen.p!.updatedAt.getTime()).toBeLessThan(60_000);
  });

  it("changes nothing while Stripe cannot be reached, and flags a checkout Stripe does not know", async () => {
    const { id } = await holdAndAsk((await depositRestaurant()).r.id);
    stripe.complete(sessionOf(id).id as string);
    await quiet(id);
    stripeEnv(`http://127.0.0.1:${await closedPort()}`);
    try {
      expect((await reconcilePayments(t.db)).checked).toBe(0);
    } finally {
      stripeEnv(stripe.url);
    }
    expect((await row(id)).r.status).toBe("held");

    const lost = await holdAndAsk((await depositRestaurant()).r.id);
    stripe.sessions.delete(sessionOf(lost.id).id as string);
    await quiet(lost.id);
    const summary = await reconcilePayments(t.db);
    expect(summary.flagged).toBeGreaterThanOrEqual(1);
    expect(await row(lost.id)).toMatchObject({ r: { status: "held" }, p: { status: "requires_action" } });
    expect((await row(id)).r.status).toBe("confirmed");
  });
});

describe("cancels, no-shows and refunds", () => {
  async function staffOf(restaurantId: string, role: "owner" | "host" = "owner") {
    const u = await insertUser(t.db);
    await insertMember(t.db, restaurantId, u.id, role);
    return { user: u, token: await tokenFor(u) };
  }

  async function paidBooking(values: Parameters<typeof insertRestaurant>[1]) {
    const r = await insertRestaurant(t.db, { timezone: TZ, ...values });
    await insertTable(t.db, r.id, { maxSeats: 2 });
    await insertSession(t.db, r.id);
    const { id, headers, asked } = await holdAndAsk(r.id);
    expect(asked.status).toBe(402);
    expect((await pay(id)).json.outcome).toBe("confirmed");
    return { r, id, headers };
  }

  it("a diner's cancel before the cut-off refunds the deposit in full, once", async () => {
    const { id, headers } = await paidBooking({ depositCents: 2500, cancellationCutoffMinutes: 60 });
    const res = await call(cancelRoute, { method: "POST", params: { id }, headers });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "cancelled", payment: { status: "refunded", amount_cents: 5000, refunded_cents: 5000 } });
    const again = await call(cancelRoute, { method: "POST", params: { id }, headers });
    expect(again.json.payment.refunded_cents).toBe(5000);
    const { p } = await row(id);
    expect(stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId)).toHaveLength(1);
  });

  it("a refund Stripe cannot take now stays decided and is sent by the sweeper later, once", async () => {
    const { id, headers } = await paidBooking({ depositCents: 1200, cancellationCutoffMinutes: 60 });
    stripeEnv(`http://127.0.0.1:${await closedPort()}`);
    try {
      const res = await call(cancelRoute, { method: "POST", params: { id }, headers });
      expect(res.json).toMatchObject({ status: "cancelled", payment: { status: "paid", refunded_cents: 0 } });
    } finally {
      stripeEnv(stripe.url);
    }
    const { p } = await row(id);
    expect(await t.db.select().from(paymentRefunds).where(and(eq(paymentRefunds.paymentId, p!.id), eq(paymentRefunds.status, "pending")))).toHaveLength(1);
    await settlePendingPayments(t.db);
    await settlePendingPayments(t.db);
    expect((await row(id)).p).toMatchObject({ status: "refunded", refundedCents: 2400 });
    expect(stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId)).toHaveLength(1);
  });

  it("a diner's cancel after the cut-off keeps the deposit", async () => {
    // A cut-off longer than the time to the booking: every cancel is late.
    const { id, headers } = await paidBooking({ depositCents: 2500, cancellationCutoffMinutes: 43_200 });
    const res = await call(cancelRoute, { method: "POST", params: { id }, headers });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "cancelled", payment: { status: "forfeited", refunded_cents: 0 } });
    const { p } = await row(id);
    expect(stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId)).toHaveLength(0);
  });

  it("the restaurant's own cancel refunds the deposit even after the cut-off", async () => {
    const { r, id } = await paidBooking({ depositCents: 1000, cancellationCutoffMinutes: 43_200 });
    const staff = await staffOf(r.id);
    const res = await call(cancelRoute, { method: "POST", params: { id }, token: staff.token });
    expect(res.json).toMatchObject({ status: "cancelled", payment: { status: "refunded", refunded_cents: 2000 } });
  });

  /** The booking's evening has come (a no-show is marked during or after its own service, never before). */
  async function itsEvening(id: string) {
    await t.db.execute(sql`
      update reservations set service_date = (now() at time zone restaurants.timezone)::date
      from restaurants where restaurants.id = reservations.restaurant_id and reservations.id = ${id}`);
  }

  it("a no-show charges the saved card the fee once, even when marked twice or raced", async () => {
    const { r, id } = await paidBooking({ currency: "GBP", noShowFeeCents: 1500 });
    const staff = await staffOf(r.id, "host");
    await itsEvening(id);
    const marks = await Promise.all(
      Array.from({ length: 4 }, () => call(patchRoute, { method: "PATCH", params: { id }, token: staff.token, body: { status: "no_show" } })),
    );
    expect(marks.filter((m) => m.status === 200).length).toBeGreaterThanOrEqual(1);
    const again = await call(patchRoute, { method: "PATCH", params: { id }, token: staff.token, body: { status: "no_show" } });
    expect(again.status).toBe(200);
    const { r: res, p } = await row(id);
    expect(res.status).toBe("no_show");
    expect(p).toMatchObject({ status: "charged", capturedCents: 3000 });
    const charges = stripe.effects(/^\/v1\/payment_intents$/).filter((x) => (x.params.metadata as Record<string, string>).payment_id === p!.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ idempotencyKey: `tablekeep:payment:${p!.id}:no_show_fee`, params: { amount: "3000", currency: "gbp", off_session: "true", confirm: "true", customer: p!.customerId, payment_method: p!.paymentMethodId } });
  });

  it("a declined no-show fee is shown as failed with Stripe's message and not retried", async () => {
    const { r, id } = await paidBooking({ noShowFeeCents: 1000 });
    const staff = await staffOf(r.id);
    await itsEvening(id);
    stripe.declineNextCharge();
    const res = await call(patchRoute, { method: "PATCH", params: { id }, token: staff.token, body: { status: "no_show" } });
    expect(res.json).toMatchObject({ status: "no_show", payment: { status: "failed" } });
    expect((await row(id)).p!.failureMessage).toMatch(/insufficient funds/);
  });

  it("a no-show keeps the deposit; the owner may still refund part of it, never more than was paid", async () => {
    const { r, id } = await paidBooking({ depositCents: 2000 });
    const owner = await staffOf(r.id, "owner");
    const host = await staffOf(r.id, "host");
    await itsEvening(id);
    const marked = await call(patchRoute, { method: "PATCH", params: { id }, token: owner.token, body: { status: "no_show" } });
    expect(marked.json.payment).toMatchObject({ status: "forfeited", refunded_cents: 0 });
    const asOwner = { principal: { userId: owner.user.id, email: owner.user.email, name: owner.user.name } };
    await expect(refundReservationPayment(t.db, { reservationId: id, access: { principal: { userId: host.user.id, email: host.user.email, name: null } }, amountCents: 100 })).rejects.toMatchObject({ code: "forbidden" });
    const part = await refundReservationPayment(t.db, { reservationId: id, access: asOwner, amountCents: 1500 });
    expect(part.payment).toMatchObject({ status: "partially_refunded", refundedCents: 1500 });
    const tooMuch = await refundReservationPayment(t.db, { reservationId: id, access: asOwner, amountCents: 2501 }).catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(DomainError);
    expect((tooMuch as DomainError).code).toBe("invalid_input");
    const rest = await refundReservationPayment(t.db, { reservationId: id, access: asOwner });
    expect(rest.payment).toMatchObject({ status: "refunded", refundedCents: 4000 });
    await expect(refundReservationPayment(t.db, { reservationId: id, access: asOwner })).rejects.toMatchObject({ code: "invalid_transition" });
  });
  it("undoing a no-show holds a kept deposit again, and waits for a charged fee to be refunded first", async () => {
    const deposit = await paidBooking({ depositCents: 2000 });
    const owner = await staffOf(deposit.r.id, "owner");
    const asOwner = { userId: owner.user.id, email: owner.user.email, name: owner.user.name };
    await itsEvening(deposit.id);
    await call(patchRoute, { method: "PATCH", params: { id: deposit.id }, token: owner.token, body: { status: "no_show" } });
    expect((await row(deposit.id)).p!.status).toBe("forfeited");
    await undoReservationStatus(t.db, { restaurantId: deposit.r.id, reservationId: deposit.id, principal: asOwner, from: "no_show" });
    expect(await row(deposit.id)).toMatchObject({ r: { status: "confirmed" }, p: { status: "paid", refundedCents: 0 } });
    // A stale second undo changes nothing, the money included.
    await expect(undoReservationStatus(t.db, { restaurantId: deposit.r.id, reservationId: deposit.id, principal: asOwner, from: "no_show" })).rejects.toMatchObject({ code: "invalid_transition" });
    expect((await row(deposit.id)).p!.status).toBe("paid");

    const card = await paidBooking({ currency: "GBP", noShowFeeCents: 1500 });
    const cardOwner = await staffOf(card.r.id, "owner");
    const asCardOwner = { userId: cardOwner.user.id, email: cardOwner.user.email, name: cardOwner.user.name };
    await itsEvening(card.id);
    await call(patchRoute, { method: "PATCH", params: { id: card.id }, token: cardOwner.token, body: { status: "no_show" } });
    expect((await row(card.id)).p!.status).toBe("charged");
    await expect(undoReservationStatus(t.db, { restaurantId: card.r.id, reservationId: card.id, principal: asCardOwner, from: "no_show" })).rejects.toMatchObject({ code: "conflict" });
    expect(await row(card.id)).toMatchObject({ r: { status: "no_show" }, p: { status: "charged" } });
    await refundReservationPayment(t.db, { reservationId: card.id, access: { principal: asCardOwner } });
    await undoReservationStatus(t.db, { restaurantId: card.r.id, reservationId: card.id, principal: asCardOwner, from: "no_show" });
    expect(await row(card.id)).toMatchObject({ r: { status: "confirmed" }, p: { status: "refunded" } });
  });

  it("the book's refund is exactly once: the same request twice (even at once) refunds once; a stale screen is refused", async () => {
    const { r, id } = await paidBooking({ depositCents: 2000 });
    const owner = await staffOf(r.id, "owner");
    const manager = await staffOf(r.id, "owner");
    const asOwner = { principal: { userId: owner.user.id, email: owner.user.email, name: owner.user.name } };
    const asOther = { principal: { userId: manager.user.id, email: manager.user.email, name: manager.user.name } };
    const request = { reservationId: id, restaurantId: r.id, access: asOwner, amountCents: 1000, refundsSeen: 0 };
    const both = await Promise.all([refundReservationPayment(t.db, request), refundReservationPayment(t.db, request)]);
    for (const v of both) expect(v.payment).toMatchObject({ status: "partially_refunded", refundedCents: 1000 });
    const again = await refundReservationPayment(t.db, request);
    expect(again.payment.refundedCents).toBe(1000);
    const { p } = await row(id);
    expect(await t.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p!.id))).toHaveLength(1);
    const sent = stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.amount).toBe("1000");

    // Someone who still sees no refunds may not refund on top of the one made meanwhile.
    await expect(refundReservationPayment(t.db, { ...request, access: asOther, amountCents: 500 })).rejects.toMatchObject({ code: "conflict" });
    // Another workspace's restaurant id does not reach this booking.
    const elsewhere = await insertRestaurant(t.db, { timezone: TZ });
    await expect(refundReservationPayment(t.db, { ...request, restaurantId: elsewhere.id, refundsSeen: 1 })).rejects.toMatchObject({ code: "not_found" });
    const rest = await refundReservationPayment(t.db, { ...request, access: asOther, amountCents: 3000, refundsSeen: 1 });
    expect(rest.payment).toMatchObject({ status: "refunded", refundedCents: 4000 });
  });

  it("a diner's cancel in time after the owner refunded part of the deposit gives back the rest, once", async () => {
    const { r, id, headers } = await paidBooking({ depositCents: 2000, cancellationCutoffMinutes: 60 });
    const owner = await staffOf(r.id, "owner");
    const asOwner = { principal: { userId: owner.user.id, email: owner.user.email, name: owner.user.name } };
    await refundReservationPayment(t.db, { reservationId: id, access: asOwner, amountCents: 1500, refundsSeen: 0 });
    const res = await call(cancelRoute, { method: "POST", params: { id }, headers });
    expect(res.json).toMatchObject({ status: "cancelled", payment: { status: "refunded", refunded_cents: 4000 } });
    const { p } = await row(id);
    const sent = stripe.effects(/^\/v1\/refunds$/).filter((x) => x.params.payment_intent === p!.paymentIntentId);
    expect(sent.map((x) => x.params.amount)).toEqual(["1500", "2500"]);
  });

  it("the day book carries each booking's payment, its refunds and what is left, and lets only owners and managers refund", async () => {
    const { r, id } = await paidBooking({ depositCents: 2000 });
    const owner = await staffOf(r.id, "owner");
    const host = await staffOf(r.id, "host");
    const asOwner = { principal: { userId: owner.user.id, email: owner.user.email, name: owner.user.name } };
    await refundReservationPayment(t.db, { reservationId: id, access: asOwner, amountCents: 500, refundsSeen: 0 });
    const book = await getDayBook(t.db, { restaurantId: r.id, principal: asOwner.principal, date: day.toISODate() });
    expect(book.mayRefund).toBe(true);
    const entry = book.reservations.find((x) => x.id === id)!;
    expect(entry.payment).toMatchObject({
      kind: "deposit",
      status: "partially_refunded",
      currency: "EUR",
      capturedCents: 4000,
      refundedCents: 500,
      refundableCents: 3500,
      refunds: [{ amountCents: 500, status: "succeeded", reason: "owner_refund" }],
    });
    const hostBook = await getDayBook(t.db, { restaurantId: r.id, principal: { userId: host.user.id, email: host.user.email, name: null }, date: day.toISODate() });
    expect(hostBook.mayRefund).toBe(false);
  });
});

describe("a session's own policy", () => {
  it("a session that sets its own deposit and card is what its bookings are asked for, in words and at confirm; others follow the restaurant", async () => {
    const r = await insertRestaurant(t.db, { timezone: TZ, currency: "EUR", depositCents: 2000, depositMinPartySize: 0 });
    await insertTable(t.db, r.id, { label: "S1", minSeats: 1, maxSeats: 2 });
    await insertTable(t.db, r.id, { label: "S2", minSeats: 1, maxSeats: 2 });
    const lunch = await insertSession(t.db, r.id, { name: "Lunch", firstSeating: "12:00", lastSeating: "13:00" });
    await insertSession(t.db, r.id, { name: "Dinner", firstSeating: "19:00", lastSeating: "21:00" });
    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const asOwner = { userId: owner.id, email: owner.email, name: owner.name };

    // Lunch: no deposit, a card for a 15.00 no-show fee per person instead.
    const saved = await updateSession(t.db, asOwner, r.id, lunch.id, { depositCents: 0, noShowFeeCents: 1500 });
    expect(saved).toMatchObject({ depositCents: 0, noShowFeeCents: 1500, depositMinPartySize: null });
    expect(await listSessionMoneyPolicies(t.db, r.id)).toEqual([expect.objectContaining({ name: "Lunch", depositCents: 0, noShowFeeCents: 1500 })]);

    const atLunch = await holdAndAsk(r.id, "12:30");
    expect(atLunch.asked.status).toBe(402);
    expect(atLunch.asked.json.error.details.payment).toMatchObject({ kind: "card_guarantee", amount_cents: 3000, currency: "EUR" });
    const lunchPolicy = await getBookingPaymentPolicy(t.db, { reservationId: atLunch.id, access: { principal: null, manageToken: atLunch.headers["x-manage-token"] } });
    expect(lunchPolicy).toMatchObject({ depositCents: 0, noShowFeeCents: 1500 });
    expect(policySentence(lunchPolicy, 2)).toMatch(/^A card is saved when you book but nothing is charged; a fee of €15 per person \(€30 for your party of 2\)/);

    const atDinner = await holdAndAsk(r.id, "19:00");
    expect(atDinner.asked.status).toBe(402);
    expect(atDinner.asked.json.error.details.payment).toMatchObject({ kind: "deposit", amount_cents: 4000 });
    const dinnerPolicy = await getBookingPaymentPolicy(t.db, { reservationId: atDinner.id, access: { principal: null, manageToken: atDinner.headers["x-manage-token"] } });
    expect(policySentence(dinnerPolicy, 2)).toMatch(/^A deposit of €20 per person/);

    // Cleared (null), the session follows the restaurant again.
    await updateSession(t.db, asOwner, r.id, lunch.id, { depositCents: null, noShowFeeCents: null });
    expect(await listSessionMoneyPolicies(t.db, r.id)).toEqual([]);
    const again = await holdAndAsk(r.id, "13:00");
    expect(again.asked.json.error.details.payment).toMatchObject({ kind: "deposit", amount_cents: 4000 });
  });

  it("refuses a negative or fractional amount for a session with a clear 400, and changes nothing", async () => {
    const r = await insertRestaurant(t.db, { timezone: TZ, currency: "EUR" });
    const s = await insertSession(t.db, r.id);
    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const asOwner = { userId: owner.id, email: owner.email, name: owner.name };
    await expect(updateSession(t.db, asOwner, r.id, s.id, { depositCents: -1 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(updateSession(t.db, asOwner, r.id, s.id, { noShowFeeCents: 12.5 })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await listSessionMoneyPolicies(t.db, r.id)).toEqual([]);
  });
});
