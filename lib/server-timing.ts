import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Where a request's time goes, for the `Server-Timing` header the API route wrapper sets: time spent
 * waiting on the database (queries outside transactions, and whole transactions from asking for a
 * connection to commit) and on Redis, each with its number of round trips; `compute` is what is left
 * of the total. Phases are wall time summed over calls, so calls made in parallel can add up to more
 * than the total; compute is then 0.
 *
 * The store is on globalThis: Next.js may bundle this module once per route, and the database and
 * Redis layers must record into the store the route wrapper opened.
 */
export type Phase = "db" | "redis";

export interface RequestTiming {
  readonly startedAt: number;
  db: { ms: number; calls: number };
  redis: { ms: number; calls: number };
}

const slot = globalThis as typeof globalThis & { __tablekeepTiming?: AsyncLocalStorage<RequestTiming> };
const storage = (slot.__tablekeepTiming ??= new AsyncLocalStorage<RequestTiming>());

export function withRequestTiming<T>(fn: (timing: RequestTiming) => Promise<T>): Promise<T> {
  const timing: RequestTiming = { startedAt: performance.now(), db: { ms: 0, calls: 0 }, redis: { ms: 0, calls: 0 } };
  return storage.run(timing, () => fn(timing));
}

/** Times `fn` as one round trip of `phase` in the current request, if any. */
export async function timed<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  const timing = storage.getStore();
  if (!timing) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timing[phase].ms += performance.now() - t0;
    timing[phase].calls++;
  }
}

/** Counts a round trip whose time is already inside another timed span (a statement within a transaction). */
export function countCall(phase: Phase): void {
  const timing = storage.getStore();
  if (timing) timing[phase].calls++;
}

/** `db;dur=3.1;desc="4 calls", redis;dur=…, compute;dur=…, total;dur=…` (durations in ms). */
export function serverTimingHeader(timing: RequestTiming): string {
  const total = performance.now() - timing.startedAt;
  const compute = Math.max(0, total - timing.db.ms - timing.redis.ms);
  const ms = (n: number) => n.toFixed(1);
  return [
    `db;dur=${ms(timing.db.ms)};desc="${timing.db.calls} calls"`,
    `redis;dur=${ms(timing.redis.ms)};desc="${timing.redis.calls} calls"`,
    `compute;dur=${ms(compute)}`,
    `total;dur=${ms(total)}`,
  ].join(", ");
}
