/**
 * Next.js start-up hook (framework file). Installs the event publisher once per server process and,
 * without Inngest, the in-process sweep scheduler. It
 * reads NEXT_RUNTIME, which Next sets, directly: the jobs wiring uses Node APIs and must not load in
 * the edge runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installEventPublisher } = await import("@/inngest/publisher");
  const publisher = installEventPublisher();
  // Without Inngest nothing else runs the sweeper's cron. Not while `next build` prerenders
  // (NEXT_PHASE, also set by Next): only a serving process sweeps.
  if (publisher !== "inline" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getEnv } = await import("@/lib/env");
  const env = getEnv();
  if (!env.DATABASE_URL || !env.JOBS_SCHEDULER) return;
  const [{ startSweepScheduler }, { getDb }] = await Promise.all([import("@/lib/jobs/scheduler"), import("@/db/client")]);
  startSweepScheduler({ db: getDb });
}
