"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller } from "react-hook-form";
import { setPublishedAction, updatePolicyAction, updateProfileAction } from "@/app/manage/restaurant-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fullPolicySchema, restaurantPatchSchema } from "@/lib/restaurants/contract";
import { ConfirmDialog } from "./confirm-dialog";
import { DurationInput } from "./duration-input";
import { ActionErrorAlert, FormActions, SuccessNote } from "./form-bits";
import { TimeZoneField } from "./time-zone-combobox";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";

export interface ProfileValues {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  cuisine: string | null;
  city: string | null;
  address: string | null;
  description: string | null;
  priceBand: number | null;
}

export function ProfileForm({ r, timeZones }: { r: ProfileValues; timeZones: string[] }) {
  const ids = useId();
  const router = useRouter();
  const { form, submit, register, pending, error, fieldError, note, setNote } = useActionForm(restaurantPatchSchema, updateProfileAction, {
    defaultValues: {
      name: r.name,
      slug: r.slug,
      timezone: r.timezone,
      cuisine: r.cuisine ?? "",
      city: r.city ?? "",
      address: r.address ?? "",
      description: r.description ?? "",
      priceBand: r.priceBand,
    },
    wire: { restaurant_id: r.id },
  });

  const onSubmit = submit((res) => {
    setNote("Profile saved.");
    if (res.slug !== r.slug) router.replace(`/manage/${res.slug}/settings`);
  });

  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Profile</h2>
      <div className="form-grid">
        <Field id={`${ids}-name`} label="Name" required error={fieldError("name")}>
          {(p) => <input {...p} maxLength={120} required {...register("name")} />}
        </Field>
        <Field id={`${ids}-slug`} label="Web address" required hint="Changing it breaks links shared before." error={fieldError("slug")}>
          {(p) => <input {...p} maxLength={60} required {...register("slug")} />}
        </Field>
        <TimeZoneField id={`${ids}-tz`} control={form.control} name="timezone" zones={timeZones} about="Existing reservations keep their instants." error={fieldError("timezone")} />
        <Field id={`${ids}-price`} label="Price band" optional error={fieldError("priceBand")}>
          {(p) => (
            <select {...p} {...register("priceBand", { setValueAs: (v: string | number | null) => (v === "" || v === null ? null : Number(v)) })}>
              <option value="">Not shown</option>
              <option value="1">$ (inexpensive)</option>
              <option value="2">$$ (moderate)</option>
              <option value="3">$$$ (expensive)</option>
              <option value="4">$$$$ (very expensive)</option>
            </select>
          )}
        </Field>
        <Field id={`${ids}-city`} label="City" optional error={fieldError("city")}>
          {(p) => <input {...p} maxLength={80} {...register("city")} />}
        </Field>
        <Field id={`${ids}-cuisine`} label="Cuisine" optional error={fieldError("cuisine")}>
          {(p) => <input {...p} maxLength={60} {...register("cuisine")} />}
        </Field>
      </div>
      <Field id={`${ids}-address`} label="Address" optional error={fieldError("address")}>
        {(p) => <input {...p} maxLength={300} {...register("address")} />}
      </Field>
      <Field id={`${ids}-desc`} label="Description" optional error={fieldError("description")}>
        {(p) => <textarea {...p} maxLength={4000} rows={4} {...register("description")} />}
      </Field>
      <FormActions error={error} note={note} pending={pending} label="Save profile" pendingLabel="Saving…" />
    </form>
  );
}

export interface PolicyValues {
  holdMinutes: number;
  minPartySize: number;
  maxPartySize: number;
  bookingWindowDays: number;
  minNoticeMinutes: number;
  anonymousHoldSharePct: number;
}

type Numeric = keyof PolicyValues;

