"use client";

import { useId } from "react";
import { Controller } from "react-hook-form";
import { updateFacesAction } from "@/app/manage/faces-actions";
import { Field } from "@/components/ui/field";
import { restaurantFacesSchema } from "@/lib/restaurants/contract";
import { FormActions } from "./form-bits";
import { LocationFields } from "./location-fields";
import { useActionForm } from "./use-action-form";

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
  const { form, submit, register, pending, error, fieldError, note, setNote } = useActionForm(restaurantFacesSchema, updateFacesAction, {
    defaultValues: {
      phone: r.phone ?? "",
      website: r.website ?? "",
      menuUrl: r.menuUrl ?? "",
      location: r.latitude === null || r.longitude === null ? null : { lat: r.latitude, lng: r.longitude },
    },
    wire: { restaurant_id: r.id },
  });
  const onSubmit = submit(() => setNote("Contact and location saved."));

  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Contact and location</h2>
      <p className="muted">Diners see these on your page and in search; the phone number is what we give them when they need to call.</p>
      <div className="form-grid">
        <Field id={`${ids}-phone`} label="Phone" optional hint="With the country code, such as +44 20 7946 0000." error={fieldError("phone")}>
          {(p) => <input {...p} type="tel" autoComplete="off" maxLength={40} {...register("phone")} />}
        </Field>
        <Field id={`${ids}-web`} label="Website" optional error={fieldError("website")}>
          {(p) => <input {...p} type="url" maxLength={1000} placeholder="https://" {...register("website")} />}
        </Field>
        <Field id={`${ids}-menu`} label="Menu link" optional error={fieldError("menuUrl")}>
          {(p) => <input {...p} type="url" maxLength={1000} placeholder="https://" {...register("menuUrl")} />}
        </Field>
        <Controller
          control={form.control}
          name="location"
          render={({ field }) => (
            <LocationFields
              idPrefix={ids}
              value={field.value ?? null}
              onChange={field.onChange}
              latitudeError={fieldError("location.lat") ?? fieldError("location")}
              longitudeError={fieldError("location.lng")}
            />
          )}
        />
      </div>
      <FormActions error={error} note={note} pending={pending} label="Save contact and location" pendingLabel="Saving…" />
    </form>
  );
}
