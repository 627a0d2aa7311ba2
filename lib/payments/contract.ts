import { z } from "zod";
import { int, uuid } from "@/lib/contract/common";
import { snakeCaseBody, toSnakeCase } from "@/lib/contract/wire";
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

// ── The owner's money policy, in the units people think in ───────────────────────────────────────

/** The largest amount per cover the policy takes, in minor units (the API's bound too). */
export const MAX_PER_COVER_CENTS = 1_000_000;
/** The longest free-cancellation window, in hours (30 days; the API's 43,200 minutes). */
export const MAX_CUTOFF_HOURS = 720;

/** ISO 4217 codes this runtime knows, or null when it cannot list them (then any three letters pass). */
function knownCurrencies(): Set<string> | null {
  const list = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  try {
    return list ? new Set(list("currency")) : null;
  } catch {
    return null;
  }
}

const currencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "A three-letter currency code such as EUR.")
  .transform((c) => c.toUpperCase())
  .refine((c) => knownCurrencies()?.has(c) ?? true, "Not a currency code we know; use one such as EUR, GBP or USD.");

const moneyPolicyFields = {
  currency: currencyCode,
  deposit: z.string().max(20, "Too long."),
  depositMinPartySize: int(0, 1000),
  noShowFee: z.string().max(20, "Too long."),
  cancellationCutoffHours: z.number({ message: "Must be a number." }).min(0, "At least 0.").max(MAX_CUTOFF_HOURS, `At most ${MAX_CUTOFF_HOURS} hours (30 days).`),
};

type MoneyPolicyFields = z.output<z.ZodObject<typeof moneyPolicyFields>>;

/** The policy the fields stand for; a refused amount is reported under `key(field)` (the wire's name, for the action). */
function toMoneyPolicy(v: MoneyPolicyFields, ctx: z.RefinementCtx, key: (field: string) => string = (f) => f) {
  const amount = (field: "deposit" | "noShowFee") => {
    const text = v[field].trim();
    if (text === "") return 0;
    const cents = toMinorUnits(text, v.currency);
    if (cents === null) {
      ctx.addIssue({ code: "custom", path: [key(field)], message: `An amount in ${v.currency}, such as ${toMajorUnits(2000, v.currency)}; leave empty for none.` });
      return 0;
    }
    if (cents > MAX_PER_COVER_CENTS) {
      ctx.addIssue({ code: "custom", path: [key(field)], message: `At most ${toMajorUnits(MAX_PER_COVER_CENTS, v.currency)} per person.` });
    }
    return cents;
  };
  return {
    currency: v.currency,
    depositCents: amount("deposit"),
    depositMinPartySize: v.depositMinPartySize,
    noShowFeeCents: amount("noShowFee"),
    cancellationCutoffMinutes: Math.round(v.cancellationCutoffHours * 60),
  };
}

/**
 * The settings form's deposit and card-guarantee policy: amounts per cover in major units of the
 * chosen currency ("20", "12.50"; empty means none) and the free-cancellation cut-off in hours. It
 * parses to the restaurant policy's own fields (minor units, minutes), which the service checks again.
 */
export const moneyPolicyFormSchema = z.object(moneyPolicyFields).transform((v, ctx) => toMoneyPolicy(v, ctx));

/** The same, as the server action takes it: the form's fields under their wire (snake_case) names, and the restaurant. */
export const moneyPolicyActionSchema = snakeCaseBody(z.object(moneyPolicyFields), { restaurant_id: uuid }).transform(({ restaurantId, ...v }, ctx) => ({
  restaurantId,
  policy: toMoneyPolicy(v, ctx, toSnakeCase),
}));

export type MoneyPolicyFormInput = z.input<typeof moneyPolicyFormSchema>;
export type MoneyPolicy = z.output<typeof moneyPolicyFormSchema>;

/** The form's starting values from a restaurant's policy. */
export function moneyPolicyFormValues(p: MoneyPolicy): MoneyPolicyFormInput {
  return {
    currency: p.currency,
    deposit: p.depositCents > 0 ? toMajorUnits(p.depositCents, p.currency) : "",
    depositMinPartySize: p.depositMinPartySize,
    noShowFee: p.noShowFeeCents > 0 ? toMajorUnits(p.noShowFeeCents, p.currency) : "",
    cancellationCutoffHours: p.cancellationCutoffMinutes / 60,
  };
}
