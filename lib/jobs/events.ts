/**
 * Domain events for the background jobs. Services call `publishEvents` after their transaction
 * commits; it never throws, because a booking must succeed even when Inngest is unreachable (the
 * sweeper picks up whatever an event would have started).
 */
export type DomainEvent =
  | { name: "reservation/held"; data: { id: string; restaurant_id: string; hold_expires_at: string } }
  | { name: "reservation/confirmed"; data: { id: string; restaurant_id: string; starts_at: string } }
  | { name: "reservation/cancelled"; data: { id: string; restaurant_id: string } }
  | { name: "reservation/expired"; data: { id: string; restaurant_id: string } }
  | { name: "notification/created"; data: { id: string; reservation_id?: string; user_id?: string } };

export type EventWithId = DomainEvent & { id?: string };

/**
 * Sends events on. `listensTo`, when set, names the only events anything acts on: the rest are not
 * sent at all (a booking then makes no call for an event nobody would read).
 */
export type EventPublisher = ((events: EventWithId[]) => Promise<void>) & { listensTo?: ReadonlySet<DomainEvent["name"]> };

/**
 * Kept on globalThis, not in module scope: Next.js may bundle this module once per route, and the
 * publisher installed at start-up (instrumentation.ts) must be the one every route sees.
 */
const slot = globalThis as typeof globalThis & { __tablekeepEventPublisher?: EventPublisher | null };

/** The jobs module installs the Inngest publisher at start-up; tests may install a recorder. */
export function setEventPublisher(p: EventPublisher | null): void {
  slot.__tablekeepEventPublisher = p;
}

export function getEventPublisher(): EventPublisher | null {
  return slot.__tablekeepEventPublisher ?? null;
}

export async function publishEvents(all: EventWithId[]): Promise<void> {
  const publisher = getEventPublisher();
  const listens = publisher?.listensTo;
  const events = listens ? all.filter((e) => listens.has(e.name)) : all;
  if (!publisher || events.length === 0) return;
  try {
    await publisher(events);
  } catch (e) {
    console.warn(`[events] could not publish ${events.map((x) => x.name).join(", ")}: ${(e as Error).message}`);
  }
}
