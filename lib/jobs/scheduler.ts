import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runSweep, type SweepResult } from "./sweeper";

/**
 * Runs the sweeper every minute inside the app when Inngest is not configured, so holds expire,
 * reminders and retries go out, and claims left by a crashed worker are retaken with nobody pressing
 * a button. Every instance runs one; a Postgres advisory lock held for the sweep makes one of them
 * do each minute's work, and the outbox's own claims keep even an overlap harmless.
 */
export interface SchedulerOptions {
  db: () => Db;
  /** Milliseconds between sweeps. */
  intervalMs?: number;
  /** Milliseconds before the first sweep (a short wait lets the server finish starting). */
  firstDelayMs?: number;
  /** The work; the sweeper by default. */
  run?: (db: Db) => Promise<SweepResult>;
  log?: (line: string) => void;
}

export interface Scheduler {
  /** One sweep now if no other instance is sweeping; null when another one is. */
  tick(): Promise<SweepResult | null>;
  stop(): Promise<void>;
}

/** Names the deployment-wide sweeper lock (an arbitrary, fixed 64-bit key). */
const SWEEP_LOCK = sql`hashtextextended('tablekeep:sweeper', 0)`;

export function startSweepScheduler(options: SchedulerOptions): Scheduler {
  const intervalMs = options.intervalMs ?? 60_000;
  const run = options.run ?? ((db: Db) => runSweep(db, { budgetMs: Math.min(40_000, intervalMs * 0.8) }));
  const log = options.log ?? ((line: string) => console.warn(line));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  const tick = async (): Promise<SweepResult | null> => {
    const db = options.db();
    // The transaction only holds the lock (and one connection) while the sweep works on the pool.
    return db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ ok: boolean }>(
        sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as ok,
                   set_config('idle_in_transaction_session_timeout', '0', true)`,
      );
      if (!lock?.ok) return null;
      return run(db);
    });
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .then((result) => {
          const n = result?.notifications;
          if (result && (result.expiredHolds || result.abandoned || n?.claimed)) {
            log(`[jobs] sweep: ${result.expiredHolds} holds expired, ${n?.sent ?? 0} sent, ${n?.failed ?? 0} failed, ${n?.skipped ?? 0} skipped`);
          }
        })
        .catch((e: unknown) => log(`[jobs] sweep failed: ${(e as Error)?.message ?? e}; trying again next time`))
        .finally(() => {
          running = null;
          schedule(intervalMs);
        });
    }, delay);
    timer.unref?.();
  };
  schedule(options.firstDelayMs ?? 5_000);

  return {
    tick,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
