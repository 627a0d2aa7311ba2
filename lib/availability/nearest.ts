/**
 * The `count` items nearest in time to `around`, returned in time order. Equally near items go to the
 * earlier one (19:00 before 20:00 around 19:30). One rule for the server's "that time was just taken"
 * alternatives and the booking panel's nearest free times.
 */
export function nearestInTime<T>(items: readonly T[], at: (item: T) => number, around: Date, count = 4): T[] {
  const target = around.getTime();
  return [...items]
    .sort((a, b) => Math.abs(at(a) - target) - Math.abs(at(b) - target) || at(a) - at(b))
    .slice(0, count)
    .sort((a, b) => at(a) - at(b));
}
