import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { diningTables, reservations, type DiningTable } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { DomainError, notFound, sqlStateOf } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import type { z } from "zod";
import { parseInput } from "@/lib/contract/parse";
import { tableCreateSchema, tablePatchSchema } from "@/lib/restaurants/contract";

export type TableInput = z.input<typeof tableCreateSchema>;
export type TablePatch = z.input<typeof tablePatchSchema>;

const labelTaken = () =>
  new DomainError("conflict", "Another table already has this label.", { fields: { label: ["Already used by another table."] } });

/** The floor, by label (members, any role: hosts seat guests at these tables). */
export async function listTables(db: DbOrTx, principal: Principal | null, restaurantId: string): Promise<DiningTable[]> {
  await requirePermission(db, principal, restaurantId, "book.view");
  return db
    .select()
    .from(diningTables)
    .where(eq(diningTables.restaurantId, restaurantId))
    .orderBy(asc(diningTables.label), asc(diningTables.id));
}

export async function createTable(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  raw: TableInput,
): Promise<DiningTable> {
  await requirePermission(db, principal, restaurantId, "floor.manage");
  const input = parseInput(tableCreateSchema, raw, { keys: "snake" });
  try {
    const [row] = await db
      .insert(diningTables)
      .values({
        restaurantId,
        label: input.label,
        minSeats: input.minSeats,
        maxSeats: input.maxSeats,
        area: input.area ?? null,
        online: input.online ?? true,
        active: input.active ?? true,
      })
      .returning();
    await bumpAvailabilityVersion(restaurantId);
    return row!;
  } catch (e) {
    if (sqlStateOf(e) === "23505") throw labelTaken();
    throw e;
  }
}

async function lockTable(db: DbOrTx, restaurantId: string, tableId: string): Promise<DiningTable> {
  const [row] = await db
    .select()
    .from(diningTables)
    .where(and(eq(diningTables.id, tableId), eq(diningTables.restaurantId, restaurantId)))
    .for("update")
    .limit(1);
  if (!row) throw notFound("Table");
  return row;
}

export async function updateTable(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  tableId: string,
  raw: TablePatch,
): Promise<DiningTable> {
  await requirePermission(db, principal, restaurantId, "floor.manage");
  const patch = parseInput(tablePatchSchema, raw, { keys: "snake" });
  const row = await db.transaction(async (tx) => {
    const current = await lockTable(tx, restaurantId, tableId);
    const minSeats = patch.minSeats ?? current.minSeats;
    const maxSeats = patch.maxSeats ?? current.maxSeats;
    if (maxSeats < minSeats) {
      throw new DomainError("invalid_input", "The seat range is empty.", {
        fields: { max_seats: [`Must be at least min_seats (${minSeats}).`] },
      });
    }
    const set: Partial<typeof diningTables.$inferInsert> = {};
    if (patch.label !== undefined) set.label = patch.label;
    if (patch.minSeats !== undefined) set.minSeats = patch.minSeats;
    if (patch.maxSeats !== undefined) set.maxSeats = patch.maxSeats;
    if (patch.area !== undefined) set.area = patch.area;
    if (patch.online !== undefined) set.online = patch.online;
    if (patch.active !== undefined) set.active = patch.active;
    if (Object.keys(set).length === 0) return current;
    try {
      const [updated] = await tx.update(diningTables).set(set).where(eq(diningTables.id, tableId)).returning();
      return updated!;
    } catch (e) {
      if (sqlStateOf(e) === "23505") throw labelTaken();
      throw e;
    }
  });
  await bumpAvailabilityVersion(restaurantId);
  return row;
}

/**
 * Removes a table that has never been booked. A table with future blocking reservations is 409 (they
 * would lose their table); one with past reservations is 409 too, because the history references it.
 * Either way the answer is to deactivate it instead.
 */
export async function deleteTable(db: DbOrTx, principal: Principal | null, restaurantId: string, tableId: string): Promise<void> {
  await requirePermission(db, principal, restaurantId, "floor.manage");
  await db.transaction(async (tx) => {
    // The row lock makes a racing hold (its foreign key takes a key-share lock) wait for us, or us for it.
    await lockTable(tx, restaurantId, tableId);
    const [usage] = await tx
      .select({
        future: sql<number>`count(*) filter (where ${reservations.endsAt} > now() and (
          ${reservations.status} in ('confirmed', 'seated')
          or (${reservations.status} = 'held' and ${reservations.holdExpiresAt} > now())))`.mapWith(Number),
        any: sql<number>`count(*)`.mapWith(Number),
      })
      .from(reservations)
      .where(eq(reservations.tableId, tableId));
    if ((usage?.future ?? 0) > 0) {
      throw new DomainError(
        "conflict",
        `This table has ${usage!.future} upcoming reservation${usage!.future === 1 ? "" : "s"}; deactivate it instead.`,
      );
    }
    if ((usage?.any ?? 0) > 0) {
      throw new DomainError("conflict", "This table has past reservations on record; deactivate it instead.");
    }
    try {
      await tx.delete(diningTables).where(eq(diningTables.id, tableId));
    } catch (e) {
      if (sqlStateOf(e) === "23503") throw new DomainError("conflict", "This table has reservations; deactivate it instead.");
      throw e;
    }
  });
  await bumpAvailabilityVersion(restaurantId);
}
