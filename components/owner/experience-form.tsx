"use client";

import { DateTime } from "luxon";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, useFieldArray, type FieldErrors } from "react-hook-form";
import { createExperienceAction, updateExperienceAction } from "@/app/manage/experience-actions";
import { Button } from "@/components/ui/button";
import { Field, FieldError } from "@/components/ui/field";
import {
  createExperienceSchema,
  SECTION_CAPACITY_MAX,
  SECTIONS_MAX,
  SEATS_PER_BOOKING_MAX,
  updateExperienceSchema,
  type CreateExperienceInput,
} from "@/lib/experiences/contract";
import { wallClockInstant } from "./book-format";
import { DurationInput } from "./duration-input";
import { MoneyInput } from "./money-input";
import { FormActions } from "./form-bits";
import { useActionForm } from "./use-action-form";

/** An experience as the edit form starts from it (plain JSON from the server page). */
export interface ExperienceFormInitial {
  id: string;
  name: string;
  description: string | null;
  startsAt: string;
  durationMinutes: number;
  currency: string;
  maxSeatsPerBooking: number;
  closesRegularService: boolean;
  /** With the seats each section has taken now (held or confirmed), shown beside its capacity. */
  sections: { id: string; name: string; capacity: number; priceCents: number; taken: number }[];
}

type Values = CreateExperienceInput;
type Section = Values["sections"][number];

const sectionError = (errors: FieldErrors<Values>, i: number, key: keyof Section) => {
  const e = errors.sections?.[i]?.[key];
  return typeof e?.message === "string" ? e.message : undefined;
};

/**
 * Creates or edits an experience: name and description, the date and time in the restaurant's zone,
 * how long it runs, its sections (name, capacity, price per seat), the most seats one booking may take,
 * and whether it closes the regular dining room. Validated with the contract the server action parses;
 * a capacity below the seats taken comes back from the server and is shown on that section.
 */
