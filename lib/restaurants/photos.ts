import { and, asc, eq, inArray, sql } from "drizzle-orm";
import sharp from "sharp";
import type { DbOrTx } from "@/db/client";
import { restaurantPhotos, restaurants, type RestaurantPhoto } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { parseInput } from "@/lib/contract/parse";
import { DomainError, invalidInput, notFound } from "@/lib/errors";
import { requirePermission } from "@/lib/restaurants/access";
import { photoAlt, restaurantPhotoPatchSchema } from "@/lib/restaurants/contract";
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, photoUrl, sniffPhotoType, type PhotoType } from "@/lib/restaurants/photo-rules";
import { forgetResizedCopies } from "@/lib/restaurants/resized-copies";

export type { RestaurantPhoto };

/**
 * The photos a restaurant's team uploads: checked (type by their first bytes, size, a description),
 * made upright, stripped of metadata and brought to at most PHOTO_MAX_SIDE px a side, then stored in
 * Postgres and served by id from /images/restaurants/<id>. The first in order is the cover.
 */

/** The longest side kept; next/image makes the smaller sizes pages ask for from this one. */
export const PHOTO_MAX_SIDE = 2000;
/** Refuses decompression bombs: a small file that would decode to a huge image. */
const PHOTO_MAX_PIXELS = 50_000_000;

const publicColumns = {
  id: restaurantPhotos.id,
  restaurantId: restaurantPhotos.restaurantId,
  alt: restaurantPhotos.alt,
  width: restaurantPhotos.width,
  height: restaurantPhotos.height,
};

function toPhoto(row: { id: string; alt: string; width: number; height: number }): RestaurantPhoto {
  return { id: row.id, url: photoUrl(row.id), alt: row.alt, width: row.width, height: row.height };
}

/** A restaurant's photos in order (anyone may see them: the restaurant's page decides who sees the restaurant). */
export async function listRestaurantPhotos(db: DbOrTx, restaurantId: string): Promise<RestaurantPhoto[]> {
  return (await photosOf(db, [restaurantId])).get(restaurantId) ?? [];
}

/** Photos of several restaurants in one query, in order, keyed by restaurant; `coverOnly` keeps the first of each. */
export async function photosOf(db: DbOrTx, restaurantIds: readonly string[], options: { coverOnly?: boolean } = {}): Promise<Map<string, RestaurantPhoto[]>> {
  const out = new Map<string, RestaurantPhoto[]>();
  if (restaurantIds.length === 0) return out;
  const where = inArray(restaurantPhotos.restaurantId, [...new Set(restaurantIds)]);
  const rows = options.coverOnly
    ? await db
        .selectDistinctOn([restaurantPhotos.restaurantId], publicColumns)
        .from(restaurantPhotos)
        .where(where)
        .orderBy(restaurantPhotos.restaurantId, asc(restaurantPhotos.position), asc(restaurantPhotos.createdAt))
    : await db.select(publicColumns).from(restaurantPhotos).where(where).orderBy(asc(restaurantPhotos.position), asc(restaurantPhotos.createdAt));
  for (const row of rows) {
    const list = out.get(row.restaurantId) ?? [];
    list.push(toPhoto(row));
    out.set(row.restaurantId, list);
  }
  return out;
}

/** The stored image of one photo, for its address. */
export async function readPhotoFile(db: DbOrTx, photoId: string): Promise<{ contentType: PhotoType; bytes: Buffer } | null> {
  const [row] = await db
    .select({ contentType: restaurantPhotos.contentType, bytes: restaurantPhotos.bytes })
    .from(restaurantPhotos)
    .where(eq(restaurantPhotos.id, photoId))
    .limit(1);
  return row ? { contentType: row.contentType as PhotoType, bytes: row.bytes } : null;
}

/** Whether a photo is stored, without reading its bytes (a conditional request's answer). */
export async function photoExists(db: DbOrTx, photoId: string): Promise<boolean> {
  const [row] = await db.select({ id: restaurantPhotos.id }).from(restaurantPhotos).where(eq(restaurantPhotos.id, photoId)).limit(1);
  return row !== undefined;
}

/** Owners and managers look after the photos; hosts get 403 and non-members 404 (lib/restaurants/access.ts). */
export async function requirePhotoManager(db: DbOrTx, principal: Principal | null, restaurantId: string): Promise<void> {
  await requirePermission(db, principal, restaurantId, "restaurant.update");
}

const fileError = (message: string) => invalidInput(message, { file: [message] });

/** The cheap checks, before any decoding: there is a file, at most PHOTO_MAX_BYTES, of a type we take by its first bytes. */
function checkPhotoFile(file: Uint8Array | null | undefined): string | null {
  if (!file || file.byteLength === 0) return "Choose a photo to upload.";
  if (file.byteLength > PHOTO_MAX_BYTES) return "The photo is larger than 10 MB; choose a smaller one.";
  if (!sniffPhotoType(file)) return "The file is not a JPEG, PNG or WebP image.";
  return null;
}

/**
 * The upload made ready to store: refused unless it is a JPEG, PNG or WebP by its first bytes (the
 * name and the declared type are not trusted), at most PHOTO_MAX_BYTES, and decodes as an image.
 */
export async function preparePhoto(file: Uint8Array | null | undefined): Promise<{ contentType: PhotoType; bytes: Buffer; width: number; height: number }> {
  const problem = checkPhotoFile(file);
  if (problem) throw fileError(problem);
  const contentType = sniffPhotoType(file!)!;
  try {
    let image = sharp(file!, { failOn: "error", limitInputPixels: PHOTO_MAX_PIXELS })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: "inside", withoutEnlargement: true });
    if (contentType === "image/jpeg") image = image.jpeg({ quality: 85, mozjpeg: true });
    else if (contentType === "image/png") image = image.png();
    else image = image.webp({ quality: 85 });
    const { data, info } = await image.toBuffer({ resolveWithObject: true });
    return { contentType, bytes: data, width: info.width, height: info.height };
  } catch {
    throw fileError("The photo could not be read: the file is damaged, or larger than 50 megapixels.");
  }
}

