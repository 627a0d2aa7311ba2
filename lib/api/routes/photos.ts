import { z } from "zod";
import { MEMBER_ERRORS } from "@/lib/api/doc";
import { route } from "@/lib/api/handler";
import { readBodyBytes } from "@/lib/api/request";
import { idParams, photoResponse } from "@/lib/api/schemas";
import { serializePhoto } from "@/lib/api/serialize";
import { uuid } from "@/lib/contract/common";
import { invalidInput } from "@/lib/errors";
import { restaurantPhotoPatchSchema } from "@/lib/restaurants/contract";
import { PHOTO_MAX_BYTES } from "@/lib/restaurants/photo-rules";
import { addRestaurantPhoto, removeRestaurantPhoto, requirePhotoManager, updateRestaurantPhoto } from "@/lib/restaurants/photos";

/** Room for the multipart framing and the description around a photo of the largest size. */
const MULTIPART_OVERHEAD = 64 * 1024;

const photoParams = z.object({ id: uuid, photo_id: uuid });

const tooBig = () => invalidInput("The photo is larger than 10 MB; choose a smaller one.", { file: ["The photo is larger than 10 MB; choose a smaller one."] });

export const uploadPhotoHandler = route(
  {
    doc: {
      method: "POST",
      path: "/api/v1/restaurants/{id}/photos",
      tag: "Restaurants",
      summary: "Upload a photo",
      description:
        "A `multipart/form-data` body with `file` (JPEG, PNG or WebP, told by its first bytes; at most 10 MB) and `alt` (what the photo shows, 1–200 characters). The photo goes last; the first photo is the cover. It is stored upright, without its metadata, at most 2000 px a side. At most 12 photos (409 beyond).",
      roles: "owner, manager",
      multipartBody: z.object({
        file: z.string().describe("The image file."),
        alt: z.string().describe("What the photo shows, for people who cannot see it."),
      }),
      response: photoResponse,
      errors: [...MEMBER_ERRORS, "conflict"],
    },
    auth: "member",
    params: idParams,
    status: 201,
  },
  async ({ db, principal, params, req }) => {
    // Who may upload is settled before the body is read.
    await requirePhotoManager(db, principal, params.id);
    const bytes = await readBodyBytes(req, PHOTO_MAX_BYTES + MULTIPART_OVERHEAD, tooBig);
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
    } catch {
      throw invalidInput("Send the photo as multipart/form-data with `file` and `alt`.");
    }
    const file = form.get("file");
    const data = typeof file === "object" && file !== null ? new Uint8Array(await file.arrayBuffer()) : null;
    return serializePhoto(await addRestaurantPhoto(db, principal, params.id, { file: data, alt: form.get("alt") }));
  },
);

export const updatePhotoHandler = route(
  {
    doc: {
      method: "PATCH",
      path: "/api/v1/restaurants/{id}/photos/{photo_id}",
      example: { body: { position: 0, alt: "The dining room by candlelight" } },
      tag: "Restaurants",
      summary: "Move a photo or change its description",
      description: "`position` 0 makes it the cover; a position past the end puts it last. Answers the photos in their new order.",
      roles: "owner, manager",
      response: z.object({ photos: z.array(photoResponse) }),
      errors: MEMBER_ERRORS,
    },
    auth: "member",
    params: photoParams,
    body: restaurantPhotoPatchSchema,
  },
  async ({ db, principal, params, body }) => ({
    photos: (await updateRestaurantPhoto(db, principal, params.id, params.photo_id, body)).map(serializePhoto),
  }),
);

export const removePhotoHandler = route(
  {
    doc: {
      method: "DELETE",
      path: "/api/v1/restaurants/{id}/photos/{photo_id}",
      tag: "Restaurants",
      summary: "Remove a photo",
      description: "The photos after it move up; when the cover goes, the next photo becomes the cover.",
      roles: "owner, manager",
      errors: MEMBER_ERRORS,
    },
    auth: "member",
    params: photoParams,
    status: 204,
  },
  async ({ db, principal, params }) => {
    await removeRestaurantPhoto(db, principal, params.id, params.photo_id);
    return null;
  },
);
