import type { Db } from "@/db/client";
import { dispatchNotification, type DispatchDeps } from "@/lib/notifications/dispatch";
import type { EventPublisher } from "./events";

/**
 * The publisher when no Inngest is configured (a laptop, the embedded default): each new outbox row
 * is dispatched in the background, not awaited, so the booking's response does not wait for email.
 * It is best effort by design: a row it misses (process stopped, send failed) stays due and the
 * sweeper sends it, and the claim makes a race between the two harmless.
 */
export function createInlinePublisher(db: () => Db, deps: DispatchDeps = {}): EventPublisher {
  const publish: EventPublisher = async (events) => {
    for (const e of events) {
      if (e.name !== "notification/created") continue;
      void dispatchNotification(db(), e.data.id, deps).catch((err: unknown) => {
        console.warn(`[jobs] inline dispatch of notification ${e.data.id} failed: ${(err as Error).message}`);
      });
    }
  };
  // Holds, confirmations and cancellations wait for the sweeper here: only new messages are acted on.
  publish.listensTo = new Set(["notification/created"]);
  return publish;
}
