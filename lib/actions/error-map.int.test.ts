import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { openDb, setDb, type Db, type DbHandle } from "@/db/client";
import { call } from "@/lib/api/testing";
import { holdHandler } from "@/lib/api/routes/reservations";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
// Tests call the server action exactly as a form does; services never import app/.
// eslint-disable-next-line no-restricted-imports
import { holdTableAction } from "@/app/book/actions";

/**
 * One error map: a server action and the API route over the same service answer the same database
 * outage with the same code, message and retry hint. Next's request scope (headers, cookies, the
 * Auth.js session) does not exist in a test, so those three are stood in for; everything else —
 * the action wrapper, the route wrapper, the service, the driver — is the real thing.
 */
vi.mock("next/headers", () => import("@/lib/testing/next-request"));
vi.mock("@/lib/auth/resolve", async (real) => (await import("@/lib/testing/next-request")).withStandInSession(await real()));

let t: TestDb;
let closed: DbHandle;
let refused: DbHandle;

beforeAll(async () => {
  t = await openTestApp({ appDb: false });
  // A pool that has been shut down, and a pool to a port nothing listens on.
  closed = openDb(t.url, { max: 1 });
  await closed.close();
  refused = openDb("postgres://nobody:nothing@127.0.0.1:9/none", { max: 1 });
});
afterAll(async () => {
  await refused?.close();
  await closeTestApp(t);
});

const input = { restaurantId: randomUUID(), startsAt: "2031-06-01T19:00:00Z", partySize: 2 };

async function both(db: Db) {
  setDb(db);
  try {
    const fromAction = await holdTableAction(input);
    const fromApi = await call(holdHandler, {
      method: "POST",
      body: { restaurant_id: input.restaurantId, starts_at: input.startsAt, party_size: input.partySize },
    });
    return { fromAction, fromApi };
  } finally {
    setDb(null);
  }
}

describe("one error map for actions and the API", () => {
  for (const [name, db] of [
    ["a closed pool", () => closed.db],
    ["a refused connection", () => refused.db],
  ] as const) {
    it(`${name}: the action gets the API's code, message and retry hint`, async () => {
      const { fromAction, fromApi } = await both(db());
      expect(fromApi.status).toBe(503);
      expect(fromApi.json.error.code).toBe("unavailable");
      expect(fromApi.headers.get("retry-after")).toMatch(/^\d+$/);

      expect(fromAction.ok).toBe(false);
      if (fromAction.ok) return;
      expect(fromAction.error.code).toBe(fromApi.json.error.code);
      expect(fromAction.error.message).toBe(fromApi.json.error.message);
      expect(fromAction.error.retryAfter).toBe(Number(fromApi.headers.get("retry-after")));
    });
  }

  it("a domain error (unknown restaurant) maps the same way on both", async () => {
    const { fromAction, fromApi } = await both(t.db);
    expect(fromApi.status).toBe(404);
    expect(fromAction.ok).toBe(false);
    if (fromAction.ok) return;
    expect(fromAction.error).toEqual(expect.objectContaining({ code: fromApi.json.error.code, message: fromApi.json.error.message }));
    expect(fromAction.error.retryAfter).toBeUndefined();
  });
});
