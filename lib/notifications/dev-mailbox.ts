import { getDb } from "@/db/client";
import { appUrlIsLoopback, getEnv, smsDelivery } from "@/lib/env";
import { runSweep, type SweepResult } from "@/lib/jobs/sweeper";
import { getMailboxMessage, listOtherMailboxMessages, listOutbox } from "./mailbox";

/** What /dev/mailbox calls: the development mailbox and the sweeper, on the app's database. */

/**
 * The mailbox shows every message the app sent, manage links included, and its button runs jobs: a
 * developer's tool, never a public page. It exists only
 * - outside production, or with TABLEKEEP_DEV_TOOLS=1 (browser tests, demos), and
 * - when APP_URL names this machine (localhost, 127.x, ::1), whatever the flag says: a deployment
 *   that serves the public never has it;
 * and then only to a signed-in user.
 */
export function devToolsEnabled(): boolean {
  const env = getEnv();
  return (env.NODE_ENV !== "production" || env.TABLEKEEP_DEV_TOOLS) && appUrlIsLoopback();
}

export type DevToolsAccess = "allowed" | "sign_in" | "not_found";

/** Whether this caller may use the dev tools: unknown (404) where they are off, else signed-in users only. */
export function devToolsAccess(signedIn: boolean): DevToolsAccess {
  if (!devToolsEnabled()) return "not_found";
  return signedIn ? "allowed" : "sign_in";
}

export interface DevMailboxOverview {
  outbox: Awaited<ReturnType<typeof listOutbox>>;
  others: Awaited<ReturnType<typeof listOtherMailboxMessages>>;
  delivery: "resend" | "mailbox";
  inngest: boolean;
  /** Where texts go: Twilio, or this mailbox. */
  smsDelivery: "twilio" | "mailbox";
}

export async function getDevMailboxOverview(): Promise<DevMailboxOverview> {
  const db = getDb();
  const env = getEnv();
  const [outbox, others] = await Promise.all([listOutbox(db), listOtherMailboxMessages(db)]);
  return { outbox, others, delivery: env.RESEND_API_KEY ? "resend" : "mailbox", inngest: env.INNGEST_DEV || Boolean(env.INNGEST_EVENT_KEY), smsDelivery: smsDelivery().via };
}

export function getDevMailboxMessage(id: string) {
  return getMailboxMessage(getDb(), id);
}

/** One sweep, as Inngest's cron would run it. */
export function runSweepNow(): Promise<SweepResult> {
  return runSweep(getDb());
}
