/**
 * Counted nouns for every page and email: "1 minute", "2 minutes", "1 person", "3 people". Pure and
 * client-safe. English plural categories come from Intl.PluralRules, so a count is never paired with
 * the wrong form; the words themselves are given by the caller.
 */

const rules = new Intl.PluralRules("en-GB");

/** "1 minute", "0 minutes", "2 people" (pass `other` for irregular plurals). */
export function countOf(n: number, one: string, other = `${one}s`): string {
  return `${n} ${rules.select(n) === "one" ? one : other}`;
}

/** A length of time in whole units: "10 minutes", "2 hours", "1 day", "1 hour 30 minutes". */
export function formatMinutes(total: number): string {
  if (total <= 0) return countOf(0, "minute");
  if (total % 1440 === 0) return countOf(total / 1440, "day");
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return [hours > 0 ? countOf(hours, "hour") : "", minutes > 0 ? countOf(minutes, "minute") : ""].filter(Boolean).join(" ");
}
