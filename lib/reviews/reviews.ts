import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { restaurants, reviews, users, type Reservation, type Review } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { systemClock, type Clock } from "@/lib/clock";
import { parseInput } from "@/lib/contract/parse";
import { DomainError, forbidden, notFound, unauthenticated } from "@/lib/errors";
import { checkManageLink, checkReviewLink } from "@/lib/notifications/links";
import { loadReservation } from "@/lib/reservations/records";
import { manageTokenMatches } from "@/lib/reservations/secrets";
import { can, getMemberRole, requirePermission } from "@/lib/restaurants/access";
import { getRestaurant } from "@/lib/restaurants/restaurants";
import {
  authorDisplayName,
  averageOf,
  replySchema,
  REVIEW_WINDOW_DAYS,
  reviewPatchSchema,
  reviewSchema,
  type RatingDistribution,
} from "./contract";

export const REVIEWS_PAGE_SIZE = 10;

/** A review as services return it: public fields only (no user ids, no contact details). */
export interface ReviewView {
  id: string;
  restaurantId: string;
  reservationId: string;
  rating: number;
  text: string | null;
  author: string;
  visitedOn: string;
  reply: { text: string; repliedAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RatingSummary {
  average: number | null;
  count: number;
}

export function toReviewView(r: Review): ReviewView {
  return {
    id: r.id,
    restaurantId: r.restaurantId,
    reservationId: r.reservationId,
    rating: r.rating,
    text: r.text,
    author: r.authorName,
    visitedOn: r.visitedOn,
    reply: r.replyText && r.repliedAt ? { text: r.replyText, repliedAt: r.repliedAt } : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Who may review a visit: the diner who made it (session), or whoever holds its manage token, manage link or review link. */
export interface ReviewAccess {
  principal: Pick<Principal, "userId"> | null;
  /** The hold's manage token, a signed manage link, or a signed review link. */
  token?: string | null;
}

/**
 * The reservation a review is about, if the caller is its diner. Staff are not diners: a member of
 * the restaurant reaches the booking in the book, but cannot review it. Anyone else learns nothing
 * (401 without credentials, 404 with the wrong ones).
 */
async function loadOwnVisit(db: DbOrTx, reservationId: string, access: ReviewAccess, now: Date): Promise<Reservation & { restaurantName: string }> {
  const loaded = await loadReservation(db, reservationId);
  const noCredentials = !access.principal && !access.token;
  if (!loaded) {
    if (noCredentials) throw unauthenticated("Open the link from your email, or sign in.");
    throw notFound("Reservation");
  }
  const row = loaded.row;
  let allowed = false;
  let linkExpired = false;
  if (access.token) {
    const review = checkReviewLink(row.id, access.token, now);
    if (review === "valid" || manageTokenMatches(access.token, row.manageTokenHash) || checkManageLink(row, access.token, now) === "valid") {
      allowed = true;
    } else if (review === "expired") {
      linkExpired = true;
    }
  }
  if (!allowed && access.principal && row.userId && row.userId === access.principal.userId) allowed = true;
  if (!allowed) {
    if (linkExpired) throw windowClosed();
    if (noCredentials) throw unauthenticated("Open the link from your email, or sign in.");
    throw notFound("Reservation");
  }
  return { ...row, restaurantName: loaded.restaurant.name };
}

function windowClosed(): DomainError {
  return new DomainError("outside_policy", `A visit can be reviewed for ${REVIEW_WINDOW_DAYS} days afterwards; this one is older.`, {
    details: { reason: "review_window_closed" },
  });
}

/** A review is for a completed visit, within REVIEW_WINDOW_DAYS of its end. */
function requireReviewable(row: Reservation, now: Date): void {
  if (row.status !== "completed") {
    throw new DomainError("invalid_transition", "Only a completed visit can be reviewed.", { details: { status: row.status } });
  }
  if (now.getTime() > row.endsAt.getTime() + REVIEW_WINDOW_DAYS * 86_400_000) throw windowClosed();
}

async function authorNameFor(db: DbOrTx, row: Reservation): Promise<string> {
  if (row.guestName?.trim()) return authorDisplayName(row.guestName);
  if (row.userId) {
    const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.userId)).limit(1);
    if (user?.name) return authorDisplayName(user.name);
  }
  return authorDisplayName(null);
}

/**
 * Reviews a completed visit, once: 1–5 stars and optional plain text. The review and the
 * restaurant's running totals are written in one transaction; a second review of the same visit is
 * 409 (edit it instead), decided by the unique index, so two racing submissions cannot both count.
 */
export async function submitReview(
  db: Db,
  input: { reservationId: string; access: ReviewAccess; rating: unknown; text?: unknown },
  deps: { clock?: Clock } = {},
): Promise<ReviewView> {
  const now = (deps.clock ?? systemClock).now();
  const body = parseInput(reviewSchema, { rating: input.rating, text: input.text });
  const visit = await loadOwnVisit(db, input.reservationId, input.access, now);
  requireReviewable(visit, now);
  const authorName = await authorNameFor(db, visit);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reviews)
      .values({
        reservationId: visit.id,
        restaurantId: visit.restaurantId,
        userId: visit.userId,
        rating: body.rating,
        text: body.text ?? null,
        authorName,
        visitedOn: visit.serviceDate,
      })
      .onConflictDoNothing({ target: reviews.reservationId })
      .returning();
    if (!row) return null;
    await tx
      .update(restaurants)
      .set({ ratingCount: sql`${restaurants.ratingCount} + 1`, ratingSum: sql`${restaurants.ratingSum} + ${row.rating}` })
      .where(eq(restaurants.id, row.restaurantId));
    return row;
  });
  if (!created) throw new DomainError("conflict", "This visit already has a review. Edit it instead.");
  return toReviewView(created);
}

