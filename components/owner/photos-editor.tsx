"use client";

import Image from "next/image";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { removePhotoAction, updatePhotoAction } from "@/app/manage/photos-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionError } from "@/lib/actions";
import type { RestaurantPhoto } from "@/lib/restaurants/faces";
import { restaurantPhotoPatchSchema } from "@/lib/restaurants/contract";
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_TYPES } from "@/lib/restaurants/photo-rules";
import { ConfirmDialog } from "./confirm-dialog";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";

const CANNOT_REACH: ActionError = { code: "internal", message: "Could not reach the server. Check the connection and try again." };

/**
 * The restaurant's photos: upload one with its description, move them (the first is the cover),
 * change a description, remove one after confirming. Uploads go to the API's multipart route.
 */
export function PhotosEditor({ restaurantId, photos }: { restaurantId: string; photos: RestaurantPhoto[] }) {
  const ids = useId();
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<ActionError | null>(null);
  const [note, setNote] = useState("");
  const move = useServerAction(updatePhotoAction);
  const remove = useServerAction(removePhotoAction);
  const full = photos.length >= PHOTO_MAX_COUNT;

  async function onUpload(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const file = fileRef.current?.files?.[0];
    const alt = String(new FormData(form).get("alt") ?? "").trim();
    setNote("");
    const fields: Record<string, string[]> = {};
    if (!file) fields.file = ["Choose a photo to upload."];
    else if (file.size > PHOTO_MAX_BYTES) fields.file = ["The photo is larger than 10 MB; choose a smaller one."];
    if (!alt) fields.alt = ["Describe the photo for people who cannot see it."];
    if (Object.keys(fields).length > 0) {
      setUploadError({ code: "invalid_input", message: "Please check the highlighted fields.", fields });
      return;
    }
    const body = new FormData();
    body.set("file", file!);
    body.set("alt", alt);
    setUploading(true);
    try {
      const res = await fetch(`/api/v1/restaurants/${restaurantId}/photos`, { method: "POST", body });
      if (res.ok) {
        form.reset();
        setUploadError(null);
        setNote("Photo added.");
        router.refresh();
      } else {
        const answer = (await res.json().catch(() => null)) as { error?: ActionError } | null;
        setUploadError(answer?.error ?? CANNOT_REACH);
      }
    } catch {
      setUploadError(CANNOT_REACH);
    } finally {
      setUploading(false);
    }
  }

  async function moveTo(photo: RestaurantPhoto, position: number, label: string) {
    setNote("");
    if (await move.run({ restaurant_id: restaurantId, photo_id: photo.id, position })) setNote(label);
  }

  const uploadField = (name: string) => uploadError?.fields?.[name]?.[0];
  const listError = move.error ?? remove.error;

  return (
    <section className="stack" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Photos</h2>
      <p className="muted">
        The first photo is your cover: it shows on cards in search and when your page is shared. JPEG, PNG or WebP, up to 10 MB each, at most {PHOTO_MAX_COUNT}.
      </p>
      {photos.length === 0 ? (
        <p className="muted" data-testid="no-photos">
          No photos yet: your page shows none until you add one.
        </p>
      ) : (
        <ol className="photo-list" aria-label="Your photos, in order">
          {photos.map((p, i) => (
            <li key={p.id} className="photo-item" data-testid="owner-photo">
              <Image src={p.url} alt={p.alt} width={p.width} height={p.height} sizes="8rem" className="photo-thumb" />
              <div className="stack photo-details">
                <p className="photo-place">{i === 0 ? "Photo 1, the cover" : `Photo ${i + 1}`}</p>
                <AltForm restaurantId={restaurantId} photo={p} index={i} onSaved={() => setNote(`Description of photo ${i + 1} saved.`)} />
                <div className="cluster">
                  <Button variant="secondary" disabled={i === 0 || move.pending} onClick={() => void moveTo(p, i - 1, `Photo moved to place ${i}.`)}>
                    Move up<span className="visually-hidden"> (photo {i + 1})</span>
                  </Button>
                  <Button
                    variant="secondary"
                    disabled={i === photos.length - 1 || move.pending}
                    onClick={() => void moveTo(p, i + 1, `Photo moved to place ${i + 2}.`)}
                  >
                    Move down<span className="visually-hidden"> (photo {i + 1})</span>
                  </Button>
                  <ConfirmDialog
                    trigger={
                      <Button variant="danger">
                        Remove<span className="visually-hidden"> (photo {i + 1})</span>
                      </Button>
                    }
                    title={`Remove photo ${i + 1}?`}
                    confirmLabel="Remove photo"
                    onConfirm={async () => {
                      setNote("");
                      if (await remove.run({ restaurant_id: restaurantId, photo_id: p.id })) setNote("Photo removed.");
                    }}
                  >
                    <p>
                      &ldquo;{p.alt}&rdquo; leaves your page{i === 0 && photos.length > 1 ? ", and the next photo becomes the cover" : ""}. This cannot be undone; you can upload it again.
                    </p>
                  </ConfirmDialog>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      <ActionErrorAlert error={listError} />

      <form className="owner-form stack" onSubmit={(e) => void onUpload(e)} noValidate aria-labelledby={`${ids}-up`}>
        <h3 id={`${ids}-up`}>Add a photo</h3>
        {full ? <p className="muted">You have {PHOTO_MAX_COUNT} photos, the most a page shows: remove one to add another.</p> : null}
        <div className="form-grid">
          <Field id={`${ids}-file`} label="Photo" hint="JPEG, PNG or WebP, up to 10 MB." error={uploadField("file")} required>
            {(p) => <input {...p} ref={fileRef} name="file" type="file" accept={PHOTO_TYPES.join(",")} disabled={full} />}
          </Field>
          <Field
            id={`${ids}-alt`}
            label="Description"
            hint="What the photo shows, for people who cannot see it, such as “The dining room by candlelight”."
            error={uploadField("alt")}
            required
          >
            {(p) => <input {...p} name="alt" maxLength={200} disabled={full} />}
          </Field>
        </div>
        <ActionErrorAlert error={uploadError} />
        <div>
          <Button type="submit" disabled={uploading || full}>
            {uploading ? "Uploading…" : "Upload photo"}
          </Button>
        </div>
      </form>
      <SuccessNote>{note}</SuccessNote>
    </section>
  );
}

/** A photo's description, changed on its own. */
function AltForm({ restaurantId, photo, index, onSaved }: { restaurantId: string; photo: RestaurantPhoto; index: number; onSaved: () => void }) {
  const id = useId();
  const { submit, register, pending, fieldError } = useActionForm(restaurantPhotoPatchSchema, updatePhotoAction, {
    defaultValues: { alt: photo.alt },
    wire: { restaurant_id: restaurantId, photo_id: photo.id },
  });
  return (
    <form className="cluster photo-alt-form" onSubmit={submit(onSaved)} noValidate aria-label={`Description of photo ${index + 1}`}>
      <Field id={`${id}-alt`} label={`Description of photo ${index + 1}`} error={fieldError("alt")} required>
        {(p) => <input {...p} maxLength={200} {...register("alt")} />}
      </Field>
      <Button type="submit" variant="secondary" pending={pending}>
        {pending ? "Saving…" : "Save description"}
      </Button>
    </form>
  );
}
