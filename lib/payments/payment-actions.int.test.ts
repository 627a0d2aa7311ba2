import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { paymentRefunds, payments, restaurants } from "@/db/schema";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { standInSession as session } from "@/lib/testing/next-request";
import { insertReservation, insertRestaurantWith, insertTable } from "@/lib/testing/fixtures";
// Tests call the owner actions exactly as the workspace forms do; services never import app/.
// eslint-disable-next-line no-restricted-imports
import { refundPaymentAction, updateMoneyPolicyAction } from "@/app/manage/payment-actions";

/**
 * The owner's payment actions as the workspace calls them: the caller comes from the session (stood
 * in for here), never from the input; bad input changes nothing.
 */
vi.mock("next/headers", () => import("@/lib/testing/next-request"));
vi.mock("next/cache", () => import("@/lib/testing/next-request"));
vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));

let t: TestDb;
const as = (u: { id: string; email: string; name: string | null }) => {
  session.principal = { userId: u.id, email: u.email, name: u.name };
};

beforeAll(async () => {
  t = await openTestApp({ env: { STRIPE_SECRET_KEY: undefined } });
});
afterAll(() => closeTestApp(t));

async function restaurantWithStaff() {
  const { restaurant: r, staff } = await insertRestaurantWith(t.db, { restaurant: { currency: "EUR" }, staff: { owner: {}, host: {} } });
  return { r, owner: staff.owner!, host: staff.host! };
}

describe("refundPaymentAction", () => {
  it("refunds part of a paid deposit once for the owner, however often the same request is sent; a host cannot", async () => {
    const { r, owner, host } = await restaurantWithStaff();
    const table = await insertTable(t.db, r.id);
    const starts = new Date(Date.now() + 3 * 86_400_000);
    const res = await insertReservation(t.db, { restaurantId: r.id, tableId: table.id, startsAt: starts, endsAt: new Date(starts.getTime() + 90 * 60_000) });
    const [p] = await t.db
      .insert(payments)
      .values({ reservationId: res.id, restaurantId: r.id, kind: "deposit", status: "paid", amountCents: 4000, currency: "EUR", capturedCents: 4000, paymentIntentId: "pi_test" })
      .returning();
    const input = { restaurantId: r.id, reservationId: res.id, amountCents: 1500, refundsSeen: 0 };

    as(host);
    expect(await refundPaymentAction(input)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    session.principal = null;
    expect(await refundPaymentAction(input)).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    as(owner);
    expect(await refundPaymentAction({ ...input, amountCents: 0 })).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { amountCents: expect.any(Array) } } });
    expect(await refundPaymentAction({ ...input, amountCents: 4001 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });

    const [a, b] = await Promise.all([refundPaymentAction(input), refundPaymentAction(input)]);
    expect(a).toEqual({ ok: true, data: { status: "partially_refunded", refundedCents: 1500 } });
    expect(b).toEqual(a);
    expect(await t.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p!.id))).toHaveLength(1);
  });
});

describe("updateMoneyPolicyAction", () => {
  it("saves amounts typed per person and the cut-off in hours as the policy's minor units and minutes", async () => {
    const { r, owner } = await restaurantWithStaff();
    as(owner);
    const saved = await updateMoneyPolicyAction({
      restaurant_id: r.id,
      currency: "gbp",
      deposit: "12.50",
      deposit_min_party_size: 6,
      no_show_fee: "10",
      cancellation_cutoff_hours: 1.5,
    });
    expect(saved).toEqual({ ok: true, data: { saved: true } });
    const [row] = await t.db.select().from(restaurants).where(eq(restaurants.id, r.id));
    expect(row).toMatchObject({ currency: "GBP", depositCents: 1250, depositMinPartySize: 6, noShowFeeCents: 1000, cancellationCutoffMinutes: 90 });
  });

  it("refuses what is not an amount, an unknown currency or a negative cut-off, field by field, and changes nothing; a host cannot save", async () => {
    const { r, owner, host } = await restaurantWithStaff();
    const base = { restaurant_id: r.id, currency: "EUR", deposit: "", deposit_min_party_size: 0, no_show_fee: "", cancellation_cutoff_hours: 24 };
    as(owner);
    const bad = await updateMoneyPolicyAction({ ...base, currency: "XQQ", deposit: "twenty", no_show_fee: "5.555", cancellation_cutoff_hours: -1 });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.error.fields ?? {}).sort()).toEqual(["cancellation_cutoff_hours", "currency"]);
    const amounts = await updateMoneyPolicyAction({ ...base, deposit: "twenty", no_show_fee: "5.555" });
    expect(amounts.ok).toBe(false);
    if (amounts.ok) return;
    expect(Object.keys(amounts.error.fields ?? {}).sort()).toEqual(["deposit", "no_show_fee"]);
    as(host);
    expect(await updateMoneyPolicyAction({ ...base, deposit: "20" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const [row] = await t.db.select().from(restaurants).where(eq(restaurants.id, r.id));
    expect(row).toMatchObject({ currency: "EUR", depositCents: 0, noShowFeeCents: 0 });
  });
});
