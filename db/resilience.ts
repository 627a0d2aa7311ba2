import postgres from "postgres";
import { errorCodes } from "@/lib/errors";
import { countCall, timed } from "@/lib/server-timing";

/**
 * Fail-fast and self-healing around a postgres.js pool.
 *
 * - A circuit breaker: after a few connection failures in a row every query fails at once with
 *   `DB_UNAVAILABLE` (503 with Retry-After), while one background probe on its own connection checks
 *   the server every half second; the first probe that answers closes the breaker.
 * - A bounded wait for a connection: a transaction that has not started within the acquire timeout,
 *   or a query that has not finished within acquire + statement timeout, fails with `DB_BUSY`.
 * - A guard against a postgres.js 3.4.x defect: after a connection is terminated or a statement is
 *   cancelled mid-stream, the connection keeps the old statement's error and row counter, so the next
 *   query on it can receive another query's error or a result with holes (rows that read as "not
 *   found"). A result whose rows and row count disagree is treated as a connection failure; a read
 *   outside a transaction that meets either is retried once; a transaction whose BEGIN meets it is
 *   retried once (nothing ran yet). A transaction whose COMMIT fails on the connection fails with
 *   `DB_OUTCOME_UNKNOWN`: it may or may not have committed.
 */

export type DbFailureCode = "DB_UNAVAILABLE" | "DB_BUSY" | "DB_OUTCOME_UNKNOWN" | "DB_INCONSISTENT_RESULT";

export class DbFailure extends Error {
  readonly code: DbFailureCode;
  constructor(code: DbFailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DbFailure";
    this.code = code;
  }
}

/** Failures to reach or log in to the server: these count towards opening the breaker. */
const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECT_TIMEOUT",
  "57P03", // cannot_connect_now: starting up or shutting down
  "3D000", // the database does not exist
  "28000",
  "28P01",
]);

/**
 * Errors after which the statement cannot have taken effect and a fresh connection may answer: the
 * connection died or was cancelled under us (or postgres.js handed us a dead connection's error).
 */
const STALE_OR_LOST = new Set([
  "ECONNRESET",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "DB_INCONSISTENT_RESULT",
  "57P01", // admin_shutdown (pg_terminate_backend)
  "57P02", // crash_shutdown
]);

export function isConnectFailure(e: unknown): boolean {
  return errorCodes(e).some((c) => CONNECT_FAILURES.has(c) || c.startsWith("08"));
}

/** A statement cancelled by someone else (pg_cancel_backend), not by our own statement_timeout. */
function isForeignCancel(e: unknown): boolean {
  if (!errorCodes(e).includes("57014")) return false;
  return !/statement timeout|lock timeout/i.test((e as Error)?.message ?? "");
}

function isStaleOrLost(e: unknown): boolean {
  return errorCodes(e).some((c) => STALE_OR_LOST.has(c)) || isForeignCancel(e);
}

/** A result whose rows disagree with the row count the server reported, or that has holes. */
export function isInconsistentResult(result: unknown): boolean {
  if (!Array.isArray(result)) return false;
  const count = (result as { count?: unknown }).count;
  const command = (result as { command?: unknown }).command;
  if (typeof command !== "string" || typeof count !== "number") return false;
  for (let i = 0; i < result.length; i++) if (!(i in result)) return true;
  // Without RETURNING a write reports its count and returns no rows; with rows they must agree.
  if (command === "SELECT" || result.length > 0) return result.length !== count;
  return false;
}

export interface BreakerOptions {
  /** Connection failures in a row that open the breaker. */
  threshold: number;
  /** Milliseconds between probes while open. */
  probeIntervalMs: number;
  /** Checks the server on a connection of its own; resolves when it answers. */
  probe: () => Promise<void>;
  log?: (line: string) => void;
}

export class CircuitBreaker {
  private failures = 0;
  private openSince: number | null = null;
  private probing: NodeJS.Timeout | null = null;
  private closed = false;
  constructor(private readonly options: BreakerOptions) {}

  get isOpen(): boolean {
    return this.openSince !== null;
  }

  /** Throws at once while the server is known to be unreachable. */
  check(): void {
    if (this.openSince !== null) {
      throw new DbFailure("DB_UNAVAILABLE", "The database is unreachable (circuit open).");
    }
  }

