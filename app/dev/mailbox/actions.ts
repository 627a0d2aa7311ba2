"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { runSweepNow } from "@/lib/notifications/dev-mailbox";
import { requireDevTools } from "./guard";

/** Runs the sweeper once: what Inngest's cron does every minute when its server is running. */
export async function runSweeperAction(): Promise<void> {
  // A server action is a public endpoint: the guard is checked here too, not only on the page.
  await requireDevTools();
  const result = await runSweepNow();
  revalidatePath("/dev/mailbox");
  const n = result.notifications;
  const query = new URLSearchParams({
    swept: "1",
    expired: String(result.expiredHolds),
    sent: String(n.sent),
    skipped: String(n.skipped),
    failed: String(n.failed),
  });
  redirect(`/dev/mailbox?${query.toString()}`);
}
