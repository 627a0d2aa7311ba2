import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { cancelHandler as cancelRoute, confirmHandler as confirmRoute, createMemberReservationHandler as memberRoute, holdHandler as holdRoute } from "@/lib/api/routes/reservations";
import { call, tokenFor } from "@/lib/api/testing";
import { DomainError } from "@/lib/errors";
import { recordEffect, withIdempotencyKey } from "@/lib/idempotency/effect";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";
import { idempotencyKeys } from "@/db/schema";

/**
 * The key's record is committed with the work: a retry after the answer was lost (a crash between
 * commit and reply, a dropped connection) gets the first answer and never a second booking.
 */
let t: TestDb;
const TZ = "Europe/Madrid";
const day = DateTime.now().setZone(TZ).plus({ days: 11 });
const at = (time: string) => {
  const [h, m] = time.split(":").map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
};

beforeAll(async () => {
  t = await openTestApp({ max: 20 });
});
afterAll(() => closeTestApp(t));

async function restaurant(tables = 3) {
  const r = await insertRestaurant(t.db, { timezone: TZ });
  for (let i = 0; i < tables; i++) await insertTable(t.db, r.id, { label: `T${i + 1}`, minSeats: 1, maxSeats: 4 });
  await insertSession(t.db, r.id, { firstSeating: "18:00", lastSeating: "22:00", intervalMinutes: 30, turnMinutes: 90 });
  return r;
}

/** What a crash between the commit and storing the answer leaves behind. */
async function loseTheAnswer(key: string) {
  await t.db.execute(sql`update idempotency_keys set response_status = null, response_body = null where key = ${key}`);
}

async function reservationsAt(restaurantId: string): Promise<number> {
  const rows = (await t.db.execute(sql`select count(*)::int as n from reservations where restaurant_id = ${restaurantId}`)) as unknown as { n: number }[];
  return rows[0]!.n;
}

describe("idempotency committed with the effect", () => {
  it("a guest's hold whose answer was lost is answered again, token included, without a second hold", async () => {
    const r = await restaurant();
    const headers = { "x-forwarded-for": "192.0.2.31", "idempotency-key": "lost-answer-hold" };
    const body = { restaurant_id: r.id, starts_at: at("19:00"), party_size: 2 };
    const first = await call(holdRoute, { headers, body });
    expect(first.status).toBe(201);
    const [row] = (await t.db.execute(sql`select resource_id, resource_secret from idempotency_keys where key = 'lost-answer-hold'`)) as unknown as {
      resource_id: string;
      resource_secret: string;
    }[];
    expect(row!.resource_id).toBe(first.json.id);
    expect(row!.resource_secret).not.toContain(first.json.manage_token);

    await loseTheAnswer("lost-answer-hold");
    const retry = await call(holdRoute, { headers, body });
    expect(retry.status).toBe(201);
    expect(retry.json.id).toBe(first.json.id);
    expect(retry.json.manage_token).toBe(first.json.manage_token);
    expect(retry.json.status).toBe("held");
    expect(await reservationsAt(r.id)).toBe(1);
    // And from then on it is an ordinary replay.
    const again = await call(holdRoute, { headers, body });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json.id).toBe(first.json.id);
  });

  it("a staff booking whose answer was lost is not booked twice", async () => {
    const r = await restaurant();
    const owner = await insertUser(t.db);
    await insertMember(t.db, r.id, owner.id, "owner");
    const token = await tokenFor(owner);
    const opts = { token, params: { id: r.id }, headers: { "idempotency-key": "lost-answer-phone" }, body: { starts_at: at("20:00"), party_size: 4, name: "Phone guest", status: "confirmed" } };
    const first = await call(memberRoute, opts);
    expect(first.status).toBe(201);
    await loseTheAnswer("lost-answer-phone");
    const retry = await call(memberRoute, opts);
    expect(retry.status).toBe(201);
    expect(retry.json.id).toBe(first.json.id);
    expect(await reservationsAt(r.id)).toBe(1);
  });

  it("confirm and cancel take Idempotency-Key: a replay is the first answer, another body with the key is 409", async () => {
    const r = await restaurant();
    const held = await call(holdRoute, { headers: { "x-forwarded-for": "192.0.2.32" }, body: { restaurant_id: r.id, starts_at: at("18:30"), party_size: 2 } });
    const manage = { "x-manage-token": held.json.manage_token as string, "x-forwarded-for": "192.0.2.32" };
    const confirm = (key: string, name: string) =>
      call(confirmRoute, { params: { id: held.json.id }, headers: { ...manage, "idempotency-key": key }, body: { name, email: "guest@example.test" } });
    const first = await confirm("confirm-1", "Ada");
    expect([first.status, first.json.status]).toEqual([200, "confirmed"]);
    const replay = await confirm("confirm-1", "Ada");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.json).toEqual(first.json);
    const other = await confirm("confirm-1", "Someone else");
    expect([other.status, other.json.error.code]).toEqual([409, "conflict"]);
    const outbox = (await t.db.execute(sql`select count(*)::int as n from notifications where reservation_id = ${held.json.id} and kind = 'confirmation'`)) as unknown as { n: number }[];
    expect(outbox[0]!.n).toBe(1);

    const cancel = () => call(cancelRoute, { method: "POST", params: { id: held.json.id }, headers: { ...manage, "idempotency-key": "cancel-1" } });
    const cancelled = await cancel();
    expect([cancelled.status, cancelled.json.status]).toEqual([200, "cancelled"]);
    await loseTheAnswer("cancel-1");
    const retried = await cancel();
    expect([retried.status, retried.json.status]).toEqual([200, "cancelled"]);
  });

  it("two attempts with one key cannot both commit their work", async () => {
    const r = await restaurant();
    const ref = { scope: "ip:192.0.2.40", key: "taken-over", requestHash: "h" };
    await t.db.insert(idempotencyKeys).values({ scope: ref.scope, key: ref.key, route: "POST /x", requestHash: ref.requestHash });
    const attempt = (label: string) =>
      withIdempotencyKey(ref, () =>
        t.db.transaction(async (tx) => {
          const [row] = (await tx.execute(sql`
            insert into dining_tables (restaurant_id, label, min_seats, max_seats) values (${r.id}, ${label}, 1, 2) returning id`)) as unknown as { id: string }[];
          await recordEffect(tx, { id: row!.id });
          return label;
        }),
      );
    const outcomes = await Promise.allSettled([attempt("A"), attempt("B"), attempt("C")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(DomainError);
    const made = (await t.db.execute(sql`select count(*)::int as n from dining_tables where restaurant_id = ${r.id} and label in ('A', 'B', 'C')`)) as unknown as { n: number }[];
    expect(made[0]!.n).toBe(1);
  });

  it("a request that failed before its work committed leaves the key free for the retry", async () => {
    const r = await restaurant(1);
    const headers = { "x-forwarded-for": "192.0.2.33", "idempotency-key": "failed-first" };
    await call(holdRoute, { headers: { "x-forwarded-for": "192.0.2.34" }, body: { restaurant_id: r.id, starts_at: at("21:00"), party_size: 2 } });
    const taken = await call(holdRoute, { headers, body: { restaurant_id: r.id, starts_at: at("21:00"), party_size: 2 } });
    expect(taken.status).toBe(409);
    const keys = (await t.db.execute(sql`select count(*)::int as n from idempotency_keys where key = 'failed-first'`)) as unknown as { n: number }[];
    expect(keys[0]!.n).toBe(0);
  });
});
