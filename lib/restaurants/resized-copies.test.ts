import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// eslint-disable-next-line no-restricted-imports -- holds resizedCopyKey to the optimiser's own naming
import { ImageOptimizerCache } from "next/dist/server/image-optimizer";
import { forgetResizedCopies, resizedCopyKey } from "@/lib/restaurants/resized-copies";

describe("the optimiser's resized copies of a photo", () => {
  it("are named as Next names them, so a Next upgrade that renames them fails here", () => {
    for (const [width, mimeType] of [
      [750, "image/webp"],
      [32, ""],
      [3840, "image/avif"],
    ] as const) {
      const href = "/images/restaurants/5e85a5d0-45fa-44d7-9522-1453a45ff9f7";
      expect(resizedCopyKey(href, width, 75, mimeType)).toBe(ImageOptimizerCache.getCacheKey({ href, width, quality: 75, mimeType }));
    }
  });

  it("are all removed for the photo, and another photo's are kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tk-images-"));
    const gone = "/images/restaurants/11111111-1111-4111-8111-111111111111";
    const kept = "/images/restaurants/22222222-2222-4222-8222-222222222222";
    const made = [resizedCopyKey(gone, 750, 75, "image/webp"), resizedCopyKey(gone, 384, 75, ""), resizedCopyKey(gone, 3840, 75, "image/webp")];
    const other = resizedCopyKey(kept, 750, 75, "image/webp");
    for (const key of [...made, other]) {
      mkdirSync(join(dir, key));
      writeFileSync(join(dir, key, "86400.1.e.u.webp"), "x");
    }
    await forgetResizedCopies(gone, dir);
    expect(made.filter((key) => existsSync(join(dir, key)))).toEqual([]);
    expect(existsSync(join(dir, other))).toBe(true);
  });
});
