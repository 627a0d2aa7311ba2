/** Amounts are integers in minor units with an ISO 4217 code. Client-safe: no server imports. */

/** Minor units per major unit for the currency (JPY has none, BHD three), as Intl knows it. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "€20.00", "£7.50", "¥3,000": what the diner and the owner read. */
export function formatMoney(cents: number, currency: string, locale = "en-GB"): string {
  const digits = minorDigits(currency);
  const major = cents / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: major % 1 === 0 ? 0 : digits }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}
