import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { reservations } from "@/db/schema";
import { availabilityVersionKey } from "@/lib/availability/version";
import { createInngestClient } from "@/inngest/client";
import { createInngestPublisher } from "@/inngest/publisher";
import { setEventPublisher } from "@/lib/jobs/events";
import { createInlinePublisher } from "@/lib/jobs/inline-publisher";
import { idempotencyKeyFor } from "@/lib/notifications/claim";
import { createResendTransport, type EmailTransport } from "@/lib/notifications/transport";
import { startFakeResend, type FakeResend } from "@/lib/notifications/testing/fake-resend";
import {
  bookConfirmed,
  holdFor,
  lapseHold,
  localSeating,
  outboxRow,
  restaurantForBookings,
  waitFor,
} from "@/lib/notifications/testing/bookings";
import { createMemoryKv, setKv } from "@/lib/redis";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { runSweep } from "./sweeper";

let t: TestDb;
let resend: FakeResend;
let transport: EmailTransport;
let restaurantId: string;
let day = 3;
const kv = createMemoryKv();

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 20, appDb: false });
  resend = await startFakeResend();
  transport = createResendTransport({ apiKey: resend.apiKey, baseUrl: resend.url, timeoutMs: 5_000 });
  setKv(kv);
  restaurantId = (await restaurantForBookings(t.db)).id;
});
afterAll(async () => {
  setEventPublisher(null);
  await resend?.close();
  await closeTestApp(t);
});
afterEach(() => {
  setEventPublisher(null);
  vi.restoreAllMocks();
});

/** A TCP server that accepts connections and never answers: Inngest hung, or a black-holed network. */
async function startBlackHole(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((s) => {
    count++;
    sockets.add(s);
    s.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on: Inngest down. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

function deliveriesFor(notificationId: string) {
  return resend.deliveries.filter((d) => d.idempotencyKey === idempotencyKeyFor(notificationId));
}

describe("a booking while Inngest is unreachable", () => {
  it("succeeds when Inngest refuses connections, and the sweeper later sends its confirmation", async () => {
    const client = createInngestClient({ isDev: false, eventKey: "test-key", baseUrl: await closedPortUrl() });
    setEventPublisher(createInngestPublisher(client, { timeoutMs: 1_000 }));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    const started = Date.now();
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    expect(reservation.status).toBe("confirmed");
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not publish reservation\/confirmed/));

    const confirmation = await outboxRow(t.db, reservation.id, "confirmation");
    expect(confirmation.status).toBe("pending");
    const result = await runSweep(t.db, {}, { transport });
    expect(result.notifications.sent).toBeGreaterThanOrEqual(1);
    expect((await outboxRow(t.db, reservation.id, "confirmation")).status).toBe("sent");
    const [mail] = deliveriesFor(confirmation.id);
    expect(mail?.body.subject).toMatch(/^Confirmed: /);
    // The reminder is not due yet: the sweep leaves it for later.
    expect((await outboxRow(t.db, reservation.id, "reminder")).status).toBe("pending");
  });

  it("succeeds within the publish timeout when Inngest accepts the connection and never answers", async () => {
    const hole = await startBlackHole();
    try {
      const client = createInngestClient({ isDev: false, eventKey: "test-key", baseUrl: hole.url });
      setEventPublisher(createInngestPublisher(client, { timeoutMs: 1_000 }));
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

      const started = Date.now();
      const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
      const elapsed = Date.now() - started;
      expect(reservation.status).toBe("confirmed");
      // The hold and the confirmation each waited for one timed-out publish (1 s), not for Inngest.
      expect(elapsed).toBeLessThan(8_000);
      expect(hole.connections()).toBeGreaterThanOrEqual(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/did not answer within 1000 ms/));

      await runSweep(t.db, {}, { transport });
      const confirmation = await outboxRow(t.db, reservation.id, "confirmation");
      expect(confirmation.status).toBe("sent");
      expect(deliveriesFor(confirmation.id)).toHaveLength(1);
    } finally {
      await hole.close();
    }
  });
});

describe("without Inngest configured: the inline publisher", () => {
  it("sends a new confirmation right after the booking, and the sweeper does not send it again", async () => {
    setEventPublisher(createInlinePublisher(() => t.db, { transport }));
    const { reservation } = await bookConfirmed(t.db, restaurantId, localSeating("Europe/London", day++));
    const confirmation = await outboxRow(t.db, reservation.id, "confirmation");
    await waitFor(() => outboxRow(t.db, reservation.id, "confirmation"), (row) => row.status === "sent");
    await runSweep(t.db, {}, { transport });
    expect(deliveriesFor(confirmation.id)).toHaveLength(1);
  });
});

describe("hold expiry by the sweeper", () => {
  it("expires lapsed holds, bumps the availability version and tells a diner who left an email", async () => {
    const startsAt = localSeating("Europe/London", day++);
    const silent = await holdFor(t.db, restaurantId, startsAt);
    const withEmail = await holdFor(t.db, restaurantId, startsAt);
    const live = await holdFor(t.db, restaurantId, startsAt);
    await t.db.update(reservations).set({ guestEmail: "late@example.test", guestName: "Late" }).where(eq(reservations.id, withEmail.reservation.id));
    await lapseHold(t.db, silent.reservation.id);
    await lapseHold(t.db, withEmail.reservation.id);
    const versionBefore = (await kv.getVersion(availabilityVersionKey(restaurantId))) ?? 0;

    const result = await runSweep(t.db, {}, { transport });
    expect(result.expiredHolds).toBeGreaterThanOrEqual(2);

    const statusOf = async (id: string) => (await t.db.select({ s: reservations.status }).from(reservations).where(eq(reservations.id, id)))[0]!.s;
    expect(await statusOf(silent.reservation.id)).toBe("expired");
    expect(await statusOf(withEmail.reservation.id)).toBe("expired");
    expect(await statusOf(live.reservation.id)).toBe("held");
    expect((await kv.getVersion(availabilityVersionKey(restaurantId))) ?? 0).toBeGreaterThan(versionBefore);

    // Written in the expiring transaction and sent in the same sweep.
    const notice = await outboxRow(t.db, withEmail.reservation.id, "hold_expired");
    expect(notice.status).toBe("sent");
    expect(deliveriesFor(notice.id)[0]?.body.subject).toMatch(/hold .* expired/);
    await expect(outboxRow(t.db, silent.reservation.id, "hold_expired")).rejects.toThrow(/no email hold_expired row/);
  });
});