export function ExperienceForm({
  slug,
  restaurantId,
  timezone,
  currency,
  experience,
}: {
  slug: string;
  restaurantId: string;
  timezone: string;
  currency: string;
  experience?: ExperienceFormInitial;
}) {
  const ids = useId();
  const router = useRouter();
  const start = experience ? DateTime.fromISO(experience.startsAt, { zone: timezone }) : DateTime.now().setZone(timezone).plus({ days: 14 }).set({ hour: 19, minute: 0 });
  const [date, setDate] = useState(start.toISODate() ?? "");
  const [time, setTime] = useState(start.toFormat("HH:mm"));
  const takenById = new Map(experience?.sections.map((s) => [s.id, s.taken]) ?? []);
  const defaultValues: Values = {
    name: experience?.name ?? "",
    description: experience?.description ?? "",
    startsAt: wallClockInstant(date, time, timezone) ?? "",
    durationMinutes: experience?.durationMinutes ?? 180,
    currency: experience?.currency ?? currency,
    sections: experience?.sections.map((s) => ({ id: s.id, name: s.name, capacity: s.capacity, price_cents: s.priceCents })) ?? [{ name: "", capacity: 20, price_cents: 0 }],
    maxSeatsPerBooking: experience?.maxSeatsPerBooking ?? 8,
    closesRegularService: experience?.closesRegularService ?? false,
  };
  // One form for both: the edit contract takes the same fields, each optional.
  const { form, submit, register, pending, error, fieldError } = useActionForm(
    (experience ? updateExperienceSchema : createExperienceSchema) as typeof createExperienceSchema,
    (experience ? updateExperienceAction : createExperienceAction) as typeof createExperienceAction,
    { defaultValues, wire: experience ? { experience_id: experience.id } : { restaurant_id: restaurantId } },
  );
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "sections", keyName: "key" });
  const errors = form.formState.errors;
  const currencyNow = form.watch("currency") || currency;

  function chooseWhen(d: string, t: string) {
    setDate(d);
    setTime(t);
    form.setValue("startsAt", (d && t && wallClockInstant(d, t, timezone)) || "", { shouldValidate: form.formState.isSubmitted });
  }

  const onSubmit = submit(
    (data) => router.push(`/manage/${slug}/experiences/${data.id}`),
    (e) => {
      const index = e.details?.section_index;
      if (typeof index === "number" && e.fields?.sections?.[0]) {
        // Said once, on the section it is about, rather than under the whole list.
        form.clearErrors("sections");
        form.setError(`sections.${index}.capacity`, { type: "server", message: e.fields.sections[0] }, { shouldFocus: true });
      }
    },
  );
  const whenError = fieldError("startsAt");
  const sectionsError = errors.sections?.message ?? errors.sections?.root?.message;

  return (
    <form className="owner-form stack experience-form" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{experience ? "Edit the experience" : "New experience"}</h2>
      <Field id={`${ids}-name`} label="Name" required error={fieldError("name")}>
        {(p) => <input {...p} maxLength={120} autoComplete="off" {...register("name")} />}
      </Field>
      <Field id={`${ids}-description`} label="Description" optional hint="What guests will eat, drink or learn." error={fieldError("description")}>
        {(p) => <textarea {...p} rows={4} maxLength={4000} {...register("description")} />}
      </Field>
      <div className="form-grid">
        <Field id={`${ids}-date`} label="Date" required error={whenError && !date ? "Enter a date." : whenError}>
          {(p) => <input {...p} type="date" value={date} onChange={(e) => chooseWhen(e.target.value, time)} />}
        </Field>
        <Field id={`${ids}-time`} label="Starts at" required hint={`Time in ${timezone}.`} error={whenError && date && !time ? "Enter a time." : undefined}>
          {(p) => <input {...p} type="time" value={time} onChange={(e) => chooseWhen(date, e.target.value)} />}
        </Field>
        <Field id={`${ids}-duration`} label="Duration" required error={fieldError("durationMinutes")}>
          {(p) => (
            <Controller
              control={form.control}
              name="durationMinutes"
              render={({ field }) => <DurationInput control={p} value={field.value} onChange={field.onChange} onBlur={field.onBlur} label="Duration" />}
            />
          )}
        </Field>
        <Field id={`${ids}-max`} label="Most seats per booking" required error={fieldError("maxSeatsPerBooking")}>
          {(p) => <input {...p} type="number" min={1} max={SEATS_PER_BOOKING_MAX} inputMode="numeric" {...register("maxSeatsPerBooking", { valueAsNumber: true })} />}
        </Field>
        <Field id={`${ids}-currency`} label="Currency" required hint="Three letters, such as EUR or GBP." error={fieldError("currency")}>
          {(p) => <input {...p} maxLength={3} autoComplete="off" spellCheck={false} {...register("currency")} />}
        </Field>
      </div>

      <fieldset className="experience-sections" aria-describedby={sectionsError ? `${ids}-sections-error` : undefined}>
        <legend>Sections</legend>
        <p className="muted small">Each section sells its own seats at its own price (0 is free), such as a chef&rsquo;s counter and the dining room.</p>
        {fields.map((f, i) => {
          const taken = f.id ? takenById.get(f.id) : undefined;
          const capacityError = sectionError(errors, i, "capacity");
          return (
            <div key={f.key} className="experience-section-row" role="group" aria-label={`Section ${i + 1}`}>
              <Field id={`${ids}-s${i}-name`} label="Section name" required error={sectionError(errors, i, "name")}>
                {(p) => <input {...p} maxLength={80} autoComplete="off" {...register(`sections.${i}.name`)} />}
              </Field>
              <Field
                id={`${ids}-s${i}-capacity`}
                label="Seats"
                required
                hint={taken ? `${taken} taken; it cannot go below that.` : undefined}
                error={capacityError}
              >
                {(p) => <input {...p} type="number" min={taken ?? 0} max={SECTION_CAPACITY_MAX} inputMode="numeric" {...register(`sections.${i}.capacity`, { valueAsNumber: true })} />}
              </Field>
              <Field id={`${ids}-s${i}-price`} label={`Price per seat (${currencyNow})`} required error={sectionError(errors, i, "price_cents")}>
                {(p) => (
                  <Controller
                    control={form.control}
                    name={`sections.${i}.price_cents`}
                    render={({ field }) => <MoneyInput control={p} value={field.value} onChange={field.onChange} onBlur={field.onBlur} currency={currencyNow} empty={0} />}
                  />
                )}
              </Field>
              <Button variant="ghost" onClick={() => remove(i)} disabled={fields.length === 1 || Boolean(taken)} aria-label={`Remove section ${i + 1}`}>
                Remove
              </Button>
            </div>
          );
        })}
        {sectionsError ? (
          <FieldError id={`${ids}-sections-error`}>
            {sectionsError}
          </FieldError>
        ) : null}
        <div>
          <Button variant="secondary" onClick={() => append({ name: "", capacity: 10, price_cents: 0 })} disabled={fields.length >= SECTIONS_MAX}>
            Add a section
          </Button>
        </div>
      </fieldset>

      <label className="checkbox">
        <input type="checkbox" {...register("closesRegularService")} /> Closes the regular dining room while it runs
      </label>
      <FormActions error={error} pending={pending} label={experience ? "Save changes" : "Create experience"} pendingLabel="Saving…" />
    </form>
  );
}
