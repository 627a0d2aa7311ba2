import { z } from "zod";
import { int, uuid } from "@/lib/contract/common";
import { minorDigits } from "./money";

/**
 * The payments contracts (client-safe: zod and pure helpers only). Amounts travel as integers in minor
 * units; people type them in major units ("20", "20.50"), which `toMinorUnits` turns into cents with
 * the currency's own number of decimals, and `toMajorUnits` turns back for a form's default value.
 */

/** "20", "20.5", "20,50", "€ 1,200.00" → minor units; null when it is not an amount in this currency. */
export function toMinorUnits(input: string, currency: string): number | null {
  const digits = minorDigits(currency);
  let s = input.trim().replace(/[^\d.,-]/g, "");
  if (s === "" || s.startsWith("-")) return null;
  // A lone comma followed by up to `digits` digits at the end is a decimal comma ("20,50"); other commas group thousands.
  const decimalComma = digits > 0 && !s.includes(".") && new RegExp(`^\\d+,\\d{1,${digits}}$`).test(s);
  s = decimalComma ? s.replace(",", ".") : s.replace(/,/g, "");
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  const cents = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(cents) ? cents : null;
}

/** 2050 EUR → "20.50"; 2000 → "20": the value a form shows for an amount in minor units. */
export function toMajorUnits(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(cents);
  const major = (cents / 10 ** digits).toFixed(digits);
  return major.endsWith("0".repeat(digits)) ? major.slice(0, -(digits + 1)) : major;
}

/**
 * An owner's or manager's refund from the booking dialog: the amount in minor units, and how many
 * refunds the dialog showed, which makes the request idempotent (a repeat adds nothing).
 */
export const refundSchema = z.object({
  restaurantId: uuid,
  reservationId: uuid,
  amountCents: int(1, 100_000_000),
  refundsSeen: int(0, 1000),
});

export type RefundInput = z.output<typeof refundSchema>;

/**
 * The refund form's field: an amount in major units, above zero and at most what is left to refund,
 * parsed to minor units. The server checks the same bound again with the payment locked.
 */
export function refundAmountSchema(currency: string, maxCents: number, format: (cents: number) => string) {
  return z.object({
    amount: z.string().transform((s, ctx) => {
      const cents = toMinorUnits(s, currency);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: `Enter an amount such as ${toMajorUnits(Math.min(maxCents, 1250), currency)}.` });
        return z.NEVER;
      }
      if (cents <= 0) {
        ctx.addIssue({ code: "custom", message: "Enter an amount above zero." });
        return z.NEVER;
      }
      if (cents > maxCents) {
        ctx.addIssue({ code: "custom", message: `At most ${format(maxCents)} is left to refund.` });
        return z.NEVER;
      }
      return cents;
    }),
  });
}
