/**
 * What a restaurant photo may be, shared by the upload form (to say so before sending) and the
 * service (which decides). Client-safe.
 */

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** 10 MB: a phone's full-size photo fits. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 12;

/** Where a stored photo is served (app/images/restaurants/[photoId]/route.ts). */
export const PHOTO_PATH_PREFIX = "/images/restaurants/";
export const photoUrl = (photoId: string) => `${PHOTO_PATH_PREFIX}${photoId}`;

/**
 * How long a photo, and each resized copy next/image makes of it, may be reused without asking the
 * app again: one day. A photo's bytes never change (a new upload is a new id), so a year would be
 * safe for the bytes; but a removed photo must stop being served, and every copy outlives its source
 * by up to this long. A day keeps the cover cached for each visitor's day and costs the server one
 * conditional fetch (a 304, or one read when the optimiser re-checks) per copy per day.
 */
export const PHOTO_CACHE_SECONDS = 24 * 60 * 60;

/**
 * What next/image's optimiser makes of a photo (next.config.ts): WebP, at quality 75. AVIF would be
 * about a fifth smaller but takes several times longer to encode, on the server's CPU, for each size
 * of each photo the first time it is asked for.
 */
export const RESIZED_FORMATS: ("image/webp" | "image/avif")[] = ["image/webp"];
export const RESIZED_QUALITIES = [75];
/** The widths it may make (Next's defaults, named here so the app knows every copy there can be). */
export const RESIZED_DEVICE_SIZES = [640, 750, 828, 1080, 1200, 1920, 2048, 3840];
export const RESIZED_IMAGE_SIZES = [32, 48, 64, 96, 128, 256, 384];

const startsWith = (bytes: Uint8Array, at: number, signature: readonly number[]) =>
  bytes.byteLength >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** The image type by the file's first bytes (its name and declared type are not trusted), or null. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  // "RIFF", four bytes of length, "WEBP".
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50])) return "image/webp";
  return null;
}
