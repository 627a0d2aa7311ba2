"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { refundPaymentAction } from "@/app/manage/payment-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { refundAmountSchema, toMajorUnits } from "@/lib/payments/contract";
import { formatMoney } from "@/lib/payments/money";
import type { BookPayment, BookReservation } from "@/lib/reservations/day-book-types";
import { localDateTime } from "./book-format";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { paymentMark, paymentSummary, REFUND_REASON } from "./payment-format";
import { useServerAction } from "./use-server-action";

/**
 * The booking dialog's payment section: what was asked, taken and refunded, and, for owners and
 * managers, a refund of any part of what is left, confirmed before it is sent. The request carries
 * how many refunds this screen showed, so sending it twice refunds once.
 */
export function PaymentPanel({
  restaurantId,
  reservation,
  payment,
  timezone,
  mayRefund,
  onChanged,
}: {
  restaurantId: string;
  reservation: BookReservation;
  payment: BookPayment;
  timezone: string;
  mayRefund: boolean;
  onChanged: () => void;
}) {
  const ids = useId();
  const money = (cents: number) => formatMoney(cents, payment.currency);
  const mark = paymentMark(payment);
  const [done, setDone] = useState("");

  return (
    <section className="res-section stack" aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>
        Payment {mark ? <span className={`pay-mark pay-${mark.tone}`}>{mark.label}</span> : null}
      </h3>
      <p>{paymentSummary(payment)}</p>
      {payment.refunds.length > 0 ? (
        <ul className="refund-list">
          {payment.refunds.map((r, i) => (
            <li key={i}>
              {money(r.amountCents)} refunded{REFUND_REASON[r.reason] ? ` (${REFUND_REASON[r.reason]})` : ""} · {localDateTime(r.at, timezone)} ·{" "}
              {r.status === "succeeded" ? "sent" : r.status === "pending" ? "waiting for the payment service" : "refused by the payment service"}
            </li>
          ))}
        </ul>
      ) : null}
      <SuccessNote>{done}</SuccessNote>
      {mayRefund && payment.refundableCents > 0 ? (
        <RefundForm
          // A fresh form (its default is what is left) after each refund the book shows.
          key={payment.refunds.length}
          restaurantId={restaurantId}
          reservation={reservation}
          payment={payment}
          onRefunded={(cents) => {
            setDone(`${money(cents)} refunded.`);
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

function RefundForm({
  restaurantId,
  reservation,
  payment,
  onRefunded,
}: {
  restaurantId: string;
  reservation: BookReservation;
  payment: BookPayment;
  onRefunded: (cents: number) => void;
}) {
  const ids = useId();
  const money = (cents: number) => formatMoney(cents, payment.currency);
  const refund = useServerAction(refundPaymentAction);
  const [confirming, setConfirming] = useState<number | null>(null);
  const schema = useMemo(
    () => refundAmountSchema(payment.currency, payment.refundableCents, (c) => formatMoney(c, payment.currency)),
    [payment.currency, payment.refundableCents],
  );
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { amount: toMajorUnits(payment.refundableCents, payment.currency) },
  });

  async function send(amountCents: number) {
    const ok = await refund.run({ restaurantId, reservationId: reservation.id, amountCents, refundsSeen: payment.refunds.length });
    setConfirming(null);
    if (ok) onRefunded(amountCents);
  }

  return (
    <form className="owner-form stack" noValidate aria-label="Refund" onSubmit={(e) => void handleSubmit((v) => setConfirming(v.amount))(e)}>
      <Field
        id={`${ids}-amount`}
        label={`Amount to refund (${payment.currency})`}
        hint={`Up to ${money(payment.refundableCents)}.`}
        error={errors.amount?.message ?? refund.fieldError("amountCents")}
      >
        {(p) => <input {...p} {...register("amount")} inputMode="decimal" autoComplete="off" readOnly={confirming !== null} />}
      </Field>
      <ActionErrorAlert error={refund.error} />
      {confirming === null ? (
        <div>
          <Button type="submit" variant="secondary" pending={refund.pending}>
            Refund…
          </Button>
        </div>
      ) : (
        <div className="stack" role="group" aria-label="Confirm the refund">
          <p>
            Refund <strong>{money(confirming)}</strong> to {reservation.name?.trim() || "the guest"}’s card? It cannot be undone.
          </p>
          <div className="cluster">
            <Button variant="danger" onClick={() => void send(confirming)} pending={refund.pending} autoFocus>
              {refund.pending ? "Refunding…" : `Yes, refund ${money(confirming)}`}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(null)} pending={refund.pending}>
              Keep it
            </Button>
          </div>
        </div>
      )}
    </form>
  );
}
