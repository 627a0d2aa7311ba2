import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { payments, paymentRefunds, reservations, restaurants, stripeEvents, type Payment, type Reservation } from "@/db/schema";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { constraintOf, isDomainError, sqlStateOf } from "@/lib/errors";
import { giveSeatsBack } from "@/lib/experiences/counter";
import { publishEvents, type EventWithId } from "@/lib/jobs/events";
import { enqueueNotifications, reminderTime } from "@/lib/reservations/outbox";
import { waitForTableDay } from "@/lib/reservations/placement";
import { LATE_PAYMENT_REFUND_REASON, sendPendingRefunds } from "./refunds";
import { stripeClient } from "./stripe";

/** The parts of a Stripe event this app reads (the `stripe` package's Event, or the development checkout's). */
export interface StripeEventLike {
  id: string;
  type: string;
  data: { object: unknown };
}

interface SessionLike {
  id: string;
  mode?: string | null;
  payment_status?: string | null;
  amount_total?: number | null;
  payment_intent?: string | { id: string } | null;
  setup_intent?: string | { id: string; payment_method?: string | { id: string } | null } | null;
  customer?: string | { id: string } | null;
  metadata?: Record<string, string> | null;
}

export type EventOutcome =
  | "duplicate"
  | "ignored"
  | "unknown_payment"
  | "awaiting_payment"
  | "confirmed"
  | "already_applied"
  | "refunded_table_lost"
  | "card_saved_table_lost"
  | "released";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

/**
 * Applies one verified Stripe event exactly once: the event id is recorded in the same transaction as
 * the payment row and the reservation change, so a repeated delivery (or a concurrent one, which waits
 * on the id's row) changes nothing. Refunds decided here are sent to Stripe after the commit.
 */
export async function applyStripeEvent(db: Db, event: StripeEventLike): Promise<{ outcome: EventOutcome; paymentId: string | null }> {
  const session = event.type.startsWith("checkout.session.") ? (event.data.object as SessionLike) : null;
  // A saved card's payment method is read from its SetupIntent before the transaction (a read; safe to repeat).
  const paymentMethod = session && event.type === "checkout.session.completed" && session.mode === "setup" ? await setupPaymentMethod(session) : null;

  const result = await withLockRetry(() => db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, outcome: "applying" })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!fresh) return { outcome: "duplicate" as const, paymentId: null, after: null };
    let applied: Applied = { outcome: "ignored", paymentId: null, after: null };
    if (session && event.type === "checkout.session.completed") applied = await completed(tx, session, paymentMethod);
    else if (session && (event.type === "checkout.session.expired" || event.type === "checkout.session.async_payment_failed")) applied = await expired(tx, session);
    await tx.update(stripeEvents).set({ outcome: applied.outcome, paymentId: applied.paymentId }).where(eq(stripeEvents.id, event.id));
    return applied;
  }));

  if (result.outcome === "unknown_payment") console.warn(`[payments] ${event.type} ${event.id} names no payment of ours; acknowledged`);
  if (result.after) {
    if (result.after.seats) await giveSeatsBack(result.after.seats.sectionId, result.after.seats.n);
    if (result.after.restaurantId) await bumpAvailabilityVersion(result.after.restaurantId);
    await publishEvents(result.after.events);
  }
  if (result.paymentId) await sendPendingRefunds(db, { paymentId: result.paymentId });
  return { outcome: result.outcome, paymentId: result.paymentId };
}

/**
 * Many payments for one table arrive together (a burst of diners paying for the last table): they
 * queue on the table's lock, and one that waits past the lock timeout is rolled back whole, its event
 * unrecorded, so running it again is safe. A few tries here spare Stripe the redelivery.
 */
async function withLockRetry<T>(fn: () => Promise<T>, tries = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const state = sqlStateOf(e);
      if (attempt >= tries || !(state === "55P03" || state === "40P01" || state === "40001")) throw e;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 30)));
    }
  }
}

interface Applied {
  outcome: EventOutcome;
  paymentId: string | null;
  after: { restaurantId: string | null; events: EventWithId[]; seats?: { sectionId: string; n: number } } | null;
}

async function findPayment(tx: Tx, session: SessionLike): Promise<Payment | null> {
  const byMeta = session.metadata?.payment_id;
  const where = byMeta && UUID.test(byMeta) ? eq(payments.id, byMeta) : eq(payments.checkoutSessionId, session.id);
  const [p] = await tx.select().from(payments).where(where).for("update");
  // The session must be the one we opened for this row (metadata alone is not trusted).
  if (!p || (p.checkoutSessionId && p.checkoutSessionId !== session.id)) return null;
  return p;
}

async function setupPaymentMethod(session: SessionLike): Promise<string | null> {
  const si = session.setup_intent;
  if (si && typeof si === "object" && si.payment_method) return idOf(si.payment_method);
  const id = idOf(si ?? null);
  const stripe = stripeClient();
  if (!id || !stripe) return id ? `pm_for_${id}` : null;
  const intent = await stripe.setupIntents.retrieve(id);
  return idOf(intent.payment_method as string | { id: string } | null);
}

