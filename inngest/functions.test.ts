import { describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { createInngestClient } from "./client";
import { createFunctions, HOLD_EXPIRY_GRACE_MS } from "./functions";

/**
 * Each function's wiring with every step mocked by id: the order of steps, the instant each sleep
 * targets, the cancellation config, and what is (not) sent. The steps' logic is lib/ services with
 * their own integration tests (and inngest/functions.int.test.ts runs these functions against a real
 * database); here a step that reached the database would be a bug, so the getter throws.
 */
const client = createInngestClient({ isDev: true });
const fns = createFunctions(client, {
  db: () => {
    throw new Error("a step that should have been mocked reached the database");
  },
});

const RES_ID = "5b0e7c2e-7a4f-4d61-9a59-0f3f3c1c2a11";
const REST_ID = "0c6f2b9e-3d1a-4c7e-8f2b-6a5d4e3c2b10";
const NOTE_ID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

/** Orders calls across the step spies: [step id, tool] in the order the handler made them. */
function stepOrder(ctx: { step: Record<string, unknown> }): string[] {
  const calls: { order: number; label: string }[] = [];
  for (const tool of ["run", "sleep", "sleepUntil", "waitForEvent", "sendEvent", "invoke"]) {
    const spy = ctx.step[tool] as { mock?: { calls: unknown[][]; invocationCallOrder: number[] } } | undefined;
    spy?.mock?.calls.forEach((args, i) => calls.push({ order: spy.mock!.invocationCallOrder[i]!, label: `${tool}:${String(args[0])}` }));
  }
  return calls.sort((a, b) => a.order - b.order).map((c) => c.label);
}

describe("hold-expiry", () => {
  const expiresAt = "2030-06-01T18:10:00.000Z";
  const event = { name: "reservation/held", data: { id: RES_ID, restaurant_id: REST_ID, hold_expires_at: expiresAt } };

  it("sleeps until just after the hold's expiry, then runs the guarded expiry step", async () => {
    const t = new InngestTestEngine({
      function: fns.holdExpiry,
      events: [event],
      steps: [
        { id: "wait-for-hold-expiry", handler: () => undefined },
        { id: "expire-hold", handler: () => ({ expired: true, status: "expired" }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["sleepUntil:wait-for-hold-expiry", "run:expire-hold"]);
    const target = ctx.step.sleepUntil.mock.calls[0]![1] as Date;
    // Two seconds after the expiry (HOLD_EXPIRY_GRACE_MS), so the database clock agrees it has lapsed.
    expect(HOLD_EXPIRY_GRACE_MS).toBe(2_000);
    expect(target.toISOString()).toBe("2030-06-01T18:10:02.000Z");
    expect(result).toEqual({ expired: true, status: "expired" });
  });

  it("is cancelled by the same reservation's confirmation or cancellation", () => {
    const cancelOn = fns.holdExpiry.opts.cancelOn ?? [];
    const wiring = cancelOn.map((c) => ({ event: typeof c.event === "string" ? c.event : c.event.name, match: c.match }));
    expect(wiring).toEqual([
      { event: "reservation/confirmed", match: "data.id" },
      { event: "reservation/cancelled", match: "data.id" },
    ]);
  });

  it("does not expire before the sleep has finished", async () => {
    const t = new InngestTestEngine({ function: fns.holdExpiry, events: [event] });
    // Run only until the sleep is reached: the expiry step has not been called yet.
    const { ctx } = await t.executeStep("wait-for-hold-expiry");
    expect(ctx.step.sleepUntil).toHaveBeenCalledTimes(1);
    expect(ctx.step.run).not.toHaveBeenCalled();
  });
});

describe("send-notification", () => {
  it("dispatches the outbox row named by the event", async () => {
    let dispatched = 0;
    const t = new InngestTestEngine({
      function: fns.sendNotification,
      events: [{ name: "notification/created", data: { id: NOTE_ID, reservation_id: RES_ID }, id: NOTE_ID }],
      steps: [
        {
          id: "dispatch-notification",
          handler: () => {
            dispatched++;
            return { outcome: "sent", notificationId: NOTE_ID, providerId: "p1" };
          },
        },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["run:dispatch-notification"]);
    expect(dispatched).toBe(1);
    expect(result).toEqual({ outcome: "sent", notificationId: NOTE_ID, providerId: "p1" });
  });

  it("rejects an event whose data does not match its schema", async () => {
    const t = new InngestTestEngine({
      function: fns.sendNotification,
      events: [{ name: "notification/created", data: { id: "not-a-uuid", reservation_id: RES_ID } }],
      steps: [{ id: "dispatch-notification", handler: () => ({ outcome: "sent" }) }],
    });
    const { error } = await t.execute();
    expect(String((error as Error | undefined)?.message)).toMatch(/uuid|invalid/i);
  });
});

describe("reservation-reminder", () => {
  const startsAt = "2030-06-02T18:00:00.000Z";
  const event = { name: "reservation/confirmed", data: { id: RES_ID, restaurant_id: REST_ID, starts_at: startsAt } };
  const reminderAt = "2030-06-01T18:00:00.000Z";

  it("plans, sleeps until the reminder row's time, then sends", async () => {
    let sent = 0;
    const t = new InngestTestEngine({
      function: fns.reminder,
      events: [event],
      steps: [
        { id: "plan-reminder", handler: () => ({ notificationId: NOTE_ID, sendAt: reminderAt, reservationStatus: "confirmed" }) },
        { id: "wait-for-reminder-time", handler: () => undefined },
        {
          id: "send-reminder",
          handler: () => {
            sent++;
            return { outcome: "sent", notificationId: NOTE_ID, providerId: "p2" };
          },
        },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["run:plan-reminder", "sleepUntil:wait-for-reminder-time", "run:send-reminder"]);
    expect((ctx.step.sleepUntil.mock.calls[0]![1] as Date).toISOString()).toBe(reminderAt);
    expect(sent).toBe(1);
    expect(result).toMatchObject({ outcome: "sent", notificationId: NOTE_ID });
  });

  it("neither sleeps nor sends when the reservation is no longer confirmed", async () => {
    let sent = 0;
    const t = new InngestTestEngine({
      function: fns.reminder,
      events: [event],
      steps: [
        { id: "plan-reminder", handler: () => ({ notificationId: NOTE_ID, sendAt: reminderAt, reservationStatus: "cancelled" }) },
        { id: "wait-for-reminder-time", handler: () => undefined },
        {
          id: "send-reminder",
          handler: () => {
            sent++;
            return { outcome: "sent" };
          },
        },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["run:plan-reminder"]);
    expect(ctx.step.sleepUntil).not.toHaveBeenCalled();
    expect(sent).toBe(0);
    expect(result).toEqual({ outcome: "not_confirmed", status: "cancelled" });
  });

  it("does nothing when the reservation has no reminder (no email given)", async () => {
    const t = new InngestTestEngine({ function: fns.reminder, events: [event], steps: [{ id: "plan-reminder", handler: () => null }] });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["run:plan-reminder"]);
    expect(result).toEqual({ outcome: "no_reminder" });
  });

  it("passes the skip from the dispatcher through when the reservation changed during the sleep", async () => {
    const t = new InngestTestEngine({
      function: fns.reminder,
      events: [event],
      steps: [
        { id: "plan-reminder", handler: () => ({ notificationId: NOTE_ID, sendAt: reminderAt, reservationStatus: "confirmed" }) },
        { id: "wait-for-reminder-time", handler: () => undefined },
        { id: "send-reminder", handler: () => ({ outcome: "skipped", notificationId: NOTE_ID, reason: "The reservation is cancelled." }) },
      ],
    });
    const { result } = await t.execute();
    expect(result).toEqual({ outcome: "skipped", notificationId: NOTE_ID, reason: "The reservation is cancelled." });
  });

  it("is cancelled by the same reservation's cancellation", () => {
    const wiring = (fns.reminder.opts.cancelOn ?? []).map((c) => ({
      event: typeof c.event === "string" ? c.event : c.event.name,
      match: c.match,
    }));
    expect(wiring).toEqual([{ event: "reservation/cancelled", match: "data.id" }]);
  });
});

describe("sweeper", () => {
  it("runs every minute, one at a time", () => {
    expect(fns.sweeper.opts.triggers).toEqual([{ cron: "* * * * *" }]);
    expect(fns.sweeper.opts.concurrency).toEqual({ limit: 1 });
  });

  it("expires stale holds, offers freed tables to the waitlist, dispatches due messages, then settles pending payments", async () => {
    const summary = { abandoned: 0, notifications: { claimed: 2, sent: 1, skipped: 0, failed: 1 } };
    const t = new InngestTestEngine({
      function: fns.sweeper,
      steps: [
        { id: "expire-stale-holds", handler: () => 3 },
        { id: "offer-waitlist", handler: () => 1 },
        { id: "dispatch-due-notifications", handler: () => summary },
        { id: "settle-pending-payments", handler: () => 2 },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual([
      "run:expire-stale-holds",
      "run:offer-waitlist",
      "run:dispatch-due-notifications",
      "run:settle-pending-payments",
    ]);
    expect(result).toEqual({ expiredHolds: 3, waitlistOffers: 1, ...summary, payments: 2 });
  });
});

describe("payments reconciliation", () => {
  it("runs every five minutes, one at a time, comparing waiting checkouts with Stripe in one step", async () => {
    expect(fns.reconcilePayments.opts.triggers).toEqual([{ cron: "*/5 * * * *" }]);
    expect(fns.reconcilePayments.opts.concurrency).toEqual({ limit: 1 });
    const summary = { checked: 2, completed: 1, expired: 1, flagged: 0 };
    const t = new InngestTestEngine({ function: fns.reconcilePayments, steps: [{ id: "reconcile-checkouts", handler: () => summary }] });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["run:reconcile-checkouts"]);
    expect(result).toEqual(summary);
  });
});

describe("waitlist offer", () => {
  it("runs on a cancel or an expired hold, one pass per restaurant at a time, and offers that reservation's date", async () => {
    const triggers = (fns.waitlistOffer.opts.triggers as { event: string | { name: string } }[]).map((t) => (typeof t.event === "string" ? t.event : t.event.name));
    expect(triggers).toEqual(["reservation/cancelled", "reservation/expired"]);
    expect(fns.waitlistOffer.opts.concurrency).toEqual({ limit: 1, key: "event.data.restaurant_id" });
    const t = new InngestTestEngine({
      function: fns.waitlistOffer,
      events: [{ name: "reservation/cancelled", data: { id: RES_ID, restaurant_id: REST_ID } }],
      steps: [{ id: "offer-freed-seatings", handler: () => [NOTE_ID] }],
    });
    const { result, ctx } = await t.execute();
    expect(stepOrder(ctx as never)).toEqual(["run:offer-freed-seatings"]);
    expect(result).toEqual([NOTE_ID]);
  });
});
