import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { runSweep, type SweepResult } from "@/lib/jobs/sweeper";
import { getMailboxMessage, listOtherMailboxMessages, listOutbox } from "./mailbox";

/** What /dev/mailbox calls: the development mailbox and the sweeper, on the app's database. */

/** On outside production, or when TABLEKEEP_DEV_TOOLS=1 (tests, demos). */
export function devToolsEnabled(): boolean {
  const env = getEnv();
  return env.NODE_ENV !== "production" || env.TABLEKEEP_DEV_TOOLS;
}

export interface DevMailboxOverview {
  outbox: Awaited<ReturnType<typeof listOutbox>>;
  others: Awaited<ReturnType<typeof listOtherMailboxMessages>>;
  delivery: "resend" | "mailbox";
  inngest: boolean;
}

export async function getDevMailboxOverview(): Promise<DevMailboxOverview> {
  const db = getDb();
  const env = getEnv();
  const [outbox, others] = await Promise.all([listOutbox(db), listOtherMailboxMessages(db)]);
  return { outbox, others, delivery: env.RESEND_API_KEY ? "resend" : "mailbox", inngest: env.INNGEST_DEV || Boolean(env.INNGEST_EVENT_KEY) };
}

export function getDevMailboxMessage(id: string) {
  return getMailboxMessage(getDb(), id);
}

/** One sweep, as Inngest's cron would run it. */
export function runSweepNow(): Promise<SweepResult> {
  return runSweep(getDb());
}