/** The booking policy. The minimum notice is typed with a unit (hours, days); the contract keeps minutes. */
export function PolicyForm({ restaurantId, p: policy }: { restaurantId: string; p: PolicyValues }) {
  const ids = useId();
  const { form, submit, register, pending, error, fieldError, note, setNote } = useActionForm(fullPolicySchema, updatePolicyAction, {
    defaultValues: {
      holdMinutes: policy.holdMinutes,
      minPartySize: policy.minPartySize,
      maxPartySize: policy.maxPartySize,
      bookingWindowDays: policy.bookingWindowDays,
      minNoticeMinutes: policy.minNoticeMinutes,
      anonymousHoldSharePct: policy.anonymousHoldSharePct,
    },
    wire: { restaurant_id: restaurantId },
  });
  const onSubmit = submit(() => setNote("Booking policy saved."));

  const num = (name: Numeric, label: string, min: number, max: number, hint: string) => (
    <Field id={`${ids}-${name}`} label={label} required hint={hint} error={fieldError(name)}>
      {(p) => <input {...p} type="number" min={min} max={max} required inputMode="numeric" {...register(name, { valueAsNumber: true })} />}
    </Field>
  );
  const duration = (name: "minNoticeMinutes", label: string, hint: string) => (
    <Field id={`${ids}-${name}`} label={label} required hint={hint} error={fieldError(name)}>
      {(p) => (
        <Controller
          control={form.control}
          name={name}
          render={({ field }) => <DurationInput control={p} label={label} value={field.value} onChange={field.onChange} onBlur={field.onBlur} />}
        />
      )}
    </Field>
  );

  return (
    <form id="policy" className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Booking policy</h2>
      <div className="form-grid">
        {num("holdMinutes", "Hold (minutes)", 1, 60, "How long a table is held while a diner confirms.")}
        {num("minPartySize", "Smallest party online", 1, 1000, "Larger and smaller parties call you.")}
        {num("maxPartySize", "Largest party online", 1, 1000, "Parties above this book by phone.")}
        {num("bookingWindowDays", "Book ahead (days)", 1, 730, "How far ahead diners can book.")}
        {duration("minNoticeMinutes", "Minimum notice", "No online booking closer to the time than this (up to 30 days).")}
        {num(
          "anonymousHoldSharePct",
          "Tables guests may hold without an account (%)",
          0,
          100,
          "Of a service's tables, the share diners who are not signed in may hold at once, so no one can hoard an evening. 0 asks everyone to sign in; 100 sets no limit.",
        )}
      </div>
      <FormActions error={error} note={note} pending={pending} label="Save policy" pendingLabel="Saving…" />
    </form>
  );
}

/** Publish or unpublish; the server refuses to publish without a table and a session. */
export function PublishControl({ restaurantId, published, missing }: { restaurantId: string; published: boolean; missing: string[] }) {
  const ids = useId();
  const { run, pending, error } = useServerAction(setPublishedAction);
  const [note, setNote] = useState("");
  async function toggle() {
    const res = await run({ restaurant_id: restaurantId, published: !published });
    if (res) setNote(res.published ? "Published: diners can find and book you now." : "Unpublished: hidden from diners; existing reservations stay.");
  }
  return (
    <div className="stack" aria-labelledby={`${ids}-h`} role="group">
      <p id={`${ids}-h`}>
        {published ? "Published: diners can find the restaurant and book online." : "Draft: only your team can see it."}
      </p>
      {!published && missing.length > 0 ? (
        <ul className="missing-list" aria-label="Before publishing">
          {missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <ActionErrorAlert error={error} />
      <SuccessNote>{note}</SuccessNote>
      <div>
        {published ? (
          <ConfirmDialog
            title="Unpublish the restaurant?"
            confirmLabel="Unpublish"
            onConfirm={toggle}
            trigger={
              <Button variant="secondary" pending={pending}>
                {pending ? "Saving…" : "Unpublish"}
              </Button>
            }
          >
            <p>Diners will no longer find the restaurant or book online until you publish again.</p>
            <p>Reservations already made stay as they are, and your team keeps the book.</p>
          </ConfirmDialog>
        ) : (
          <Button variant="primary" onClick={() => void toggle()} pending={pending}>
            {pending ? "Saving…" : "Publish"}
          </Button>
        )}
      </div>
    </div>
  );
}
