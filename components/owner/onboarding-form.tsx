"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { createRestaurantAction } from "@/app/manage/restaurant-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { slugify } from "@/lib/contract/common";
import { ActionErrorAlert } from "./form-bits";
import { formValues, useServerAction } from "./use-server-action";

const noSubscription = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Step one of onboarding. The time zone is a native searchable list (input + datalist of every IANA
 * zone the runtime knows), checked against that list here and again on the server.
 */
export function OnboardingForm({ timeZones }: { timeZones: string[] }) {
  const router = useRouter();
  const { run, pending, error, fieldError } = useServerAction(createRestaurantAction);
  const [name, setName] = useState("");
  // null until the owner types: until then the browser's own zone is suggested (known only in the browser).
  const [typed, setTyped] = useState<string | null>(null);
  const [tzError, setTzError] = useState<string | undefined>();
  const ids = useId();
  const listId = `${ids}-zones`;

  const ownZone = useSyncExternalStore(noSubscription, browserZone, () => "");
  const timezone = typed ?? (timeZones.includes(ownZone) ? ownZone : "");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const tz = timeZones.find((z) => z.toLowerCase() === v.timezone?.trim().toLowerCase());
    if (!tz) {
      setTzError("Choose a time zone from the list, such as Europe/London.");
      document.getElementById(`${ids}-timezone`)?.focus();
      return;
    }
    setTzError(undefined);
    const created = await run({
      name: v.name ?? "",
      slug: v.slug,
      timezone: tz,
      cuisine: v.cuisine,
      city: v.city,
      address: v.address,
      description: v.description,
    });
    if (created) router.push(`/manage/${created.slug}/setup`);
  }

  const slugHint = `Your page will be at /r/${slugify(name) || "your-restaurant"}. Leave empty to use the name.`;
  return (
    <form className="owner-form stack" onSubmit={onSubmit} noValidate aria-describedby={error ? `${ids}-error` : undefined}>
      <Field id={`${ids}-name`} label="Restaurant name" required error={fieldError("name")}>
        {(p) => <input {...p} name="name" autoComplete="organization" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field id={`${ids}-slug`} label="Web address" optional hint={slugHint} error={fieldError("slug")}>
        {(p) => <input {...p} name="slug" maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder={slugify(name) || "your-restaurant"} />}
      </Field>
      <Field
        id={`${ids}-timezone`}
        label="Time zone"
        required
        hint="Type to search, e.g. “London” or “America/New_York”. Every time on the book is in this zone."
        error={tzError ?? fieldError("timezone")}
      >
        {(p) => (
          <>
            <input {...p} name="timezone" list={listId} autoComplete="off" spellCheck={false} required value={timezone} onChange={(e) => setTyped(e.target.value)} />
            <datalist id={listId}>
              {timeZones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="form-grid">
        <Field id={`${ids}-city`} label="City" optional error={fieldError("city")}>
          {(p) => <input {...p} name="city" autoComplete="address-level2" maxLength={80} />}
        </Field>
        <Field id={`${ids}-cuisine`} label="Cuisine" optional error={fieldError("cuisine")}>
          {(p) => <input {...p} name="cuisine" maxLength={60} placeholder="e.g. Italian" />}
        </Field>
      </div>
      <Field id={`${ids}-address`} label="Address" optional error={fieldError("address")}>
        {(p) => <input {...p} name="address" autoComplete="street-address" maxLength={300} />}
      </Field>
      <Field id={`${ids}-description`} label="Description" optional hint="A few sentences diners see on your page." error={fieldError("description")}>
        {(p) => <textarea {...p} name="description" maxLength={4000} rows={4} />}
      </Field>
      <div id={`${ids}-error`}>
        <ActionErrorAlert error={error} />
      </div>
      <div className="cluster">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create restaurant"}
        </Button>
      </div>
    </form>
  );
}
