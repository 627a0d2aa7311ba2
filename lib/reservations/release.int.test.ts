import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { notifications } from "@/db/schema";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertRestaurant, insertSession, insertTable } from "@/lib/testing/fixtures";
import { createMemoryKv } from "@/lib/redis/memory-kv";
import { DomainError } from "@/lib/errors";
import { cancelReservation, confirmReservation, getReservation, holdTable, releaseHold } from "@/lib/reservations";

let t: TestDb;

beforeAll(async () => {
  t = await openTestApp({ kv: false, max: 20, appDb: false });
});
afterAll(() => closeTestApp(t));

const kv = createMemoryKv();
const details = { name: "Ada", email: "ada@example.test" };

function seating(daysAhead = 10): Date {
  return DateTime.now().setZone("Europe/London").plus({ days: daysAhead }).set({ hour: 19, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

/** A one-table restaurant with a fresh hold on that table. */
async function freshHold(key: string) {
  const r = await insertRestaurant(t.db, { timezone: "Europe/London", holdMinutes: 10 });
  await insertTable(t.db, r.id, { label: "T1", minSeats: 1, maxSeats: 4 });
  await insertSession(t.db, r.id, {});
  const startsAt = seating();
  const h = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: key, source: "web" }, { kv });
  return { r, startsAt, h, access: { principal: null, manageToken: h.manageToken } };
}

function codeOf(e: unknown): string {
  return e instanceof DomainError ? e.code : `unexpected: ${String(e)}`;
}

describe("releaseHold", () => {
  it("held → cancelled, bumping the version; releasing again returns the same result", async () => {
    const { h, access } = await freshHold("release-once");
    const released = await releaseHold(t.db, { reservationId: h.reservation.code, access });
    expect(released.status).toBe("cancelled");
    expect(released.version).toBe(h.reservation.version + 1);
    const again = await releaseHold(t.db, { reservationId: h.reservation.code, access });
    expect(again.status).toBe("cancelled");
    expect(again.version).toBe(released.version);
  });

  it("frees the table for someone else at once", async () => {
    const { r, startsAt, h, access } = await freshHold("release-frees");
    await expect(
      holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "release-frees-other", source: "web" }, { kv }),
    ).rejects.toMatchObject({ code: "slot_unavailable" });
    await releaseHold(t.db, { reservationId: h.reservation.code, access });
    const other = await holdTable(t.db, { restaurantId: r.id, startsAt, partySize: 2, principal: null, holderKey: "release-frees-other", source: "web" }, { kv });
    expect(other.reservation.status).toBe("held");
  });

  it("refuses a confirmed reservation and leaves it confirmed", async () => {
    const { h, access } = await freshHold("release-confirmed");
    await confirmReservation(t.db, { reservationId: h.reservation.code, access, details });
    await expect(releaseHold(t.db, { reservationId: h.reservation.code, access })).rejects.toMatchObject({
      code: "invalid_transition",
      details: { status: "confirmed" },
    });
    expect((await getReservation(t.db, { reservationId: h.reservation.code, access })).status).toBe("confirmed");
  });

  it("is not idempotent over a confirmed booking that was cancelled: that was not a release", async () => {
    const { h, access } = await freshHold("release-after-cancel");
    await confirmReservation(t.db, { reservationId: h.reservation.code, access, details });
    await cancelReservation(t.db, { reservationId: h.reservation.code, access });
    await expect(releaseHold(t.db, { reservationId: h.reservation.code, access })).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("needs the manage token (or the session) like every other change", async () => {
    const { h } = await freshHold("release-no-token");
    await expect(releaseHold(t.db, { reservationId: h.reservation.code, access: { principal: null, manageToken: "wrong" } })).rejects.toBeInstanceOf(DomainError);
    expect((await getReservation(t.db, { reservationId: h.reservation.code, access: { principal: null, manageToken: h.manageToken } })).status).toBe("held");
  });

  it("a release racing a confirm: exactly one wins, and a confirmed reservation is never cancelled", async () => {
    const outcomes = { released: 0, confirmed: 0 };
    for (let i = 0; i < 40; i++) {
      const { h, access } = await freshHold(`race-${i}`);
      const ref = { reservationId: h.reservation.code, access };
      // Alternate which call starts first so neither always gets the head start.
      const startRelease = () => releaseHold(t.db, ref);
      const startConfirm = () => confirmReservation(t.db, { ...ref, details });
      const [release, confirm] =
        i % 2 === 0
          ? await Promise.allSettled([startRelease(), startConfirm()])
          : await Promise.allSettled([startConfirm(), startRelease()]).then(([c, r]) => [r, c] as const);
      const final = await getReservation(t.db, ref);
      const confirmations = await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.reservationId, h.reservation.id), eq(notifications.kind, "confirmation")));

      if (confirm.status === "fulfilled") {
        expect(confirm.value.status).toBe("confirmed");
        // The confirm won: the release was refused and nothing cancelled the booking.
        expect(release.status, `iteration ${i}`).toBe("rejected");
        expect(codeOf((release as PromiseRejectedResult).reason)).toBe("invalid_transition");
        expect(final.status).toBe("confirmed");
        expect(final.version).toBe(h.reservation.version + 1);
        expect(confirmations).toHaveLength(1);
        outcomes.confirmed++;
      } else {
        // The release won: the confirm was refused, the hold is cancelled, no confirmation was queued.
        expect(release.status, `iteration ${i}`).toBe("fulfilled");
        expect(confirm.status).toBe("rejected");
        expect(codeOf((confirm as PromiseRejectedResult).reason)).toBe("invalid_transition");
        expect(final.status).toBe("cancelled");
        expect(final.version).toBe(h.reservation.version + 1);
        expect(confirmations).toHaveLength(0);
        outcomes.released++;
      }
    }
    expect(outcomes.released + outcomes.confirmed).toBe(40);
  });
});
