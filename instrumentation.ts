/**
 * Next.js start-up hook (framework file). Installs the event publisher once per server process. It
 * reads NEXT_RUNTIME, which Next sets, directly: the jobs wiring uses Node APIs and must not load in
 * the edge runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installEventPublisher } = await import("@/inngest/publisher");
  installEventPublisher();
}
