import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/api/errors";
import { looksLikeUuid } from "@/lib/contract/common";
import { notFound } from "@/lib/errors";
import { photoExists, readPhotoFile } from "@/lib/restaurants/photos";
import { PHOTO_CACHE_SECONDS, photoUrl } from "@/lib/restaurants/photo-rules";
import { forgetResizedCopiesSoon } from "@/lib/restaurants/resized-copies";

/**
 * GET /images/restaurants/<photoId>: a stored photo's bytes, with its id as ETag. A photo's bytes
 * never change (a new upload is a new id), but a removed photo must disappear: browsers and next/image's
 * optimiser may keep it for PHOTO_CACHE_SECONDS, then ask again, and a removed photo answers 404 even
 * to a conditional request. Anyone with the address may fetch it, a draft's photos too: the ids are
 * random, and the optimiser fetches the address without the viewer's session. No session is read here.
 */
const CACHE_CONTROL = `public, max-age=${PHOTO_CACHE_SECONDS}`;

export async function servePhotoHandler(req: Request, ctx: { params: Promise<{ photoId: string }> }): Promise<Response> {
  try {
    const { photoId } = await ctx.params;
    if (!looksLikeUuid(photoId)) throw notFound("Photo");
    const etag = `"${photoId.toLowerCase()}"`;
    if ((req.headers.get("if-none-match") ?? "").split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
      if (!(await photoExists(getDb(), photoId))) throw photoGone(photoId);
      return new Response(null, { status: 304, headers: { etag, "cache-control": CACHE_CONTROL } });
    }
    const file = await readPhotoFile(getDb(), photoId);
    if (!file) throw photoGone(photoId);
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.bytes.byteLength),
        "cache-control": CACHE_CONTROL,
        etag,
        "content-disposition": "inline",
      },
    });
  } catch (e) {
    return errorResponse(e, "GET /images/restaurants");
  }
}

/**
 * A photo that is not (or no longer) stored. The optimiser asks for it only when it re-checks a copy
 * it made: that copy is dropped here, so this instance stops serving it too.
 */
function photoGone(photoId: string) {
  forgetResizedCopiesSoon(photoUrl(photoId));
  return notFound("Photo");
}
