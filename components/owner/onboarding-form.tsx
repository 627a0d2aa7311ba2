"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId } from "react";
import { createRestaurantAction } from "@/app/manage/restaurant-actions";
import { Field } from "@/components/ui/field";
import { slugify } from "@/lib/contract/common";
import { restaurantCreateSchema } from "@/lib/restaurants/contract";
import { FormActions } from "./form-bits";
import { TimeZoneField } from "./time-zone-combobox";
import { useActionForm } from "./use-action-form";

/** Step one of onboarding: the restaurant's name, address on the site, time zone and a little about it. */
export function OnboardingForm({ timeZones }: { timeZones: string[] }) {
  const router = useRouter();
  const ids = useId();
  const { form, submit, register, pending, error, fieldError } = useActionForm(restaurantCreateSchema, createRestaurantAction, {
    defaultValues: { name: "", slug: "", timezone: "", city: "", cuisine: "", address: "", description: "" },
  });

  // The browser's own zone is suggested (known only in the browser, so after hydration).
  useEffect(() => {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!form.getValues("timezone") && timeZones.includes(own)) form.setValue("timezone", own);
  }, [form, timeZones]);

  const name = form.watch("name");
  const onSubmit = submit((created) => router.push(`/manage/${created.slug}/setup`));

  const slugHint = `Your page will be at /r/${slugify(name) || "your-restaurant"}. Leave empty to use the name.`;
  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-describedby={error ? `${ids}-error` : undefined}>
      <Field id={`${ids}-name`} label="Restaurant name" required error={fieldError("name")}>
        {(p) => <input {...p} autoComplete="organization" required maxLength={120} {...register("name")} />}
      </Field>
      <Field id={`${ids}-slug`} label="Web address" optional hint={slugHint} error={fieldError("slug")}>
        {(p) => <input {...p} maxLength={60} placeholder={slugify(name) || "your-restaurant"} {...register("slug")} />}
      </Field>
      <TimeZoneField id={`${ids}-timezone`} control={form.control} name="timezone" zones={timeZones} about="Every time on the book is in this zone." error={fieldError("timezone")} />
      <div className="form-grid">
        <Field id={`${ids}-city`} label="City" optional error={fieldError("city")}>
          {(p) => <input {...p} autoComplete="address-level2" maxLength={80} {...register("city")} />}
        </Field>
        <Field id={`${ids}-cuisine`} label="Cuisine" optional error={fieldError("cuisine")}>
          {(p) => <input {...p} maxLength={60} placeholder="e.g. Italian" {...register("cuisine")} />}
        </Field>
      </div>
      <Field id={`${ids}-address`} label="Address" optional error={fieldError("address")}>
        {(p) => <input {...p} autoComplete="street-address" maxLength={300} {...register("address")} />}
      </Field>
      <Field id={`${ids}-description`} label="Description" optional hint="A few sentences diners see on your page." error={fieldError("description")}>
        {(p) => <textarea {...p} maxLength={4000} rows={4} {...register("description")} />}
      </Field>
      <FormActions error={error} errorId={`${ids}-error`} pending={pending} label="Create restaurant" pendingLabel="Creating…" />
    </form>
  );
}
