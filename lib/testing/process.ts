import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/**
 * Stops a child server: SIGTERM, then wait for its exit event; if it has not exited by the deadline,
 * SIGKILL and wait for that exit too. Resolves once the process is gone.
 */
export async function stopProcess(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const gone = await Promise.race([exited.then(() => true), deadline(graceMs)]);
  if (!gone) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** Resolves false when `ms` have passed: the deadline half of a race with a condition. */
function deadline(ms: number): Promise<false> {
  const signal = AbortSignal.timeout(ms);
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(false), { once: true }));
}
