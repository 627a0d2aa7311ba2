import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { restaurantMembers, restaurants, type MemberRole, type Restaurant } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { bumpAvailabilityVersion } from "@/lib/availability/version";
import type { z } from "zod";
import { looksLikeUuid, slugify } from "@/lib/contract/common";
import { parseInput } from "@/lib/contract/parse";
import { DomainError, invalidInput, isUniqueViolation, notFound, unauthenticated } from "@/lib/errors";
import { getMemberRole, requirePermission } from "@/lib/restaurants/access";
import { restaurantCreateSchema, restaurantPatchSchema, type RestaurantPatchInput } from "@/lib/restaurants/contract";
import { canPublish } from "@/lib/restaurants/publish";

export interface Policy {
  holdMinutes: number;
  minPartySize: number;
  maxPartySize: number;
  bookingWindowDays: number;
  minNoticeMinutes: number;
  cancellationCutoffMinutes: number;
  /** Percent of a service's tables diners who are not signed in may hold at once (100 = no cap). */
  anonymousHoldSharePct: number;
  currency: string;
  depositCents: number;
  depositMinPartySize: number;
  noShowFeeCents: number;
}

/** The documented defaults. */
export const DEFAULT_POLICY: Policy = {
  holdMinutes: 10,
  minPartySize: 1,
  maxPartySize: 8,
  bookingWindowDays: 60,
  minNoticeMinutes: 60,
  cancellationCutoffMinutes: 120,
  anonymousHoldSharePct: 25,
  currency: "EUR",
  depositCents: 0,
  depositMinPartySize: 0,
  noShowFeeCents: 0,
};

export type RestaurantInput = z.input<typeof restaurantCreateSchema>;
export type RestaurantPatch = z.input<typeof restaurantPatchSchema>;


const slugTaken = () =>
  new DomainError("conflict", "That slug is already taken.", { fields: { slug: ["Already taken; choose another."] } });

function policyColumns(p: Partial<Policy>) {
  const out: Partial<typeof restaurants.$inferInsert> = {};
  if (p.holdMinutes !== undefined) out.holdMinutes = p.holdMinutes;
  if (p.minPartySize !== undefined) out.minPartySize = p.minPartySize;
  if (p.maxPartySize !== undefined) out.maxPartySize = p.maxPartySize;
  if (p.bookingWindowDays !== undefined) out.bookingWindowDays = p.bookingWindowDays;
  if (p.minNoticeMinutes !== undefined) out.minNoticeMinutes = p.minNoticeMinutes;
  if (p.cancellationCutoffMinutes !== undefined) out.cancellationCutoffMinutes = p.cancellationCutoffMinutes;
  if (p.anonymousHoldSharePct !== undefined) out.anonymousHoldSharePct = p.anonymousHoldSharePct;
  if (p.currency !== undefined) out.currency = p.currency;
  if (p.depositCents !== undefined) out.depositCents = p.depositCents;
  if (p.depositMinPartySize !== undefined) out.depositMinPartySize = p.depositMinPartySize;
  if (p.noShowFeeCents !== undefined) out.noShowFeeCents = p.noShowFeeCents;
  return out;
}

/** A free slug based on `base`: `base`, else `base-2`, `base-3`, … (one query for the candidates). */
async function freeSlug(db: DbOrTx, base: string): Promise<string> {
  const rows = await db
    .select({ slug: restaurants.slug })
    .from(restaurants)
    .where(sql`${restaurants.slug} = ${base} or ${restaurants.slug} ~ ${`^${base}-[0-9]+$`}`);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Creates a restaurant as a draft and makes the caller its owner. */
export async function createRestaurant(db: DbOrTx, principal: Principal | null, raw: RestaurantInput): Promise<Restaurant> {
  if (!principal) throw unauthenticated();
  const input = parseInput(restaurantCreateSchema, raw, { keys: "snake" });
  const policy = { ...DEFAULT_POLICY, ...stripUndefined(input.policy ?? {}) };
  if (policy.maxPartySize < policy.minPartySize) {
    throw invalidInput("The party size range is empty.", { "policy.max_party_size": [`Must be at least the smallest party (${policy.minPartySize}).`] });
  }
  if (input.published) {
    throw new DomainError(
      "invalid_transition",
      "A new restaurant has no tables or sessions yet: create it as a draft, add them, then publish.",
      { details: { missing: ["Add at least one active table.", "Add at least one service session."] } },
    );
  }

  const explicitSlug = input.slug !== undefined;
  const base = input.slug ?? (slugify(input.name) || "restaurant");
  // Two tries: a derived slug raced by another insert gets the next free number.
  for (let attempt = 0; ; attempt++) {
    const slug = explicitSlug ? base : await freeSlug(db, base.length >= 2 ? base : `${base}-restaurant`);
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(restaurants)
          .values({
            slug,
            name: input.name,
            timezone: input.timezone,
            cuisine: input.cuisine ?? null,
            city: input.city ?? null,
            address: input.address ?? null,
            description: input.description ?? null,
            priceBand: input.priceBand ?? null,
            ...facesColumns(input),
            published: false,
            ...policyColumns(policy),
          })
          .returning();
        await tx.insert(restaurantMembers).values({ restaurantId: row!.id, userId: principal.userId, role: "owner" });
        return row!;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (explicitSlug || attempt >= 2) throw slugTaken();
    }
  }
}

