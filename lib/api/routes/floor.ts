/**
 * Route handlers, defined in lib/ so integration tests can call them without importing app/ (the
 * layering rule); each app/api route.ts only re-exports them under the HTTP method names.
 */
import { route } from "@/lib/api/handler";
import { closureBody, closureParams, closuresQuery, idParams, sessionBody, sessionParams, sessionPatchBody, tableBody, tableParams, tablePatchBody } from "@/lib/api/schemas";
import { serializeClosure, serializeSession, serializeTable } from "@/lib/api/serialize";
import { createClosure, deleteClosure, listClosures } from "@/lib/restaurants/closures";
import { createSession, deleteSession, listSessions, updateSession } from "@/lib/restaurants/sessions";
import { createTable, deleteTable, listTables, updateTable } from "@/lib/restaurants/tables";

// /api/v1/restaurants/[id]/tables
export const listTablesHandler = route({ auth: "required", params: idParams }, async ({ db, principal, params }) => ({
  items: (await listTables(db, principal, params.id)).map(serializeTable),
}));

export const createTableHandler = route(
  { auth: "required", params: idParams, body: tableBody, idempotent: true, status: 201 },
  async ({ db, principal, params, body }) => serializeTable(await createTable(db, principal, params.id, body)),
);

// /api/v1/restaurants/[id]/tables/[table_id]
export const updateTableHandler = route(
  { auth: "required", params: tableParams, body: tablePatchBody },
  async ({ db, principal, params, body }) =>
    serializeTable(await updateTable(db, principal, params.id, params.table_id, body)),
);

export const deleteTableHandler = route({ auth: "required", params: tableParams, status: 204 }, async ({ db, principal, params }) => {
  await deleteTable(db, principal, params.id, params.table_id);
});

// /api/v1/restaurants/[id]/sessions
export const listSessionsHandler = route({ auth: "required", params: idParams }, async ({ db, principal, params }) => ({
  items: (await listSessions(db, principal, params.id)).map(serializeSession),
}));

export const createSessionHandler = route(
  { auth: "required", params: idParams, body: sessionBody, idempotent: true, status: 201 },
  async ({ db, principal, params, body }) => serializeSession(await createSession(db, principal, params.id, body)),
);

// /api/v1/restaurants/[id]/sessions/[session_id]
export const updateSessionHandler = route(
  { auth: "required", params: sessionParams, body: sessionPatchBody },
  async ({ db, principal, params, body }) =>
    serializeSession(await updateSession(db, principal, params.id, params.session_id, body)),
);

export const deleteSessionHandler = route({ auth: "required", params: sessionParams, status: 204 }, async ({ db, principal, params }) => {
  await deleteSession(db, principal, params.id, params.session_id);
});

// /api/v1/restaurants/[id]/closures
export const listClosuresHandler = route({ auth: "required", params: idParams, query: closuresQuery }, async ({ db, principal, params, query }) => ({
  items: (await listClosures(db, principal, params.id, { from: query.from })).map(serializeClosure),
}));

export const createClosureHandler = route(
  { auth: "required", params: idParams, body: closureBody, idempotent: true, status: 201 },
  async ({ db, principal, params, body }) => serializeClosure(await createClosure(db, principal, params.id, body)),
);

// /api/v1/restaurants/[id]/closures/[closure_id]
export const deleteClosureHandler = route({ auth: "required", params: closureParams, status: 204 }, async ({ db, principal, params }) => {
  await deleteClosure(db, principal, params.id, params.closure_id);
});
