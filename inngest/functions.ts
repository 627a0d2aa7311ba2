import { cron, type Inngest } from "inngest";
import { getDb, type Db } from "@/db/client";
import { expireHold } from "@/lib/jobs/holds";
import { getReminderPlan } from "@/lib/jobs/reminders";
import { dispatchDueStep, expireHoldsStep, paymentsStep, reconcileStep, seatCountersStep, waitlistStep } from "@/lib/jobs/sweeper";
import { offerAfterRelease } from "@/lib/waitlist/waitlist";
import { dispatchNotification, type DispatchDeps } from "@/lib/notifications/dispatch";
import { inngest as defaultClient } from "./client";
import { notificationCreated, reservationCancelled, reservationConfirmed, reservationExpired, reservationHeld } from "./events";

/**
 * The functions only order steps and sleeps; every step is a lib/ service, so the logic is tested
 * without Inngest and the functions are tested with @inngest/test.
 */
export interface FunctionDeps {
  /** A getter, so importing this module (the route does) never opens a pool. */
  db: () => Db;
  dispatch?: DispatchDeps;
}

/**
 * Inngest's clock and the database's may differ by a little; waking just after the expiry lets the
 * guarded UPDATE (decided by the database clock) see the hold as lapsed. The sweeper catches any
 * hold this still misses.
 */
export const HOLD_EXPIRY_GRACE_MS = 2_000;

export function holdExpiryWakeTime(holdExpiresAt: string): Date {
  return new Date(Date.parse(holdExpiresAt) + HOLD_EXPIRY_GRACE_MS);
}

export function createFunctions(client: Inngest, deps: FunctionDeps) {
  const holdExpiry = client.createFunction(
    {
      id: "hold-expiry",
      name: "Expire a hold",
      triggers: [reservationHeld],
      // Confirming or cancelling the reservation ends the wait: there is nothing left to expire.
      cancelOn: [
        { event: reservationConfirmed, match: "data.id" },
        { event: reservationCancelled, match: "data.id" },
      ],
    },
    async ({ event, step }) => {
      await step.sleepUntil("wait-for-hold-expiry", holdExpiryWakeTime(event.data.hold_expires_at));
      return step.run("expire-hold", () => expireHold(deps.db(), event.data.id));
    },
  );

  const sendNotification = client.createFunction(
    { id: "send-notification", name: "Send an outbox message", triggers: [notificationCreated] },
    async ({ event, step }) => {
      // A row not yet due (a reminder) is not claimed here: the reminder function or the sweeper sends it.
      return step.run("dispatch-notification", () => dispatchNotification(deps.db(), event.data.id, deps.dispatch));
    },
  );

  const reminder = client.createFunction(
    {
      id: "reservation-reminder",
      name: "Remind the diner",
      triggers: [reservationConfirmed],
      cancelOn: [{ event: reservationCancelled, match: "data.id" }],
    },
    async ({ event, step }) => {
      const plan = await step.run("plan-reminder", () => getReminderPlan(deps.db(), event.data.id));
      if (!plan) return { outcome: "no_reminder" as const };
      if (plan.reservationStatus !== "confirmed") return { outcome: "not_confirmed" as const, status: plan.reservationStatus };
      await step.sleepUntil("wait-for-reminder-time", new Date(plan.sendAt));
      // The dispatcher re-checks the reservation: seated, cancelled or no longer upcoming means no email.
      return step.run("send-reminder", () => dispatchNotification(deps.db(), plan.notificationId, deps.dispatch));
    },
  );

  const sweeper = client.createFunction(
    {
      id: "sweeper",
      name: "Expire stale holds and send due messages",
      triggers: [cron("* * * * *")],
      // Overlapping sweeps would be safe (claims and SKIP LOCKED), just wasteful.
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const expiredHolds = await step.run("expire-stale-holds", () => expireHoldsStep(deps.db()));
      const waitlistOffers = await step.run("offer-waitlist", () => waitlistStep(deps.db()));
      const dispatched = await step.run("dispatch-due-notifications", () => dispatchDueStep(deps.db(), {}, deps.dispatch));
      const payments = await step.run("settle-pending-payments", () => paymentsStep(deps.db()));
      return { expiredHolds, waitlistOffers, ...dispatched, payments };
    },
  );

  const waitlistOffer = client.createFunction(
    {
      id: "waitlist-offer",
      name: "Offer a freed table to the waitlist",
      triggers: [reservationCancelled, reservationExpired],
      // One pass per restaurant at a time: passes would be safe together (entries are claimed, holds
      // go through the hold path), just wasteful.
      concurrency: { limit: 1, key: "event.data.restaurant_id" },
    },
    async ({ event, step }) => step.run("offer-freed-seatings", () => offerAfterRelease(deps.db(), event.data.id)),
  );

  const reconcilePayments = client.createFunction(
    {
      id: "reconcile-payments",
      name: "Reconcile waiting checkouts with Stripe",
      // Each run only asks about checkouts quiet for a couple of minutes; the webhook is the fast path.
      triggers: [cron("*/5 * * * *")],
      concurrency: { limit: 1 },
    },
    async ({ step }) => step.run("reconcile-checkouts", () => reconcileStep(deps.db())),
  );


  const seatCounters = client.createFunction(
    {
      id: "seat-counters",
      name: "Rebuild experiences' seats-left counters from Postgres",
      triggers: [cron("* * * * *")],
      concurrency: { limit: 1 },
    },
    async ({ step }) => step.run("reconcile-seat-counters", () => seatCountersStep(deps.db())),
  );

  return { holdExpiry, sendNotification, reminder, sweeper, waitlistOffer, reconcilePayments, seatCounters };
}

export const jobs = createFunctions(defaultClient, { db: getDb });

export const functions = [jobs.holdExpiry, jobs.sendNotification, jobs.reminder, jobs.sweeper, jobs.waitlistOffer, jobs.reconcilePayments, jobs.seatCounters];
