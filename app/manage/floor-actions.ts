"use server";

import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { tableCreateSchema, tablePatchSchema } from "@/lib/restaurants/contract";
import { createTable, deleteTable, updateTable } from "@/lib/restaurants/tables";
import { afterRulesChange, ofRestaurant, ownerAction, refreshed, removalAction } from "./action-steps";

/** The floor: tables. Ids from the client are looked up within the caller's restaurant by the services. */

const tableRef = { ...ofRestaurant, table_id: uuid };

export const createTableAction = ownerAction(
  snakeCaseBody(tableCreateSchema, ofRestaurant),
  async ({ restaurantId, ...table }, { db, principal }) => refreshed({ id: (await createTable(db, principal, restaurantId, table)).id }),
);

export const updateTableAction = ownerAction(
  snakeCaseBody(tablePatchSchema, tableRef),
  async ({ restaurantId, tableId, ...patch }, ctx) => {
    await updateTable(ctx.db, ctx.principal, restaurantId, tableId, patch);
    return afterRulesChange(ctx, restaurantId);
  },
);

export const deleteTableAction = removalAction("table_id", deleteTable, { deleted: true });
