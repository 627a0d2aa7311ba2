/**
 * The arithmetic of `npm run drill` (lib/cli/drill.ts), kept apart from the processes it drives so it
 * can be tested: what each request answered, the figures drawn from those answers around an outage,
 * and the checks of those figures against what the app promises.
 */

/** What the app promises while a dependency fails, and the limits the drills hold it to. */
export const PROMISES = {
  /** A request sent while the database is unreachable is answered 503 within about a second. */
  fastFailMs: 1_500,
  /** Full service returns within a few seconds of the dependency coming back. */
  recoveryMs: 5_000,
} as const;

export type Operation = "hold" | "confirm" | "read" | "retry";

/** One request as the client saw it. Times are milliseconds on one clock (performance.now()). */
export interface Sample {
  op: Operation;
  startedAt: number;
  endedAt: number;
  /** HTTP status; 0 when no answer came (connection refused or reset, or the client gave up). */
  status: number;
  /** Set on 503: the Retry-After header was present and a whole number of seconds ≥ 1. */
  retryAfter?: boolean;
  /** The error code from the body (`unavailable`, `slot_locked`, …). */
  code?: string;
  /** A 404 for something that exists: a wrong answer. */
  wrong?: boolean;
  /** The client gave up waiting (a hang), as opposed to a refused or dropped connection. */
  timedOut?: boolean;
}

/** When the dependency was unavailable: from `downAt` (it is gone) to `backAt` (it is back). */
export interface Outage {
  downAt: number;
  backAt: number;
}

const failed = (s: Sample) => s.status === 0 || s.status >= 500;
const served = (s: Sample) => !failed(s);

export function countStatuses(samples: readonly Sample[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const s of samples) m.set(s.status, (m.get(s.status) ?? 0) + 1);
  return m;
}

