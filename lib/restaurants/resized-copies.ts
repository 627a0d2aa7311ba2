import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { getEnv } from "@/lib/env";
import { RESIZED_DEVICE_SIZES, RESIZED_FORMATS, RESIZED_IMAGE_SIZES, RESIZED_QUALITIES } from "@/lib/restaurants/photo-rules";

/**
 * The copies of a photo next/image's optimiser keeps on this instance's disk (<distDir>/cache/images,
 * one folder per width, quality and format). The optimiser re-checks a copy with the photo's address
 * once it is PHOTO_CACHE_SECONDS old, but when that answers 404 it keeps the copy and serves it on,
 * for good: a removed photo would stay reachable through its resized copies. So the copies are dropped
 * when the photo is removed, and whenever the address answers 404 (how another instance learns it).
 */

/** Next's name for one copy (ImageOptimizerCache.getCacheKey, cache version 4; a test holds the two equal). */
export function resizedCopyKey(href: string, width: number, quality: number, mimeType: string): string {
  const hash = createHash("sha256");
  for (const item of [4, href, width, quality, mimeType]) hash.update(String(item));
  return hash.digest("base64url");
}

/** Every copy the optimiser may have made of `href`: each allowed width, quality and format ("" = the original's). */
function copyKeys(href: string): string[] {
  const widths = [...RESIZED_DEVICE_SIZES, ...RESIZED_IMAGE_SIZES];
  return widths.flatMap((w) => RESIZED_QUALITIES.flatMap((q) => [...RESIZED_FORMATS, ""].map((m) => resizedCopyKey(href, w, q, m))));
}

export async function forgetResizedCopies(href: string, cacheDir = resolve(getEnv().NEXT_DIST_DIR, "cache", "images")): Promise<void> {
  await Promise.all(copyKeys(href).map((key) => rm(join(cacheDir, key), { recursive: true, force: true })));
}

const pending = new Set<string>();
/**
 * The optimiser writes a copy back right after the re-check that found the photo gone, so from the
 * photo's route the copies are dropped a few seconds later, once per address at a time.
 */
export function forgetResizedCopiesSoon(href: string, afterMs = 5000): void {
  if (pending.has(href) || pending.size >= 1000) return;
  pending.add(href);
  setTimeout(() => {
    void forgetResizedCopies(href)
      .catch(() => {})
      .finally(() => pending.delete(href));
  }, afterMs).unref();
}
