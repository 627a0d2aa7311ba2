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
  | { name: "notification/created"; data: { id: string; reservation_id: string } };

export type EventWithId = DomainEvent & { id?: string };

type Publisher = (events: EventWithId[]) => Promise<void>;

let publisher: Publisher | null = null;

/** The jobs module installs the Inngest publisher at start-up; tests may install a recorder. */
export function setEventPublisher(p: Publisher | null): void {
  publisher = p;
}

export async function publishEvents(events: EventWithId[]): Promise<void> {
  if (!publisher || events.length === 0) return;
  try {
    await publisher(events);
  } catch (e) {
    console.warn(`[events] could not publish ${events.map((x) => x.name).join(", ")}: ${(e as Error).message}`);
  }
}
