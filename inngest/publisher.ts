import type { Inngest } from "inngest";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { setEventPublisher, type EventPublisher, type EventWithId } from "@/lib/jobs/events";
import { createInlinePublisher } from "@/lib/jobs/inline-publisher";
import { inngest } from "./client";
import { eventTypes } from "./events";

/** A booking waits at most this long for Inngest after its transaction has committed. */
export const PUBLISH_TIMEOUT_MS = 1_500;

function toInngestEvent(e: EventWithId) {
  const type = eventTypes[e.name] as { create(data: unknown, options?: { id?: string }): unknown };
  // The event id dedupes at Inngest: the outbox row id for notification/created.
  return type.create(e.data, e.id ? { id: e.id } : undefined);
}

/**
 * Sends events to Inngest, giving up after `timeoutMs`. The SDK retries a failed send a few times;
 * a send still running when we give up may yet arrive, which is harmless (event ids dedupe) and its
 * late failure is swallowed here rather than surfacing as an unhandled rejection.
 */
export function createInngestPublisher(client: Inngest, options: { timeoutMs?: number } = {}): EventPublisher {
  const timeoutMs = options.timeoutMs ?? PUBLISH_TIMEOUT_MS;
  return async (events) => {
    const sending = client.send(events.map(toInngestEvent) as Parameters<Inngest["send"]>[0]);
    sending.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Inngest did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([sending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Installs the app's publisher (called once at start-up from instrumentation.ts). With Inngest
 * configured (INNGEST_DEV=1 or INNGEST_EVENT_KEY), events go to Inngest. Without it, outbox rows
 * announced by an event are sent in-process right after the booking, and everything else (hold
 * expiry, reminders, retries) waits for the sweeper, which /dev/mailbox can run.
 */
export function installEventPublisher(): "inngest" | "inline" {
  const env = getEnv();
  if (env.INNGEST_DEV || env.INNGEST_EVENT_KEY) {
    setEventPublisher(createInngestPublisher(inngest));
    return "inngest";
  }
  setEventPublisher(createInlinePublisher(getDb));
  return "inline";
}