/** checkout.session.completed: the money (or the card) is in; confirm the booking, or refund if its table is gone. */
async function completed(tx: Tx, session: SessionLike, paymentMethod: string | null): Promise<Applied> {
  const payment = await findPayment(tx, session);
  if (!payment) return { outcome: "unknown_payment", paymentId: null, after: null };
  if (payment.status !== "requires_action" && payment.status !== "failed") return { outcome: "already_applied", paymentId: payment.id, after: null };
  const isSetup = payment.kind === "card_guarantee";
  if (!isSetup && session.payment_status !== "paid") return { outcome: "awaiting_payment", paymentId: payment.id, after: null };

  const captured = isSetup ? 0 : (session.amount_total ?? payment.amountCents);
  await tx
    .update(payments)
    .set({
      status: isSetup ? "card_saved" : "paid",
      capturedCents: captured,
      paymentIntentId: idOf(session.payment_intent ?? null),
      setupIntentId: idOf(session.setup_intent ?? null),
      customerId: idOf(session.customer ?? null) ?? payment.customerId,
      paymentMethodId: paymentMethod,
      failureMessage: null,
      updatedAt: sql`now()`,
    })
    .where(eq(payments.id, payment.id));

  const [r0] = await tx.select().from(reservations).where(eq(reservations.id, payment.reservationId));
  if (!r0) return { outcome: "unknown_payment", paymentId: payment.id, after: null };
  const confirmed = await confirmPaid(tx, r0);
  if (confirmed) {
    const [restaurant] = await tx
      .select({ reminderLeadMinutes: restaurants.reminderLeadMinutes })
      .from(restaurants)
      .where(eq(restaurants.id, confirmed.restaurantId));
    const events: EventWithId[] = await enqueueNotifications(tx, confirmed, [
      { kind: "confirmation" },
      { kind: "reminder", sendAfter: reminderTime(confirmed.startsAt, restaurant?.reminderLeadMinutes ?? 1440, new Date()) },
    ]);
    events.unshift({
      name: "reservation/confirmed",
      id: `confirmed-${confirmed.id}`,
      data: { id: confirmed.id, restaurant_id: confirmed.restaurantId, starts_at: confirmed.startsAt.toISOString() },
    });
    return { outcome: "confirmed", paymentId: payment.id, after: { restaurantId: r0.status === "held" ? null : confirmed.restaurantId, events } };
  }
  if (r0.status === "confirmed" || r0.status === "seated" || r0.status === "completed") {
    return { outcome: "already_applied", paymentId: payment.id, after: null };
  }
  // The table went to someone else while the diner paid: the whole payment goes back.
  if (isSetup) return { outcome: "card_saved_table_lost", paymentId: payment.id, after: null };
  await tx.insert(paymentRefunds).values({ paymentId: payment.id, amountCents: captured, reason: LATE_PAYMENT_REFUND_REASON });
  const events = captured > 0 ? await enqueueNotifications(tx, r0, [{ kind: "payment_refunded" }]) : [];
  return { outcome: "refunded_table_lost", paymentId: payment.id, after: { restaurantId: null, events } };
}

/**
 * held → confirmed; or a hold that lapsed or was let go (never confirmed) → confirmed again if its
 * table is still free at that time, which the exclusion constraint decides. Null if it cannot be.
 */
async function confirmPaid(tx: Tx, r0: Reservation): Promise<Reservation | null> {
  if (r0.status !== "held" && !((r0.status === "expired" || r0.status === "cancelled") && r0.confirmedAt === null)) return null;
  if (r0.status !== "held" && r0.startsAt.getTime() <= Date.now()) return null;
  await waitForTableDay(tx, r0.tableId, r0.serviceDate);
  const set = {
    status: "confirmed" as const,
    holdExpiresAt: null,
    cancelledAt: null,
    confirmedAt: sql`now()`,
    version: sql`${reservations.version} + 1`,
    updatedAt: sql`now()`,
  };
  if (r0.status === "held" && !r0.sectionId) {
    const [row] = await tx.update(reservations).set(set).where(and(eq(reservations.id, r0.id), eq(reservations.status, "held"))).returning();
    return row ?? null;
  }
  try {
    // A savepoint: losing to the exclusion constraint (a table) or the capacity guard (seats: a
    // hold that lapsed while the diner paid) must not undo the event's record.
    return await tx.transaction(async (sp) => {
      const [row] = await sp
        .update(reservations)
        .set(set)
        .where(
          r0.status === "held"
            ? and(eq(reservations.id, r0.id), eq(reservations.status, "held"))
            : and(eq(reservations.id, r0.id), inArray(reservations.status, ["expired", "cancelled"]), isNull(reservations.confirmedAt)),
        )
        .returning();
      return row ?? null;
    });
  } catch (e) {
    if (sqlStateOf(e) === "23P01" || (isDomainError(e) && e.code === "slot_unavailable")) return null;
    if (sqlStateOf(e) === "23514" && constraintOf(e) === "reservations_section_capacity") return null;
    throw e;
  }
}

/** checkout.session.expired (or declined): nothing was paid; the hold is let go. */
async function expired(tx: Tx, session: SessionLike): Promise<Applied> {
  const payment = await findPayment(tx, session);
  if (!payment) return { outcome: "unknown_payment", paymentId: null, after: null };
  if (payment.status !== "requires_action") return { outcome: "already_applied", paymentId: payment.id, after: null };
  await tx
    .update(payments)
    .set({ status: "failed", failureMessage: "The checkout ended without a payment.", updatedAt: sql`now()` })
    .where(eq(payments.id, payment.id));
  const [row] = await tx
    .update(reservations)
    .set({ status: "cancelled", cancelledAt: sql`now()`, version: sql`${reservations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(reservations.id, payment.reservationId), eq(reservations.status, "held")))
    .returning();
  if (!row) return { outcome: "released", paymentId: payment.id, after: null };
  return {
    outcome: "released",
    paymentId: payment.id,
    after: {
      restaurantId: row.restaurantId,
      events: [{ name: "reservation/cancelled", id: `cancelled-${row.id}`, data: { id: row.id, restaurant_id: row.restaurantId } }],
      seats: row.sectionId ? { sectionId: row.sectionId, n: row.partySize } : undefined,
    },
  };
}
