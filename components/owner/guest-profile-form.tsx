"use client";

import { useId, useState } from "react";
import { updateGuestProfileAction } from "@/app/manage/guest-actions";
import { Button } from "@/components/ui/button";
import { Field, FieldError, FieldHint } from "@/components/ui/field";
import { GUEST_TAGS, guestProfileSchema, guestTag, MAX_ALLERGIES_LENGTH, MAX_GUEST_NOTES_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from "@/lib/guests/contract";
import { FormActions, SuccessNote } from "./form-bits";
import { useActionForm } from "./use-action-form";
import { Card } from "@/components/ui/card";

/**
 * What staff keep on a guest: tags (the fixed list as ticks, plus their own), allergies and private
 * notes. Every role on the floor may save it; the guest never sees any of it.
 */
export function GuestProfileForm({
  restaurantId,
  guestKey,
  initial,
}: {
  restaurantId: string;
  guestKey: string;
  initial: { tags: string[]; allergies: string | null; notes: string | null };
}) {
  const ids = useId();
  const [saved, setSaved] = useState("");
  const [ownTags, setOwnTags] = useState<string[]>(initial.tags.filter((t) => !(GUEST_TAGS as readonly string[]).includes(t)));
  const [newTag, setNewTag] = useState("");
  const [newTagError, setNewTagError] = useState<string | undefined>();
  const { form, submit, register, pending, error, fieldError } = useActionForm(guestProfileSchema, updateGuestProfileAction, {
    defaultValues: { tags: initial.tags, allergies: initial.allergies ?? "", notes: initial.notes ?? "" },
    wire: { restaurant_id: restaurantId, guest_key: guestKey },
  });
  const onSubmit = submit(() => setSaved("Profile saved."));

  function addTag() {
    const parsed = guestTag.safeParse(newTag);
    if (!parsed.success) {
      setNewTagError(parsed.error.issues[0]?.message);
      return;
    }
    const tag = parsed.data;
    const current = form.getValues("tags");
    if (!(GUEST_TAGS as readonly string[]).includes(tag) && !ownTags.some((t) => t.toLowerCase() === tag.toLowerCase())) setOwnTags([...ownTags, tag]);
    if (!current.some((t) => t.toLowerCase() === tag.toLowerCase())) form.setValue("tags", [...current, tag], { shouldDirty: true });
    setNewTag("");
    setNewTagError(undefined);
  }

  return (
    <Card as="form" className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Staff notes on this guest</h2>
      <fieldset className="guest-tags" aria-describedby={fieldError("tags") ? `${ids}-tags-error` : `${ids}-tags-hint`}>
        <legend>Tags</legend>
        <div className="cluster checkbox-row">
          {[...GUEST_TAGS, ...ownTags].map((t) => (
            <label key={t} className="checkbox">
              <input type="checkbox" value={t} {...register("tags")} />
              {t}
            </label>
          ))}
        </div>
        <FieldHint id={`${ids}-tags-hint`}>
          Up to {MAX_TAGS} tags of at most {MAX_TAG_LENGTH} characters.
        </FieldHint>
        {fieldError("tags") ? (
          <FieldError id={`${ids}-tags-error`}>
            {fieldError("tags")}
          </FieldError>
        ) : null}
      </fieldset>
      <div className="guest-new-tag">
        <Field id={`${ids}-new-tag`} className="guest-new-tag-field" label="Another tag" optional error={newTagError}>
          {(p) => (
            <input
              {...p}
              value={newTag}
              maxLength={MAX_TAG_LENGTH}
              autoComplete="off"
              onChange={(e) => setNewTag(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addTag();
                }
              }}
            />
          )}
        </Field>
        <Button variant="secondary" onClick={addTag}>
          Add tag
        </Button>
      </div>
      <Field id={`${ids}-allergies`} label="Allergies" optional hint="Shown to staff wherever this guest books." error={fieldError("allergies")}>
        {(p) => <input {...p} maxLength={MAX_ALLERGIES_LENGTH} autoComplete="off" {...register("allergies")} />}
      </Field>
      <Field id={`${ids}-notes`} label="Private notes" optional hint="Never shown to the guest." error={fieldError("notes")}>
        {(p) => <textarea {...p} rows={4} maxLength={MAX_GUEST_NOTES_LENGTH} {...register("notes")} />}
      </Field>
      <SuccessNote>{saved}</SuccessNote>
      <FormActions error={error} pending={pending} label="Save profile" pendingLabel="Saving…" />
    </Card>
  );
}
