import { and, asc, eq, gte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { closures, type Closure } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import { notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import type { z } from "zod";
import { parseInput } from "@/lib/contract/parse";
import { closureSchema } from "@/lib/restaurants/contract";

/** Inclusive local dates, YYYY-MM-DD, and an optional reason. */
export type ClosureInput = z.input<typeof closureSchema>;

/** Closures by start date (members, any role); `from` keeps those ending on or after that local date. */
export async function listClosures(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  options: { from?: string } = {},
): Promise<Closure[]> {
  await requirePermission(db, principal, restaurantId, "book.view");
  const where = options.from
    ? and(eq(closures.restaurantId, restaurantId), gte(closures.endDate, options.from))
    : eq(closures.restaurantId, restaurantId);
  return db.select().from(closures).where(where).orderBy(asc(closures.startDate), asc(closures.id));
}

export async function createClosure(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  raw: ClosureInput,
): Promise<Closure> {
  await requirePermission(db, principal, restaurantId, "closures.manage");
  const input = parseInput(closureSchema, raw, { keys: "snake" });
  const [row] = await db
    .insert(closures)
    .values({ restaurantId, startDate: input.startDate, endDate: input.endDate, reason: input.reason ?? null })
    .returning();
  await bumpAvailabilityVersion(restaurantId);
  return row!;
}

export async function deleteClosure(db: DbOrTx, principal: Principal | null, restaurantId: string, closureId: string): Promise<void> {
  await requirePermission(db, principal, restaurantId, "closures.manage");
  const deleted = await db
    .delete(closures)
    .where(and(eq(closures.id, closureId), eq(closures.restaurantId, restaurantId)))
    .returning({ id: closures.id });
  if (deleted.length === 0) throw notFound("Closure");
  await bumpAvailabilityVersion(restaurantId);
}
