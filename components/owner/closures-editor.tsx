"use client";

import { useId, useState } from "react";
import { createClosureAction, deleteClosureAction } from "@/app/manage/closure-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { formValues, useServerAction } from "./use-server-action";

export interface ClosureItem {
  id: string;
  startDate: string;
  endDate: string;
  reason: string | null;
}

/** Closed dates (inclusive local dates): no online booking then. */
export function ClosuresEditor({ restaurantId, closures, today }: { restaurantId: string; closures: ClosureItem[]; today: string }) {
  const ids = useId();
  const create = useServerAction(createClosureAction);
  const remove = useServerAction(deleteClosureAction);
  const [note, setNote] = useState("");
  const [start, setStart] = useState(today);

  async function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const res = await create.run({ restaurant_id: restaurantId, start_date: v.start_date ?? "", end_date: v.end_date || v.start_date || "", reason: v.reason });
    if (res) {
      const n = res.outsideRules;
      setNote(`Closure added.${n > 0 ? ` ${n} upcoming ${n === 1 ? "reservation falls" : "reservations fall"} on closed days: see the list above.` : ""}`);
      form.reset();
      setStart(today);
    }
  }

  return (
    <div className="stack">
      <SuccessNote>{note}</SuccessNote>
      {closures.length === 0 ? (
        <p className="card">No closures coming up.</p>
      ) : (
        <ul className="closure-list">
          {closures.map((c) => (
            <li key={c.id} className="card closure-card">
              <div>
                <p className="closure-dates">{c.startDate === c.endDate ? c.startDate : `${c.startDate} to ${c.endDate}`}</p>
                <p className="muted">{c.reason ?? "No reason given"}</p>
              </div>
              <Button
                variant="secondary"
                disabled={remove.pending}
                aria-label={`Remove closure ${c.startDate}${c.startDate === c.endDate ? "" : ` to ${c.endDate}`}`}
                onClick={() => void remove.run({ restaurant_id: restaurantId, closure_id: c.id }).then((r) => r && setNote("Closure removed."))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ActionErrorAlert error={remove.error} />
      <form className="card owner-form" onSubmit={onCreate} noValidate aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`}>Add a closure</h2>
        <div className="form-grid">
          <Field id={`${ids}-start`} label="First day" required error={create.fieldError("start_date")}>
            {(p) => <input {...p} type="date" name="start_date" required value={start} min={today} onChange={(e) => setStart(e.target.value)} />}
          </Field>
          <Field id={`${ids}-end`} label="Last day" optional hint="Leave empty for one day." error={create.fieldError("end_date")}>
            {(p) => <input {...p} type="date" name="end_date" min={start} />}
          </Field>
        </div>
        <Field id={`${ids}-reason`} label="Reason" optional hint="For your team; e.g. “Private event”." error={create.fieldError("reason")}>
          {(p) => <input {...p} name="reason" maxLength={200} />}
        </Field>
        <ActionErrorAlert error={create.error} />
        <Button type="submit" disabled={create.pending}>
          {create.pending ? "Adding…" : "Add closure"}
        </Button>
      </form>
    </div>
  );
}