  succeeded(): void {
    this.failures = 0;
  }

  failed(e: unknown): void {
    if (!isConnectFailure(e)) return;
    this.failures++;
    if (this.failures >= this.options.threshold && this.openSince === null) this.open(e);
  }

  private open(cause: unknown): void {
    this.openSince = Date.now();
    this.options.log?.(`[db] unreachable (${errorCodes(cause)[0] ?? (cause as Error)?.message}); failing fast and probing`);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    this.probing = setTimeout(() => void this.runProbe(), this.options.probeIntervalMs);
    this.probing.unref?.();
  }

  private async runProbe(): Promise<void> {
    this.probing = null;
    try {
      await this.options.probe();
      const down = this.openSince === null ? 0 : Date.now() - this.openSince;
      this.openSince = null;
      this.failures = 0;
      this.options.log?.(`[db] reachable again after ${down} ms`);
    } catch {
      this.scheduleProbe();
    }
  }

  stop(): void {
    this.closed = true;
    if (this.probing) clearTimeout(this.probing);
    this.probing = null;
  }
}

export interface GuardOptions {
  breaker: CircuitBreaker;
  /** Most connections the pool opens (for the saturation figure). */
  max: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  /** false: a statement asking to be prepared (executePrepared) runs unnamed like every other. */
  prepare?: boolean;
}

export interface PoolStats {
  /** Transactions waiting for a connection. */
  waiting: number;
  /** Transactions holding a connection. */
  active: number;
  max: number;
}

export interface GuardedSql {
  sql: postgres.Sql;
  stats(): PoolStats;
}

type AnyQuery = postgres.PendingQuery<postgres.Row[]> & {
  isRaw?: boolean | "values";
  options?: { simple?: boolean };
  cursorFn?: unknown;
  forEachFn?: unknown;
  streaming?: boolean;
};

const READ_ONLY = /^\s*(\(\s*)*select\b/i;

/** The query's own promise (Query.prototype.then starts it), bypassing a guard set on the instance. */
function awaitRaw(q: AnyQuery): Promise<unknown> {
  const proto = Object.getPrototypeOf(q) as Promise<unknown>;
  return new Promise((resolve, reject) => {
    void proto.then.call(q, resolve, reject);
  });
}

/** Makes awaiting the query run `run` instead; everything else (values(), cancel()) is the real query. */
function guardQuery(query: AnyQuery, run: (q: AnyQuery) => Promise<unknown>): AnyQuery {
  let guarded: Promise<unknown> | undefined;
  const start = () => (guarded ??= run(query));
  const q = query as unknown as Record<string, unknown>;
  q.then = (a?: (v: unknown) => unknown, b?: (e: unknown) => unknown) => start().then(a, b);
  q.catch = (b?: (e: unknown) => unknown) => start().catch(b);
  q.finally = (f?: () => void) => start().finally(f);
  return query;
}

function plain(q: AnyQuery): boolean {
  return !q.options?.simple && !q.cursorFn && !q.forEachFn && !q.streaming;
}

function checked(result: unknown): unknown {
  if (isInconsistentResult(result)) {
    throw new DbFailure("DB_INCONSISTENT_RESULT", "The database connection returned an inconsistent result.");
  }
  return result;
}

function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  if (!(ms > 0)) return promise;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new DbFailure("DB_BUSY", "The database did not answer in time."));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Wraps a transaction's (or savepoint's) sql so its results are checked too. */
/** The options a statement runs with: a prepared one runs unnamed when the pool must not prepare. */
function allowPrepare(opts: postgres.UnsafeQueryOptions | undefined, prepare: boolean | undefined): postgres.UnsafeQueryOptions | undefined {
  return opts?.prepare && prepare === false ? { ...opts, prepare: false } : opts;
}