/** Edits the review of a visit (rating, text or both), within the same window; the totals follow. */
export async function editReview(
  db: Db,
  input: { reservationId: string; access: ReviewAccess; rating?: unknown; text?: unknown },
  deps: { clock?: Clock } = {},
): Promise<ReviewView> {
  const now = (deps.clock ?? systemClock).now();
  const patch = parseInput(reviewPatchSchema, {
    ...(input.rating !== undefined ? { rating: input.rating } : {}),
    ...(input.text !== undefined ? { text: input.text } : {}),
  });
  const visit = await loadOwnVisit(db, input.reservationId, input.access, now);
  requireReviewable(visit, now);
  return db.transaction(async (tx) => {
    // Locked so two edits at once each move the totals from the rating the other left.
    const [old] = await tx.select().from(reviews).where(eq(reviews.reservationId, visit.id)).for("update");
    if (!old) throw notFound("Review");
    const rating = patch.rating ?? old.rating;
    const [row] = await tx
      .update(reviews)
      .set({ rating, ...(patch.text !== undefined ? { text: patch.text } : {}), updatedAt: sql`now()` })
      .where(eq(reviews.id, old.id))
      .returning();
    if (rating !== old.rating) {
      await tx
        .update(restaurants)
        .set({ ratingSum: sql`${restaurants.ratingSum} + ${rating - old.rating}` })
        .where(eq(restaurants.id, old.restaurantId));
    }
    return toReviewView(row!);
  });
}

/** The review of a visit, for its diner (the review page): null when there is none yet. */
export async function getVisitReview(
  db: Db,
  input: { reservationId: string; access: ReviewAccess },
  deps: { clock?: Clock } = {},
): Promise<{ visit: Reservation & { restaurantName: string }; review: ReviewView | null; canWrite: boolean; reason: string | null }> {
  const now = (deps.clock ?? systemClock).now();
  const visit = await loadOwnVisit(db, input.reservationId, input.access, now);
  const [row] = await db.select().from(reviews).where(eq(reviews.reservationId, visit.id)).limit(1);
  let reason: string | null = null;
  try {
    requireReviewable(visit, now);
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  return { visit, review: row ? toReviewView(row) : null, canWrite: reason === null, reason };
}

/** The owner's or a manager's public reply to a review ("" or null removes it). Hosts and others may not. */
export async function replyToReview(db: Db, input: { reviewId: string; principal: Principal | null; text: unknown }): Promise<ReviewView> {
  if (!input.principal) throw unauthenticated();
  const body = parseInput(replySchema, { text: input.text });
  const [review] = await db.select({ restaurantId: reviews.restaurantId }).from(reviews).where(eq(reviews.id, input.reviewId)).limit(1);
  if (!review) throw notFound("Review");
  const role = await getMemberRole(db, review.restaurantId, input.principal.userId);
  if (!can(role, "reviews.reply")) throw forbidden("Only the restaurant's owner or a manager can reply to reviews.");
  const [row] = await db
    .update(reviews)
    .set(
      body.text
        ? { replyText: body.text, replyUserId: input.principal.userId, repliedAt: sql`now()` }
        : { replyText: null, replyUserId: null, repliedAt: null },
    )
    .where(eq(reviews.id, input.reviewId))
    .returning();
  return toReviewView(row!);
}

/** Published reviews of a restaurant (any for its members), newest first, with its rating. */
export async function listRestaurantReviews(
  db: DbOrTx,
  input: { restaurant: string; principal: Principal | null; page?: number; pageSize?: number },
): Promise<{ items: ReviewView[]; rating: RatingSummary; nextPage: number | null }> {
  const restaurant = await getRestaurant(db, input.principal, input.restaurant);
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const size = input.pageSize ?? REVIEWS_PAGE_SIZE;
  const rows = await db
    .select()
    .from(reviews)
    .where(eq(reviews.restaurantId, restaurant.id))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(size + 1)
    .offset((page - 1) * size);
  return {
    items: rows.slice(0, size).map(toReviewView),
    rating: { average: averageOf(restaurant.ratingSum, restaurant.ratingCount), count: restaurant.ratingCount },
    nextPage: rows.length > size ? page + 1 : null,
  };
}

/** How many reviews gave each number of stars, 5 first. */
export async function getRatingDistribution(db: DbOrTx, restaurantId: string): Promise<RatingDistribution> {
  const rows = await db
    .select({ stars: reviews.rating, count: sql<number>`count(*)::int` })
    .from(reviews)
    .where(eq(reviews.restaurantId, restaurantId))
    .groupBy(reviews.rating);
  const by = new Map(rows.map((r) => [r.stars, r.count]));
  return ([5, 4, 3, 2, 1] as const).map((stars) => ({ stars, count: by.get(stars) ?? 0 }));
}

/** Reviews for the workspace: newest first, unanswered ones flagged by `reply: null`. Members who may reply only. */
export async function listReviewsForOwner(
  db: DbOrTx,
  input: { restaurantId: string; principal: Principal | null; limit?: number; unansweredOnly?: boolean },
): Promise<ReviewView[]> {
  await requirePermission(db, input.principal, input.restaurantId, "reviews.reply");
  const rows = await db
    .select()
    .from(reviews)
    .where(and(eq(reviews.restaurantId, input.restaurantId), input.unansweredOnly ? sql`${reviews.replyText} is null` : undefined))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(input.limit ?? 100);
  return rows.map(toReviewView);
}

