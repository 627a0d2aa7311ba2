"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { setPublishedAction, updatePolicyAction, updateProfileAction } from "@/app/manage/restaurant-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ConfirmDialog } from "./confirm-dialog";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { formValues, numberOf, useServerAction } from "./use-server-action";

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
  const { run, pending, error, fieldError } = useServerAction(updateProfileAction);
  const [saved, setSaved] = useState("");
  const [tzError, setTzError] = useState<string | undefined>();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const tz = timeZones.find((z) => z.toLowerCase() === v.timezone?.trim().toLowerCase());
    if (!tz) {
      setTzError("Choose a time zone from the list, such as Europe/London.");
      return;
    }
    setTzError(undefined);
    setSaved("");
    const res = await run({
      restaurant_id: r.id,
      name: v.name ?? "",
      slug: v.slug ?? "",
      timezone: tz,
      cuisine: v.cuisine,
      city: v.city,
      address: v.address,
      description: v.description,
      price_band: v.price_band ? Number(v.price_band) : null,
    });
    if (res) {
      setSaved("Profile saved.");
      if (res.slug !== r.slug) router.replace(`/manage/${res.slug}/settings`);
    }
  }

  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Profile</h2>
      <div className="form-grid">
        <Field id={`${ids}-name`} label="Name" required error={fieldError("name")}>
          {(p) => <input {...p} name="name" defaultValue={r.name} maxLength={120} required />}
        </Field>
        <Field id={`${ids}-slug`} label="Web address" required hint="Changing it breaks links shared before." error={fieldError("slug")}>
          {(p) => <input {...p} name="slug" defaultValue={r.slug} maxLength={60} required />}
        </Field>
        <Field id={`${ids}-tz`} label="Time zone" required hint="Existing reservations keep their instants." error={tzError ?? fieldError("timezone")}>
          {(p) => (
            <>
              <input {...p} name="timezone" list={`${ids}-zones`} defaultValue={r.timezone} autoComplete="off" spellCheck={false} required />
              <datalist id={`${ids}-zones`}>
                {timeZones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id={`${ids}-price`} label="Price band" optional error={fieldError("price_band")}>
          {(p) => (
            <select {...p} name="price_band" defaultValue={r.priceBand ?? ""}>
              <option value="">Not shown</option>
              <option value="1">$ (inexpensive)</option>
              <option value="2">$$ (moderate)</option>
              <option value="3">$$$ (expensive)</option>
              <option value="4">$$$$ (very expensive)</option>
            </select>
          )}
        </Field>
        <Field id={`${ids}-city`} label="City" optional error={fieldError("city")}>
          {(p) => <input {...p} name="city" defaultValue={r.city ?? ""} maxLength={80} />}
        </Field>
        <Field id={`${ids}-cuisine`} label="Cuisine" optional error={fieldError("cuisine")}>
          {(p) => <input {...p} name="cuisine" defaultValue={r.cuisine ?? ""} maxLength={60} />}
        </Field>
      </div>
      <Field id={`${ids}-address`} label="Address" optional error={fieldError("address")}>
        {(p) => <input {...p} name="address" defaultValue={r.address ?? ""} maxLength={300} />}
      </Field>
      <Field id={`${ids}-desc`} label="Description" optional error={fieldError("description")}>
        {(p) => <textarea {...p} name="description" defaultValue={r.description ?? ""} maxLength={4000} rows={4} />}
      </Field>
      <ActionErrorAlert error={error} />
      <SuccessNote>{saved}</SuccessNote>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </Button>
      </div>
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

export function PolicyForm({ restaurantId, p: policy }: { restaurantId: string; p: PolicyValues }) {
  const ids = useId();
  const { run, pending, error, fieldError } = useServerAction(updatePolicyAction);
  const [saved, setSaved] = useState("");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    setSaved("");
    const res = await run({
      restaurant_id: restaurantId,
      hold_minutes: numberOf(v.hold_minutes),
      min_party_size: numberOf(v.min_party_size),
      max_party_size: numberOf(v.max_party_size),
      booking_window_days: numberOf(v.booking_window_days),
      min_notice_minutes: numberOf(v.min_notice_minutes),
      anonymous_hold_share_pct: numberOf(v.anonymous_hold_share_pct),
    });
    if (res) setSaved("Booking policy saved.");
  }

  const num = (name: keyof PolicyValues, field: string, label: string, min: number, max: number, hint: string) => (
    <Field id={`${ids}-${field}`} label={label} required hint={hint} error={fieldError(field)}>
      {(p) => <input {...p} type="number" name={field} min={min} max={max} defaultValue={policy[name]} required inputMode="numeric" />}
    </Field>
  );

  return (
    <form id="policy" className="owner-form stack" onSubmit={onSubmit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Booking policy</h2>
      <div className="form-grid">
        {num("holdMinutes", "hold_minutes", "Hold (minutes)", 1, 60, "How long a table is held while a diner confirms.")}
        {num("minPartySize", "min_party_size", "Smallest party online", 1, 1000, "Larger and smaller parties call you.")}
        {num("maxPartySize", "max_party_size", "Largest party online", 1, 1000, "Parties above this book by phone.")}
        {num("bookingWindowDays", "booking_window_days", "Book ahead (days)", 1, 730, "How far ahead diners can book.")}
        {num("minNoticeMinutes", "min_notice_minutes", "Minimum notice (minutes)", 0, 43_200, "No online booking closer to the time than this.")}
        {num(
          "anonymousHoldSharePct",
          "anonymous_hold_share_pct",
          "Tables guests may hold without an account (%)",
          0,
          100,
          "Of a service's tables, the share diners who are not signed in may hold at once, so no one can hoard an evening. 0 asks everyone to sign in; 100 sets no limit.",
        )}
      </div>
      <ActionErrorAlert error={error} />
      <SuccessNote>{saved}</SuccessNote>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save policy"}
        </Button>
      </div>
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
              <Button variant="secondary" disabled={pending}>
                {pending ? "Saving…" : "Unpublish"}
              </Button>
            }
          >
            <p>Diners will no longer find the restaurant or book online until you publish again.</p>
            <p>Reservations already made stay as they are, and your team keeps the book.</p>
          </ConfirmDialog>
        ) : (
          <Button variant="primary" onClick={() => void toggle()} disabled={pending}>
            {pending ? "Saving…" : "Publish"}
          </Button>
        )}
      </div>
    </div>
  );
}