/** The columns of the fields that say how to reach and recognise the restaurant (those given). */
function facesColumns(p: Pick<RestaurantPatchInput, "phone" | "website" | "menuUrl" | "location">): Partial<typeof restaurants.$inferInsert> {
  const set: Partial<typeof restaurants.$inferInsert> = {};
  if (p.phone !== undefined) set.phone = p.phone;
  if (p.website !== undefined) set.website = p.website;
  if (p.menuUrl !== undefined) set.menuUrl = p.menuUrl;
  if (p.location !== undefined) {
    set.latitude = p.location?.lat ?? null;
    set.longitude = p.location?.lng ?? null;
  }
  return set;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Changes a restaurant's details or policy (owner or manager). Every change bumps its availability version. */
export async function updateRestaurant(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  raw: RestaurantPatch,
): Promise<Restaurant> {
  await requirePermission(db, principal, restaurantId, raw.published !== undefined ? "restaurant.publish" : "restaurant.update");
  const patch = parseInput(restaurantPatchSchema, raw, { keys: "snake" });

  const updated = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(restaurants).where(eq(restaurants.id, restaurantId)).for("update").limit(1);
    if (!current) throw notFound("Restaurant");
    const policy = { ...policyOf(current), ...stripUndefined(patch.policy ?? {}) };
    if (policy.maxPartySize < policy.minPartySize) {
      throw new DomainError("invalid_input", "The party size range is empty.", {
        fields: { "policy.max_party_size": [`Must be at least min_party_size (${policy.minPartySize}).`] },
      });
    }
    const set: Partial<typeof restaurants.$inferInsert> = { ...policyColumns(stripUndefined(patch.policy ?? {})), updatedAt: new Date() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.slug !== undefined) set.slug = patch.slug;
    if (patch.timezone !== undefined) set.timezone = patch.timezone;
    if (patch.cuisine !== undefined) set.cuisine = patch.cuisine;
    if (patch.city !== undefined) set.city = patch.city;
    if (patch.address !== undefined) set.address = patch.address;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.priceBand !== undefined) set.priceBand = patch.priceBand;
    Object.assign(set, facesColumns(patch));
    if (patch.published !== undefined) set.published = patch.published;
    if (patch.published && !current.published) {
      // Diners would find a restaurant with no times to book: the same rule as the workspace's button.
      const { missing } = await canPublish(tx, restaurantId);
      if (missing.length > 0) {
        throw new DomainError("invalid_transition", `Not ready to publish. ${missing.join(" ")}`, { details: { missing } });
      }
    }
    try {
      const [row] = await tx.update(restaurants).set(set).where(eq(restaurants.id, restaurantId)).returning();
      return row!;
    } catch (e) {
      if (isUniqueViolation(e)) throw slugTaken();
      throw e;
    }
  });
  await bumpAvailabilityVersion(restaurantId);
  return updated;
}

export function policyOf(r: Restaurant): Policy {
  return {
    holdMinutes: r.holdMinutes,
    minPartySize: r.minPartySize,
    maxPartySize: r.maxPartySize,
    bookingWindowDays: r.bookingWindowDays,
    minNoticeMinutes: r.minNoticeMinutes,
    cancellationCutoffMinutes: r.cancellationCutoffMinutes,
    anonymousHoldSharePct: r.anonymousHoldSharePct,
    currency: r.currency,
    depositCents: r.depositCents,
    depositMinPartySize: r.depositMinPartySize,
    noShowFeeCents: r.noShowFeeCents,
  };
}

async function findRestaurant(db: DbOrTx, idOrSlug: string): Promise<Restaurant | null> {
  const key = idOrSlug.trim();
  const where = looksLikeUuid(key) ? eq(restaurants.id, key) : eq(restaurants.slug, key.toLowerCase());
  const [row] = await db.select().from(restaurants).where(where).limit(1);
  return row ?? null;
}

/** A restaurant by id or slug: published ones for anyone, drafts for their members only (else 404). */
export async function getRestaurant(db: DbOrTx, principal: Principal | null, idOrSlug: string): Promise<Restaurant> {
  const row = await findRestaurant(db, idOrSlug);
  if (!row) throw notFound("Restaurant");
  if (row.published) return row;
  if (principal && (await getMemberRole(db, row.id, principal.userId))) return row;
  throw notFound("Restaurant");
}

/** A restaurant and the caller's role, for member pages; 404 for non-members, 403 without the permission. */
export async function getRestaurantForMember(
  db: DbOrTx,
  principal: Principal | null,
  idOrSlug: string,
  permission: Parameters<typeof requirePermission>[3] = "book.view",
): Promise<{ restaurant: Restaurant; role: MemberRole }> {
  if (!principal) throw unauthenticated();
  const row = await findRestaurant(db, idOrSlug);
  if (!row) throw notFound("Restaurant");
  const role = await requirePermission(db, principal, row.id, permission);
  return { restaurant: row, role };
}

/** The restaurants the caller is a member of, with their role, by name. */
export async function listMyRestaurants(
  db: DbOrTx,
  principal: Principal | null,
): Promise<{ restaurant: Restaurant; role: MemberRole }[]> {
  if (!principal) throw unauthenticated();
  const rows = await db
    .select({ restaurant: restaurants, role: restaurantMembers.role })
    .from(restaurantMembers)
    .innerJoin(restaurants, eq(restaurants.id, restaurantMembers.restaurantId))
    .where(and(eq(restaurantMembers.userId, principal.userId)))
    .orderBy(restaurants.name, restaurants.id);
  return rows;
}