/** `201×40 409×3 503×12`, 0 shown as `none`. */
export function statusLine(samples: readonly Sample[]): string {
  const m = countStatuses(samples);
  if (m.size === 0) return "no requests";
  return [...m.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s === 0 ? "none" : s}×${n}`)
    .join(" ");
}

export interface OutageFigures {
  requests: number;
  /** Requests sent while the dependency was gone. */
  sentWhileDown: number;
  /** The longest answer to a request sent while it was gone (ms); 0 when none was sent. */
  maxLatencyDownMs: number;
  unavailable: number;
  /** 503 answers without a usable Retry-After. */
  unavailableWithoutRetryAfter: number;
  /** 5xx other than 503 (a 500 is a bug, whatever the dependency does). */
  serverErrors: number;
  /** Requests the client gave up on. */
  hangs: number;
  /** 404s for things that exist. */
  wrongAnswers: number;
  /**
   * Milliseconds from `backAt` until full service: the end of the first request that was served and
   * was sent after the last request that failed (or after `backAt`, when nothing failed later). Null
   * when service never returned within the samples.
   */
  recoveryMs: number | null;
  /** Failed requests sent after the return, and how long after it the last of them was sent. */
  failuresAfterBack: number;
  lastFailureAfterBackMs: number | null;
}

export function outageFigures(samples: readonly Sample[], outage: Outage): OutageFigures {
  const whileDown = samples.filter((s) => s.startedAt >= outage.downAt && s.startedAt < outage.backAt);
  const lastFailure = samples.filter(failed).reduce((t, s) => Math.max(t, s.startedAt), -Infinity);
  const from = Math.max(lastFailure, outage.backAt);
  const firstServed = samples
    .filter((s) => served(s) && s.startedAt > from)
    .reduce((t, s) => Math.min(t, s.endedAt), Infinity);
  const unavailable = samples.filter((s) => s.status === 503);
  const afterBack = samples.filter((s) => failed(s) && s.startedAt >= outage.backAt);
  return {
    requests: samples.length,
    sentWhileDown: whileDown.length,
    maxLatencyDownMs: whileDown.reduce((t, s) => Math.max(t, s.endedAt - s.startedAt), 0),
    unavailable: unavailable.length,
    unavailableWithoutRetryAfter: unavailable.filter((s) => !s.retryAfter).length,
    serverErrors: samples.filter((s) => s.status >= 500 && s.status !== 503).length,
    hangs: samples.filter((s) => s.timedOut).length,
    wrongAnswers: samples.filter((s) => s.wrong).length,
    recoveryMs: Number.isFinite(firstServed) ? Math.max(0, firstServed - outage.backAt) : null,
    failuresAfterBack: afterBack.length,
    lastFailureAfterBackMs: afterBack.length ? lastFailure - outage.backAt : null,
  };
}

export function maxLatency(samples: readonly Sample[]): number {
  return samples.reduce((t, s) => Math.max(t, s.endedAt - s.startedAt), 0);
}

export interface Check {
  name: string;
  /** The measured value, as printed. */
  actual: string;
  pass: boolean;
}

export const check = (name: string, actual: string | number, pass: boolean): Check => ({ name, actual: String(actual), pass });

/** The checks every outage drill makes of its figures. */
export function outageChecks(f: OutageFigures, limits: { fastFailMs?: number; recoveryMs?: number } = {}): Check[] {
  const fastFailMs = limits.fastFailMs ?? PROMISES.fastFailMs;
  const recoveryMs = limits.recoveryMs ?? PROMISES.recoveryMs;
  return [
    check(`answers while down within ${fastFailMs} ms`, `${f.maxLatencyDownMs.toFixed(0)} ms longest of ${f.sentWhileDown}`, f.sentWhileDown > 0 && f.maxLatencyDownMs <= fastFailMs),
    check("no request left hanging", f.hangs, f.hangs === 0),
    check("every 503 carries Retry-After", `${f.unavailable - f.unavailableWithoutRetryAfter}/${f.unavailable}`, f.unavailableWithoutRetryAfter === 0),
    check("no 500s", f.serverErrors, f.serverErrors === 0),
    check("no wrong 404s", f.wrongAnswers, f.wrongAnswers === 0),
    check(
      `full service within ${recoveryMs} ms of the return`,
      f.recoveryMs === null ? "never" : `${f.recoveryMs.toFixed(0)} ms`,
      f.recoveryMs !== null && f.recoveryMs <= recoveryMs,
    ),
  ];
}

/** Outbox deliveries per reservation: each confirmed one gets exactly one confirmation email. */
export interface EmailFigures {
  confirmed: number;
  /** Confirmed reservations with no confirmation email delivered. */
  missing: number;
  /** Confirmed reservations with more than one. */
  duplicated: number;
  /** Deliveries per idempotency key above one (the provider dedupes, so this shows a key reused wrongly). */
  duplicateKeys: number;
}

export function emailFigures(confirmedEmails: readonly string[], deliveries: readonly { to: string; key: string | null }[]): EmailFigures {
  const perAddress = new Map<string, number>();
  const perKey = new Map<string, number>();
  for (const d of deliveries) {
    perAddress.set(d.to, (perAddress.get(d.to) ?? 0) + 1);
    if (d.key) perKey.set(d.key, (perKey.get(d.key) ?? 0) + 1);
  }
  let missing = 0;
  let duplicated = 0;
  for (const to of confirmedEmails) {
    const n = perAddress.get(to) ?? 0;
    if (n === 0) missing++;
    if (n > 1) duplicated++;
  }
  return {
    confirmed: confirmedEmails.length,
    missing,
    duplicated,
    duplicateKeys: [...perKey.values()].filter((n) => n > 1).length,
  };
}

export function emailChecks(f: EmailFigures): Check[] {
  return [
    check("every confirmed reservation emailed", `${f.confirmed - f.missing}/${f.confirmed}`, f.missing === 0),
    check("no reservation emailed twice", f.duplicated, f.duplicated === 0 && f.duplicateKeys === 0),
  ];
}

export const passed = (checks: readonly Check[]): boolean => checks.every((c) => c.pass);

/** The drill's report block: its figures, then one line per check, then its verdict. */
export function report(title: string, figures: readonly string[], checks: readonly Check[]): string {
  const width = Math.max(0, ...checks.map((c) => c.name.length));
  return [
    `── ${title} ${"─".repeat(Math.max(3, 76 - title.length))}`,
    ...figures.map((f) => `  ${f}`),
    ...checks.map((c) => `  ${c.pass ? "PASS" : "FAIL"}  ${c.name.padEnd(width)}  ${c.actual}`),
    `  => ${passed(checks) ? "PASS" : "FAIL"}`,
  ].join("\n");
}
