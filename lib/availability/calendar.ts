/**
 * Calendar arithmetic on a local date ("2026-12-01"): no zone, so no clock change can shift it. Plain
 * UTC date maths rather than luxon so the booking panel can use it without shipping luxon to browsers.
 */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a date: ${date}`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
