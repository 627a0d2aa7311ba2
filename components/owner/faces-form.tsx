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
}

/**
 * How diners reach the restaurant: phone, website, menu and the pin for the map (typed: no geocoding
 * service is reachable). Photos are uploaded beside it (photos-editor.tsx).
 */
export function FacesForm({ r }: { r: FacesValues }) {
  const ids = useId();
  const { run, pending, error, fieldError } = useServerAction(updateFacesAction);
  const [saved, setSaved] = useState("");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    setSaved("");
    const lat = v.latitude?.trim() ?? "";
    const lng = v.longitude?.trim() ?? "";
    const res = await run({
      restaurant_id: r.id,
      phone: v.phone ?? "",
      website: v.website ?? "",
      menu_url: v.menu_url ?? "",
      location: lat || lng ? { lat: Number(lat), lng: Number(lng) } : null,
    });
    if (res) setSaved("Contact and location saved.");
  }

  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Contact and location</h2>
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
      <ActionErrorAlert error={error} />
      <SuccessNote>{saved}</SuccessNote>
      <div>
        <Button type="submit" pending={pending}>
          {pending ? "Saving…" : "Save contact and location"}
        </Button>
      </div>
    </form>
  );
}