function guardTxSql(tx: postgres.TransactionSql, prepare: boolean | undefined): postgres.TransactionSql {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (text: string, params?: unknown[], asked?: postgres.UnsafeQueryOptions) => {
          const query = target.unsafe(text, params as never, allowPrepare(asked, prepare)) as unknown as AnyQuery;
          return guardQuery(query, async (q) => {
            countCall("db");
            return checked(await awaitRaw(q));
          });
        };
      }
      if (prop === "savepoint") {
        return (...args: unknown[]) => {
          const fn = args.pop() as (sql: postgres.TransactionSql) => unknown;
          return (target.savepoint as (...a: unknown[]) => Promise<unknown>)(...args, (inner: postgres.TransactionSql) =>
            fn(guardTxSql(inner, prepare)),
          );
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export function guardSql(real: postgres.Sql, options: GuardOptions): GuardedSql {
  const { breaker } = options;
  let waiting = 0;
  let active = 0;

  const record = (e: unknown) => breaker.failed(e);

  function unsafe(text: string, params?: unknown[], asked?: postgres.UnsafeQueryOptions) {
    breaker.check();
    const opts = allowPrepare(asked, options.prepare);
    const make = () => real.unsafe(text, params as never, opts) as unknown as AnyQuery;
    // No statement timeout (migrations): no deadline either.
    const deadline = options.statementTimeoutMs > 0 ? options.acquireTimeoutMs + options.statementTimeoutMs : 0;
    return guardQuery(make(), (q) => timed("db", async () => {
      const attempt = async (cur: AnyQuery) => {
        const result = await withDeadline(awaitRaw(cur), deadline, () => void cur.cancel());
        return checked(result);
      };
      try {
        const result = await attempt(q);
        breaker.succeeded();
        return result;
      } catch (e) {
        record(e);
        if (!(plain(q) && READ_ONLY.test(text) && isStaleOrLost(e))) throw e;
        breaker.check();
        const again = make();
        // values() and raw() only set a mode on the lazy query; nothing runs until it is awaited.
        if (q.isRaw === "values") void again.values();
        else if (q.isRaw) void again.raw();
        try {
          const result = await attempt(again);
          breaker.succeeded();
          return result;
        } catch (e2) {
          record(e2);
          throw e2;
        }
      }
    }));
  }

  /** A transaction is timed whole, from asking for a connection to COMMIT; BEGIN and COMMIT are two round trips. */
  function begin(...args: unknown[]): Promise<unknown> {
    countCall("db");
    return timed("db", () => beginGuarded(...args));
  }

  async function beginGuarded(...args: unknown[]): Promise<unknown> {
    const fn = args.pop() as (sql: postgres.TransactionSql) => unknown;
    const mode = (args[0] as string | undefined) ?? "";
    for (let attempt = 0; ; attempt++) {
      breaker.check();
      let entered = false;
      let finished = false;
      let abandoned = false;
      waiting++;
      let counted: "waiting" | "active" | "none" = "waiting";
      const settle = () => {
        if (counted === "waiting") waiting--;
        else if (counted === "active") active--;
        counted = "none";
      };
      const run = real.begin(mode, async (tx) => {
        if (abandoned) throw new DbFailure("DB_BUSY", "Gave up waiting for a database connection.");
        entered = true;
        if (counted === "waiting") {
          waiting--;
          active++;
          counted = "active";
        }
        const result = await fn(guardTxSql(tx, options.prepare));
        finished = true;
        return result;
      });
      let timer: NodeJS.Timeout | undefined;
      const acquire = new Promise<never>((_, reject) => {
        if (!(options.acquireTimeoutMs > 0)) return;
        timer = setTimeout(() => {
          if (entered) return;
          abandoned = true;
          run.catch(() => {});
          reject(new DbFailure("DB_BUSY", "Waited too long for a database connection. Nothing was changed."));
        }, options.acquireTimeoutMs);
      });
      try {
        const result = await Promise.race([run, acquire]);
        breaker.succeeded();
        return result;
      } catch (e) {
        record(e);
        if (!entered && attempt === 0 && isStaleOrLost(e)) continue;
        if (finished && (isStaleOrLost(e) || isConnectFailure(e) || errorCodes(e).includes("57014"))) {
          throw new DbFailure(
            "DB_OUTCOME_UNKNOWN",
            "The connection failed while committing; the change may or may not have been saved.",
            { cause: e },
          );
        }
        throw e;
      } finally {
        clearTimeout(timer);
        settle();
      }
    }
  }

  const sql = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "unsafe") return unsafe;
      if (prop === "begin") return begin;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { sql, stats: () => ({ waiting, active, max: options.max }) };
}
