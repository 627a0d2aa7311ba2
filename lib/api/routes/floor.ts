/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { MEMBER_ERRORS, type RouteDoc } from "@/lib/api/doc";
import { route } from "@/lib/api/handler";
import {
  closureBody,
  closureParams,
  closureResponse,
  closuresQuery,
  idParams,
  listOf,
  sessionBody,
  sessionParams,
  sessionPatchBody,
  sessionResponse,
  tableBody,
  tableParams,
  tablePatchBody,
  tableResponse,
} from "@/lib/api/schemas";
import { serializeClosure, serializeSession, serializeTable } from "@/lib/api/serialize";
import { createClosure, deleteClosure, listClosures } from "@/lib/restaurants/closures";
import { createSession, deleteSession, listSessions, updateSession } from "@/lib/restaurants/sessions";
import { createTable, deleteTable, listTables, updateTable } from "@/lib/restaurants/tables";

const TAG = "Floor and sessions";
const STAFF = "owner, manager, host";
const MANAGERS = "owner, manager";
const doc = (d: Omit<RouteDoc, "tag">): RouteDoc => ({ tag: TAG, ...d });

export const listTablesHandler = route({
  doc: doc({ method: "GET", path: "/api/v1/restaurants/{id}/tables", summary: "List tables", roles: STAFF, response: listOf(tableResponse), errors: MEMBER_ERRORS }),
  auth: "member",
  params: idParams,
}, async ({ db, principal, params }) => ({
  items: (await listTables(db, principal, params.id)).map(serializeTable),
}));

export const createTableHandler = route(
  {
    doc: doc({ method: "POST", path: "/api/v1/restaurants/{id}/tables", example: { body: { label: "T1", min_seats: 1, max_seats: 4, area: "Terrace" } }, summary: "Add a table", roles: MANAGERS, response: tableResponse, errors: [...MEMBER_ERRORS, "conflict"] }),
    auth: "member",
    params: idParams,
    body: tableBody,
    idempotent: true,
    status: 201,
  },
  async ({ db, principal, params, body }) => serializeTable(await createTable(db, principal, params.id, body)),
);

export const updateTableHandler = route(
  {
    doc: doc({
      method: "PATCH",
      path: "/api/v1/restaurants/{id}/tables/{table_id}",
      example: { body: { label: "T1", area: "Terrace" } },
      summary: "Change a table",
      description: "Set `active: false` to retire a table that has reservations.",
      roles: MANAGERS,
      response: tableResponse,
      errors: [...MEMBER_ERRORS, "conflict"],
    }),
    auth: "member",
    params: tableParams,
    body: tablePatchBody,
  },
  async ({ db, principal, params, body }) =>
    serializeTable(await updateTable(db, principal, params.id, params.table_id, body)),
);

export const deleteTableHandler = route({
  doc: doc({
    method: "DELETE",
    path: "/api/v1/restaurants/{id}/tables/{table_id}",
    summary: "Delete a table",
    description: "409 `conflict` when the table has reservations (upcoming, or on record): deactivate it instead. 204 on success.",
    roles: MANAGERS,
    errors: [...MEMBER_ERRORS, "conflict"],
  }),
  auth: "member",
  params: tableParams,
  status: 204,
}, async ({ db, principal, params }) => {
  await deleteTable(db, principal, params.id, params.table_id);
});

export const listSessionsHandler = route({
  doc: doc({ method: "GET", path: "/api/v1/restaurants/{id}/sessions", summary: "List service sessions", roles: STAFF, response: listOf(sessionResponse), errors: MEMBER_ERRORS }),
  auth: "member",
  params: idParams,
}, async ({ db, principal, params }) => ({
  items: (await listSessions(db, principal, params.id)).map(serializeSession),
}));

export const createSessionHandler = route(
  {
    doc: doc({
      method: "POST",
      path: "/api/v1/restaurants/{id}/sessions",
      example: { body: { name: "Dinner", days: [1, 2], first_seating: "17:30", last_seating: "21:30", turn_minutes: 90 } },
      summary: "Add a service session",
      description:
        "`days` are ISO weekdays (1 Monday … 7 Sunday) of the service date. `last_seating` earlier than `first_seating` runs past midnight. `turn_minutes` is minutes for every party, or rules by the largest party each applies to.",
      roles: MANAGERS,
      response: sessionResponse,
      errors: MEMBER_ERRORS,
    }),
    auth: "member",
    params: idParams,
    body: sessionBody,
    idempotent: true,
    status: 201,
  },
  async ({ db, principal, params, body }) => serializeSession(await createSession(db, principal, params.id, body)),
);

export const updateSessionHandler = route(
  {
    doc: doc({ method: "PATCH", path: "/api/v1/restaurants/{id}/sessions/{session_id}", example: { body: { name: "Dinner", first_seating: "17:30" } }, summary: "Change a service session", roles: MANAGERS, response: sessionResponse, errors: MEMBER_ERRORS }),
    auth: "member",
    params: sessionParams,
    body: sessionPatchBody,
  },
  async ({ db, principal, params, body }) =>
    serializeSession(await updateSession(db, principal, params.id, params.session_id, body)),
);

export const deleteSessionHandler = route({
  doc: doc({
    method: "DELETE",
    path: "/api/v1/restaurants/{id}/sessions/{session_id}",
    summary: "Delete a service session",
    description: "Existing reservations keep their times. 204 on success.",
    roles: MANAGERS,
    errors: MEMBER_ERRORS,
  }),
  auth: "member",
  params: sessionParams,
  status: 204,
}, async ({ db, principal, params }) => {
  await deleteSession(db, principal, params.id, params.session_id);
});

export const listClosuresHandler = route({
  doc: doc({
    method: "GET",
    path: "/api/v1/restaurants/{id}/closures",
    example: { query: { from: "2031-06-01" } },
    summary: "List closures",
    description: "`from` keeps closures ending on or after that local date.",
    roles: STAFF,
    response: listOf(closureResponse),
    errors: MEMBER_ERRORS,
  }),
  auth: "member",
  params: idParams,
  query: closuresQuery,
}, async ({ db, principal, params, query }) => ({
  items: (await listClosures(db, principal, params.id, { from: query.from })).map(serializeClosure),
}));

export const createClosureHandler = route(
  {
    doc: doc({
      method: "POST",
      path: "/api/v1/restaurants/{id}/closures",
      example: { body: { start_date: "2031-06-01", end_date: "2031-06-01", reason: "Holiday" } },
      summary: "Add a closure",
      description: "Inclusive local dates: no online booking on them.",
      roles: MANAGERS,
      response: closureResponse,
      errors: MEMBER_ERRORS,
    }),
    auth: "member",
    params: idParams,
    body: closureBody,
    idempotent: true,
    status: 201,
  },
  async ({ db, principal, params, body }) => serializeClosure(await createClosure(db, principal, params.id, body)),
);

export const deleteClosureHandler = route({
  doc: doc({ method: "DELETE", path: "/api/v1/restaurants/{id}/closures/{closure_id}", summary: "Delete a closure", description: "204 on success.", roles: MANAGERS, errors: MEMBER_ERRORS }),
  auth: "member",
  params: closureParams,
  status: 204,
}, async ({ db, principal, params }) => {
  await deleteClosure(db, principal, params.id, params.closure_id);
});
