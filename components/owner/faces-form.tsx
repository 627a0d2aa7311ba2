"use client";

import { useId, useState } from "react";
import { updateFacesAction } from "@/app/manage/faces-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { LocationFields } from "./location-fields";
import { formValues, useServerAction } from "./use-server-action";

export interface FacesValues {
  id: string;
  phone: string | null;
  website: string | null;
  menuUrl: string | null;
  latitude: number | null;
  longitude: number | null;
  photos: { url: string; alt: string }[];
}

/** Rows for photos: the ones set, and room for a few more. */
const PHOTO_ROWS = 4;

/**
 * How diners reach and recognise the restaurant: phone, website, menu, the pin for the map (typed:
 * no geocoding service is reachable), and photos by address with the words a screen reader says.
 */
export function FacesForm({ r }: { r: FacesValues }) {
  const ids = useId();
  const { run, pending, error, fieldError } = useServerAction(updateFacesAction);
  const [saved, setSaved] = useState("");
  const rows = Math.max(PHOTO_ROWS, r.photos.length + 1);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    setSaved("");
    const photos = Array.from({ length: rows }, (_, i) => ({ url: (v[`photo_url_${i}`] ?? "").trim(), alt: (v[`photo_alt_${i}`] ?? "").trim() })).filter(
      (p) => p.url || p.alt,
    );
    const lat = v.latitude?.trim() ?? "";
    const lng = v.longitude?.trim() ?? "";
    const res = await run({
      restaurant_id: r.id,
      phone: v.phone ?? "",
      website: v.website ?? "",
      menu_url: v.menu_url ?? "",
      location: lat || lng ? { lat: Number(lat), lng: Number(lng) } : null,
      photos,
    });
    if (res) setSaved("Contact, location and photos saved.");
  }

  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Contact, location and photos</h2>
      <p className="muted">Diners see these on your page and in search; the phone number is what we give them when they need to call.</p>
      <div className="form-grid">
        <Field id={`${ids}-phone`} label="Phone" optional hint="With the country code, such as +44 20 7946 0000." error={fieldError("phone")}>
          {(p) => <input {...p} name="phone" type="tel" autoComplete="off" defaultValue={r.phone ?? ""} maxLength={40} />}
        </Field>
        <Field id={`${ids}-web`} label="Website" optional error={fieldError("website")}>
          {(p) => <input {...p} name="website" type="url" defaultValue={r.website ?? ""} maxLength={1000} placeholder="https://" />}
        </Field>
        <Field id={`${ids}-menu`} label="Menu link" optional error={fieldError("menu_url")}>
          {(p) => <input {...p} name="menu_url" type="url" defaultValue={r.menuUrl ?? ""} maxLength={1000} placeholder="https://" />}
        </Field>
        <LocationFields
          idPrefix={ids}
          latitude={r.latitude}
          longitude={r.longitude}
          latitudeError={fieldError("location.lat") ?? fieldError("location")}
          longitudeError={fieldError("location.lng")}
        />
      </div>
      <fieldset className="stack">
        <legend>Photos</legend>
        <p className="muted">The first photo shows on cards and when your page is shared. Each needs a description for people who cannot see it.</p>
        {Array.from({ length: rows }, (_, i) => (
          <div className="form-grid" key={i}>
            <Field id={`${ids}-pu${i}`} label={`Photo ${i + 1} address`} optional error={fieldError(`photos.${i}.url`)}>
              {(p) => <input {...p} name={`photo_url_${i}`} type="url" defaultValue={r.photos[i]?.url ?? ""} maxLength={1000} placeholder="https://" />}
            </Field>
            <Field id={`${ids}-pa${i}`} label={`Photo ${i + 1} description`} optional error={fieldError(`photos.${i}.alt`)}>
              {(p) => <input {...p} name={`photo_alt_${i}`} defaultValue={r.photos[i]?.alt ?? ""} maxLength={200} />}
            </Field>
          </div>
        ))}
      </fieldset>
      <ActionErrorAlert error={error} />
      <SuccessNote>{saved}</SuccessNote>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save contact and photos"}
        </Button>
      </div>
    </form>
  );
}
