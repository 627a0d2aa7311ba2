"use client";

import { useId } from "react";
import { useWatch } from "react-hook-form";
import { updateMoneyPolicyAction } from "@/app/manage/payment-actions";
import { Field } from "@/components/ui/field";
import { MAX_CUTOFF_HOURS, moneyPolicyFormSchema, moneyPolicyFormValues, type MoneyPolicy } from "@/lib/payments/contract";
import { policySentence } from "@/lib/payments/policy";
import { FormActions } from "./form-bits";
import { useActionForm } from "./use-action-form";

const COMMON_CURRENCIES = ["EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD", "NZD", "JPY"];

/**
 * Cancellations, deposits and card guarantees, in the units an owner thinks in: amounts per person
 * in the restaurant's currency and the free-cancellation cut-off in hours. Validated in the browser
 * with the contract the server action parses with; below the fields, the sentence diners will read.
 */
export function MoneyPolicyForm({ restaurantId, policy }: { restaurantId: string; policy: MoneyPolicy }) {
  const ids = useId();
  const { form, submit, register, pending, error, fieldError, note, setNote } = useActionForm(moneyPolicyFormSchema, updateMoneyPolicyAction, {
    defaultValues: moneyPolicyFormValues(policy),
    wire: { restaurant_id: restaurantId },
  });
  const values = useWatch({ control: form.control });
  const preview = moneyPolicyFormSchema.safeParse(values);
  const onSubmit = submit(() => setNote("Cancellation and deposit policy saved."));

  return (
    <form id="money-policy" className="owner-form stack" noValidate aria-labelledby={`${ids}-h`} onSubmit={onSubmit}>
      <h2 id={`${ids}-h`}>Cancellations, deposits and card guarantee</h2>
      <p className="muted">
        A deposit is taken at booking and returned on a cancel before the cut-off. A card guarantee saves the diner&rsquo;s
        card and charges the fee only on a no-show or a late cancel. With both, parties from the deposit&rsquo;s size pay
        the deposit and smaller ones leave a card.
      </p>
      <div className="form-grid">
        <Field
          id={`${ids}-cutoff`}
          label="Free cancellation until (hours before)"
          required
          hint={`Diners cancel online, and get a deposit back, until this many hours before; 0 lets them cancel up to the time. At most ${MAX_CUTOFF_HOURS}.`}
          error={fieldError("cancellationCutoffHours")}
        >
          {(p) => <input {...p} {...register("cancellationCutoffHours", { valueAsNumber: true })} type="number" min={0} max={MAX_CUTOFF_HOURS} step="any" inputMode="decimal" />}
        </Field>
        <Field id={`${ids}-currency`} label="Currency" required hint="Three letters, such as EUR or GBP." error={fieldError("currency")}>
          {(p) => (
            <>
              <input {...p} {...register("currency")} list={`${ids}-currencies`} maxLength={3} autoComplete="off" spellCheck={false} />
              <datalist id={`${ids}-currencies`}>
                {COMMON_CURRENCIES.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id={`${ids}-deposit`} label="Deposit per person" optional hint="Empty or 0: no deposit." error={fieldError("deposit")}>
          {(p) => <input {...p} {...register("deposit")} inputMode="decimal" autoComplete="off" />}
        </Field>
        <Field id={`${ids}-min`} label="Deposit from party size" required hint="0 or 1: every party pays it." error={fieldError("depositMinPartySize")}>
          {(p) => <input {...p} {...register("depositMinPartySize", { valueAsNumber: true })} type="number" min={0} max={1000} inputMode="numeric" />}
        </Field>
        <Field id={`${ids}-fee`} label="No-show fee per person" optional hint="Empty or 0: no card is asked for." error={fieldError("noShowFee")}>
          {(p) => <input {...p} {...register("noShowFee")} inputMode="decimal" autoComplete="off" />}
        </Field>
      </div>
      <div className="payment-preview" aria-live="polite">
        <h3 className="small">What diners read</h3>
        <p data-testid="money-policy-preview">
          {preview.success
            ? (policySentence(preview.data) ?? "Nothing: no deposit and no card. Diners book without paying.")
            : "Correct the fields above to see it."}
        </p>
      </div>
      <FormActions error={error} note={note} pending={pending} label="Save cancellation and deposits" pendingLabel="Saving…" />
    </form>
  );
}
