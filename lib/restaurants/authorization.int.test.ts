import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRestaurantHandler as getRoute, updateRestaurantHandler as patchRoute } from "@/lib/api/routes/restaurants";
import { listTablesHandler as listTablesRoute, createTableHandler as createTableRoute } from "@/lib/api/routes/floor";
import { deleteTableHandler as deleteTableRoute, updateTableHandler as patchTableRoute } from "@/lib/api/routes/floor";
import { listSessionsHandler as listSessionsRoute, createSessionHandler as createSessionRoute } from "@/lib/api/routes/floor";
import { deleteSessionHandler as deleteSessionRoute, updateSessionHandler as patchSessionRoute } from "@/lib/api/routes/floor";
import { listClosuresHandler as listClosuresRoute, createClosureHandler as createClosureRoute } from "@/lib/api/routes/floor";
import { deleteClosureHandler as deleteClosureRoute } from "@/lib/api/routes/floor";
import type { RouteHandler } from "@/lib/api/handler";
import { call, tokenFor } from "@/lib/api/testing";
import { closeTestApp, openTestApp } from "@/lib/testing/app";
import type { TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertSession, insertTable, insertUser } from "@/lib/testing/fixtures";

/** DESIGN invariant 6: members manage only their own restaurant; ids in URLs are never trusted. */
let t: TestDb;
let a: { id: string; table: string; session: string; closure: string };
let b: { id: string; table: string; session: string; closure: string };
let ownerA: string;
let hostB: string;

beforeAll(async () => {
  t = await openTestApp();
  const make = async () => {
    const r = await insertRestaurant(t.db, { published: false });
    const table = await insertTable(t.db, r.id);
    const session = await insertSession(t.db, r.id);
    const [closure] = await t.sql`insert into closures (restaurant_id, start_date, end_date) values (${r.id}, '2030-01-01', '2030-01-02') returning id`;
    return { id: r.id, table: table.id, session: session.id, closure: String(closure!.id) };
  };
  a = await make();
  b = await make();
  const userA = await insertUser(t.db);
  const userHostB = await insertUser(t.db);
  await insertMember(t.db, a.id, userA.id, "owner");
  await insertMember(t.db, b.id, userHostB.id, "host");
  ownerA = await tokenFor(userA);
  hostB = await tokenFor(userHostB);
});
afterAll(() => closeTestApp(t));

interface Case {
  name: string;
  handler: RouteHandler;
  method: string;
  params: (r: typeof a) => Record<string, string>;
  body?: unknown;
}

const cases: Case[] = [
  { name: "GET restaurant (draft)", handler: getRoute, method: "GET", params: (r) => ({ id: r.id }) },
  { name: "PATCH restaurant", handler: patchRoute, method: "PATCH", params: (r) => ({ id: r.id }), body: { name: "Mine now" } },
  { name: "GET tables", handler: listTablesRoute, method: "GET", params: (r) => ({ id: r.id }) },
  { name: "POST tables", handler: createTableRoute, method: "POST", params: (r) => ({ id: r.id }), body: { label: "Z9", min_seats: 1, max_seats: 2 } },
  { name: "PATCH table", handler: patchTableRoute, method: "PATCH", params: (r) => ({ id: r.id, table_id: r.table }), body: { active: false } },
  { name: "DELETE table", handler: deleteTableRoute, method: "DELETE", params: (r) => ({ id: r.id, table_id: r.table }) },
  { name: "GET sessions", handler: listSessionsRoute, method: "GET", params: (r) => ({ id: r.id }) },
  {
    name: "POST sessions",
    handler: createSessionRoute,
    method: "POST",
    params: (r) => ({ id: r.id }),
    body: { name: "S", days: [1], first_seating: "12:00", last_seating: "13:00", turn_minutes: 60 },
  },
  { name: "PATCH session", handler: patchSessionRoute, method: "PATCH", params: (r) => ({ id: r.id, session_id: r.session }), body: { name: "X" } },
  { name: "DELETE session", handler: deleteSessionRoute, method: "DELETE", params: (r) => ({ id: r.id, session_id: r.session }) },
  { name: "GET closures", handler: listClosuresRoute, method: "GET", params: (r) => ({ id: r.id }) },
  {
    name: "POST closures",
    handler: createClosureRoute,
    method: "POST",
    params: (r) => ({ id: r.id }),
    body: { start_date: "2030-05-01", end_date: "2030-05-01" },
  },
  { name: "DELETE closure", handler: deleteClosureRoute, method: "DELETE", params: (r) => ({ id: r.id, closure_id: r.closure }) },
];

async function snapshot() {
  return t.sql`
    select (select json_agg(r order by id) from restaurants r) as restaurants,
           (select json_agg(x order by id) from dining_tables x) as tables,
           (select json_agg(s order by id) from service_sessions s) as sessions,
           (select json_agg(c order by id) from closures c) as closures`;
}

describe("a member of restaurant A on restaurant B's routes", () => {
  it.each(cases)("$name → 404, and nothing changes", async (c) => {
    const before = await snapshot();
    const res = await call(c.handler, { method: c.method, params: c.params(b), token: ownerA, body: c.body });
    expect(res.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it.each(cases.filter((c) => /table|session|closure$/.test(c.name) && !c.name.startsWith("GET") && !c.name.startsWith("POST")))(
    "$name with A's id but B's child id → 404, and nothing changes",
    async (c) => {
      const before = await snapshot();
      const mixed = { ...c.params(b), id: a.id };
      const res = await call(c.handler, { method: c.method, params: mixed, token: ownerA, body: c.body });
      expect(res.status).toBe(404);
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe("anonymous callers", () => {
  it.each(cases.filter((c) => c.name !== "GET restaurant (draft)"))("$name → 401", async (c) => {
    const res = await call(c.handler, { method: c.method, params: c.params(b), body: c.body });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthenticated");
  });

  it("GET of a draft restaurant → 404", async () => {
    expect((await call(getRoute, { params: { id: b.id } })).status).toBe(404);
  });
});

describe("a host of restaurant B", () => {
  const writes = cases.filter((c) => c.method !== "GET");
  it.each(writes)("$name → 403", async (c) => {
    const res = await call(c.handler, { method: c.method, params: c.params(b), token: hostB, body: c.body });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });

  it.each(cases.filter((c) => c.method === "GET"))("$name → 200", async (c) => {
    const res = await call(c.handler, { method: c.method, params: c.params(b), token: hostB });
    expect(res.status).toBe(200);
  });
});
