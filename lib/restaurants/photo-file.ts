import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/api/errors";
import { looksLikeUuid } from "@/lib/contract/common";
import { notFound } from "@/lib/errors";
import { readPhotoFile } from "@/lib/restaurants/photos";

/**
 * GET /images/restaurants/<photoId>: a stored photo's bytes. A photo's bytes never change (a new
 * upload is a new id), so the answer may be cached for a year and revalidates by its id as ETag.
 * Anyone with the address may fetch it, a draft's photos too: the ids are random, and next/image's
 * optimiser fetches the address without the viewer's session. No session is read here.
 */
const IMMUTABLE = "public, max-age=31536000, immutable";

export async function servePhotoHandler(req: Request, ctx: { params: Promise<{ photoId: string }> }): Promise<Response> {
  try {
    const { photoId } = await ctx.params;
    if (!looksLikeUuid(photoId)) throw notFound("Photo");
    const etag = `"${photoId.toLowerCase()}"`;
    if ((req.headers.get("if-none-match") ?? "").split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
      return new Response(null, { status: 304, headers: { etag, "cache-control": IMMUTABLE } });
    }
    const file = await readPhotoFile(getDb(), photoId);
    if (!file) throw notFound("Photo");
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.bytes.byteLength),
        "cache-control": IMMUTABLE,
        etag,
        "content-disposition": "inline",
      },
    });
  } catch (e) {
    return errorResponse(e, "GET /images/restaurants");
  }
}
