import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { bookConfirmed, localSeating, outboxRow, restaurantForBookings, waitFor } from "@/lib/notifications/testing/bookings";
import { sql } from "drizzle-orm";
import { startSweepScheduler } from "./scheduler";
import type { SweepResult } from "./sweeper";

let t: TestDb;
beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 10, appDb: false });
});
afterAll(() => closeTestApp(t));

const empty: SweepResult = { expiredHolds: 0, waitlistOffers: 0, abandoned: 0, notifications: { claimed: 0, sent: 0, skipped: 0, failed: 0 } };

describe("in-process sweep scheduler", () => {
  it("lets one instance sweep at a time across the deployment", async () => {
    // Two instances: two pools on one database, as two app servers would have.
    const a = openDb(t.url, { max: 3 });
    const b = openDb(t.url, { max: 3 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    const slow = async () => {
      runs++;
      await gate;
      return empty;
    };
    const sa = startSweepScheduler({ db: () => a.db, run: slow, firstDelayMs: 60_000, log: () => {} });
    const sb = startSweepScheduler({ db: () => b.db, run: slow, firstDelayMs: 60_000, log: () => {} });
    try {
      const first = sa.tick();
      await expect.poll(() => runs).toBe(1);
      expect(await sb.tick()).toBeNull();
      release();
      expect(await first).toEqual(empty);
      expect(await sb.tick()).toEqual(empty);
      expect(runs).toBe(2);
    } finally {
      await sa.stop();
      await sb.stop();
      await a.close();
      await b.close();
    }
  });

  it("sends due messages and retakes a crashed worker's claim with nobody pressing a button", async () => {
    const restaurant = await restaurantForBookings(t.db);
    const { reservation } = await bookConfirmed(t.db, restaurant.id, localSeating("Europe/London", 4));
    const row = await outboxRow(t.db, reservation.id, "confirmation");
    // A worker claimed it a minute ago and died mid-send.
    await t.db
      .update(notifications)
      .set({ status: "sending", attempts: 1, claimedAt: sql`now() - interval '61 seconds'` })
      .where(eq(notifications.id, row.id));
    const scheduler = startSweepScheduler({ db: () => t.db, intervalMs: 200, firstDelayMs: 0, log: () => {} });
    try {
      const sent = await waitFor(
        async () => (await t.db.select().from(notifications).where(eq(notifications.id, row.id)))[0]!,
        (r) => r.status === "sent",
      );
      expect(sent.attempts).toBe(2);
    } finally {
      await scheduler.stop();
    }
  });

  it("keeps going after a failed sweep", async () => {
    let calls = 0;
    const lines: string[] = [];
    const scheduler = startSweepScheduler({
      db: () => t.db,
      intervalMs: 50,
      firstDelayMs: 0,
      log: (l) => lines.push(l),
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("provider down");
        return empty;
      },
    });
    try {
      await expect.poll(() => calls).toBeGreaterThanOrEqual(3);
      expect(lines.some((l) => l.includes("provider down"))).toBe(true);
    } finally {
      await scheduler.stop();
    }
  });
});
