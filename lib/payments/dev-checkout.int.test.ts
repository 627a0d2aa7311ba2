import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { eq } from "drizzle-orm";
import { payments, reservations } from "@/db/schema";
import { confirmHandler as confirmRoute, holdHandler as holdRoute } from "@/lib/api/routes/reservations";
import { call } from "@/lib/api/testing";
import { setProcessEnv } from "@/lib/env";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { devCheckoutEnabled, loadDevCheckout, settleDevCheckout } from "./dev-checkout";

let t: TestDb;
const TZ = "Europe/London";
const startsAt = DateTime.now().setZone(TZ).plus({ days: 5 }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;

beforeAll(async () => {
  t = await openTestApp({ env: { STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined, APP_URL: "http://localhost:3000" } });
});
afterAll(async () => {
  setProcessEnv({ APP_URL: undefined });
  await closeTestApp(t);
});

async function ask(values: Parameters<typeof insertRestaurant>[1]) {
  const r = await insertRestaurant(t.db, { timezone: TZ, ...values });
  await insertTable(t.db, r.id, { maxSeats: 4 });
  await insertSession(t.db, r.id);
  const held = await call(holdRoute, { method: "POST", body: { restaurant_id: r.id, starts_at: startsAt, party_size: 2 } });
  const id = held.json.id as string;
  const asked = await call(confirmRoute, { params: { id }, body: { name: "Dev Diner", email: "dev@example.test" }, headers: { "x-manage-token": held.json.manage_token } });
  const [p] = await t.db.select().from(payments).where(eq(payments.reservationId, id));
  return { id, asked, payment: p! };
}

const statusOf = async (id: string) => (await t.db.select().from(reservations).where(eq(reservations.id, id)))[0]!.status;

describe("development checkout (no Stripe key)", () => {
  it("points the 402 at the page, and Pay confirms through the webhook's path, once", async () => {
    expect(devCheckoutEnabled()).toBe(true);
    const { id, asked, payment } = await ask({ depositCents: 1500 });
    expect(asked.status).toBe(402);
    expect(asked.json.payment).toMatchObject({ kind: "deposit", amount_cents: 3000, currency: "EUR", checkout_url: `http://localhost:3000/dev/checkout/${payment.id}` });
    expect((await loadDevCheckout(t.db, payment.id)).payment.status).toBe("requires_action");
    expect(await settleDevCheckout(t.db, payment.id, "pay")).toMatchObject({ outcome: "confirmed" });
    expect(await statusOf(id)).toBe("confirmed");
    await expect(settleDevCheckout(t.db, payment.id, "pay")).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("saves a card for a no-show fee, and Decline releases the hold", async () => {
    const saved = await ask({ noShowFeeCents: 2500 });
    expect(await settleDevCheckout(t.db, saved.payment.id, "pay")).toMatchObject({ outcome: "confirmed" });
    const [p] = await t.db.select().from(payments).where(eq(payments.id, saved.payment.id));
    expect(p).toMatchObject({ status: "card_saved", paymentMethodId: `pm_dev_${saved.payment.id}`, capturedCents: 0 });

    const declined = await ask({ depositCents: 1000 });
    expect(await settleDevCheckout(t.db, declined.payment.id, "decline")).toMatchObject({ outcome: "released" });
    expect(await statusOf(declined.id)).toBe("cancelled");
  });

  it("does not exist in production, even with the dev-tools flag", async () => {
    const { payment } = await ask({ depositCents: 1000 });
    setProcessEnv({ NODE_ENV: "production", TABLEKEEP_DEV_TOOLS: "1" });
    try {
      expect(devCheckoutEnabled()).toBe(false);
      await expect(settleDevCheckout(t.db, payment.id, "pay")).rejects.toMatchObject({ code: "not_found" });
    } finally {
      setProcessEnv({ NODE_ENV: "test", TABLEKEEP_DEV_TOOLS: undefined });
    }
    // With a real key configured the stand-in is off too.
    setProcessEnv({ STRIPE_SECRET_KEY: "sk_test_x" });
    try {
      expect(devCheckoutEnabled()).toBe(false);
    } finally {
      setProcessEnv({ STRIPE_SECRET_KEY: undefined });
    }
  });
});
