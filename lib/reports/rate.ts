/** Below this many known outcomes a percentage claims more than the data holds: the counts are shown instead. */
export const MIN_OUTCOMES_FOR_RATE = 10;

export interface RateText {
  /** The headline: "12.2 %", or "Too few to say" under the minimum, or "–" with no outcomes at all. */
  value: string;
  /** The sample behind it, always shown: "5 of 41 outcomes". */
  sample: string;
}

/** A rate of `count` among `outcomes` as an owner should read it, with its sample size. */
export function rateText(count: number, outcomes: number): RateText {
  const sample = `${count} of ${outcomes} ${outcomes === 1 ? "outcome" : "outcomes"}`;
  if (outcomes === 0) return { value: "–", sample: "no outcomes yet" };
  if (outcomes < MIN_OUTCOMES_FOR_RATE) return { value: "Too few to say", sample };
  return { value: `${((count / outcomes) * 100).toFixed(1)} %`, sample };
}