/** Adds a photo at the end of the restaurant's photos (the first one becomes the cover). */
export async function addRestaurantPhoto(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  input: { file: Uint8Array | null | undefined; alt: unknown },
): Promise<RestaurantPhoto> {
  await requirePhotoManager(db, principal, restaurantId);
  // Both problems at once, so the form can show them together; nothing is decoded until both pass.
  const alt = photoAlt.safeParse(input.alt ?? "");
  const fileProblem = checkPhotoFile(input.file);
  if (!alt.success || fileProblem) {
    const fields = {
      ...(fileProblem ? { file: [fileProblem] } : {}),
      ...(alt.success ? {} : { alt: [alt.error.issues[0]!.message] }),
    };
    throw invalidInput(fileProblem ?? alt.error!.issues[0]!.message, fields);
  }
  const photo = await preparePhoto(input.file);
  const row = await db.transaction(async (tx) => {
    await lockRestaurant(tx, restaurantId);
    const [{ count, last }] = (await tx
      .select({ count: sql<number>`count(*)::int`, last: sql<number | null>`max(${restaurantPhotos.position})` })
      .from(restaurantPhotos)
      .where(eq(restaurantPhotos.restaurantId, restaurantId))) as [{ count: number; last: number | null }];
    if (count >= PHOTO_MAX_COUNT) {
      throw new DomainError("conflict", `A restaurant has at most ${PHOTO_MAX_COUNT} photos; remove one first.`);
    }
    const [inserted] = await tx
      .insert(restaurantPhotos)
      .values({ restaurantId, position: (last ?? -1) + 1, alt: alt.data, ...photo })
      .returning(publicColumns);
    return inserted!;
  });
  return toPhoto(row);
}

/** Moves a photo to `position` (0 = the cover; past the end = last) and/or changes its description. */
export async function updateRestaurantPhoto(
  db: DbOrTx,
  principal: Principal | null,
  restaurantId: string,
  photoId: string,
  raw: { position?: number; alt?: string },
): Promise<RestaurantPhoto[]> {
  await requirePhotoManager(db, principal, restaurantId);
  const patch = parseInput(restaurantPhotoPatchSchema, raw, { keys: "snake" });
  const photos = await db.transaction(async (tx) => {
    await lockRestaurant(tx, restaurantId);
    const order = await tx
      .select({ id: restaurantPhotos.id })
      .from(restaurantPhotos)
      .where(eq(restaurantPhotos.restaurantId, restaurantId))
      .orderBy(asc(restaurantPhotos.position), asc(restaurantPhotos.createdAt));
    const ids = order.map((r) => r.id);
    const from = ids.indexOf(photoId);
    if (from < 0) throw notFound("Photo");
    if (patch.alt !== undefined) {
      await tx.update(restaurantPhotos).set({ alt: patch.alt }).where(eq(restaurantPhotos.id, photoId));
    }
    if (patch.position !== undefined) {
      ids.splice(from, 1);
      ids.splice(Math.min(patch.position, ids.length), 0, photoId);
      await renumber(tx, restaurantId, ids);
    }
    return (await photosOf(tx, [restaurantId])).get(restaurantId) ?? [];
  });
  return photos;
}

/** Removes a photo; the ones after it move up (the next becomes the cover when the cover goes). */
export async function removeRestaurantPhoto(db: DbOrTx, principal: Principal | null, restaurantId: string, photoId: string): Promise<void> {
  await requirePhotoManager(db, principal, restaurantId);
  await db.transaction(async (tx) => {
    await lockRestaurant(tx, restaurantId);
    const removed = await tx
      .delete(restaurantPhotos)
      .where(and(eq(restaurantPhotos.id, photoId), eq(restaurantPhotos.restaurantId, restaurantId)))
      .returning({ id: restaurantPhotos.id });
    if (removed.length === 0) throw notFound("Photo");
    const rest = await tx
      .select({ id: restaurantPhotos.id })
      .from(restaurantPhotos)
      .where(eq(restaurantPhotos.restaurantId, restaurantId))
      .orderBy(asc(restaurantPhotos.position), asc(restaurantPhotos.createdAt));
    await renumber(
      tx,
      restaurantId,
      rest.map((r) => r.id),
    );
  });
  // The optimiser's resized copies on this instance go now; other instances drop theirs when they
  // next re-check the photo's address (lib/restaurants/resized-copies.ts).
  await forgetResizedCopies(photoUrl(photoId)).catch(() => {});
}

/** Photo changes of one restaurant take turns, so two uploads never get the same place in the order. */
async function lockRestaurant(tx: DbOrTx, restaurantId: string): Promise<void> {
  const [row] = await tx.select({ id: restaurants.id }).from(restaurants).where(eq(restaurants.id, restaurantId)).for("update").limit(1);
  if (!row) throw notFound("Restaurant");
}

/** Positions 0, 1, 2, … in the order given, in one statement. */
async function renumber(tx: DbOrTx, restaurantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  // The ids come from the table itself (uuids), passed as one array parameter.
  await tx.execute(sql`
    update ${restaurantPhotos} set position = o.ord - 1
    from unnest(${`{${ids.join(",")}}`}::uuid[]) with ordinality as o(id, ord)
    where ${restaurantPhotos.id} = o.id and ${restaurantPhotos.restaurantId} = ${restaurantId}`);
}
