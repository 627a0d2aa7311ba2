"use server";

import { z } from "zod";
import { action } from "@/lib/actions";
import { uuid } from "@/lib/contract/common";
import { snakeCaseBody } from "@/lib/contract/wire";
import { tableCreateSchema, tablePatchSchema } from "@/lib/restaurants/contract";
import { createTable, deleteTable, updateTable } from "@/lib/restaurants/tables";
import { afterRulesChange, ofRestaurant, refreshed } from "./action-steps";

/** The floor: tables. Ids from the client are looked up within the caller's restaurant by the services. */

const tableRef = { ...ofRestaurant, table_id: uuid };

export const createTableAction = action(
  snakeCaseBody(tableCreateSchema, ofRestaurant),
  async ({ restaurantId, ...table }, { db, principal }) => refreshed({ id: (await createTable(db, principal, restaurantId, table)).id }),
  { auth: "required" },
);

export const updateTableAction = action(
  snakeCaseBody(tablePatchSchema, tableRef),
  async ({ restaurantId, tableId, ...patch }, ctx) => {
    await updateTable(ctx.db, ctx.principal, restaurantId, tableId, patch);
    return afterRulesChange(ctx, restaurantId);
  },
  { auth: "required" },
);

export const deleteTableAction = action(
  z.object(tableRef),
  async ({ restaurant_id, table_id }, { db, principal }) => {
    await deleteTable(db, principal, restaurant_id, table_id);
    return refreshed({ deleted: true });
  },
  { auth: "required" },
);
