"use client";

import { useId, useState } from "react";
import { createClosureAction, deleteClosureAction } from "@/app/manage/closure-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { closureSchema } from "@/lib/restaurants/contract";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";
import { Card } from "@/components/ui/card";

export interface ClosureItem {
  id: string;
  startDate: string;
  endDate: string;
  reason: string | null;
}

/** Closed dates (inclusive local dates): no online booking then. */
export function ClosuresEditor({ restaurantId, closures, today }: { restaurantId: string; closures: ClosureItem[]; today: string }) {
  const ids = useId();
  const remove = useServerAction(deleteClosureAction);
  const create = useActionForm(closureSchema, createClosureAction, {
    defaultValues: { startDate: today, endDate: today, reason: "" },
    wire: { restaurant_id: restaurantId },
  });
  const [note, setNote] = useState("");
  const start = create.form.watch("startDate");

  const onCreate = create.submit((res) => {
    const n = res.outsideRules;
    setNote(`Closure added.${n > 0 ? ` ${n} upcoming ${n === 1 ? "reservation falls" : "reservations fall"} on closed days: see the list above.` : ""}`);
    create.form.reset();
  });

  return (
    <div className="stack">
      <SuccessNote>{note}</SuccessNote>
      {closures.length === 0 ? (
        <Card as="p">No closures coming up.</Card>
      ) : (
        <ul className="closure-list">
          {closures.map((c) => (
            <Card as="li" className="closure-card" key={c.id}>
              <div>
                <p className="closure-dates">{c.startDate === c.endDate ? c.startDate : `${c.startDate} to ${c.endDate}`}</p>
                <p className="muted">{c.reason ?? "No reason given"}</p>
              </div>
              <Button
                variant="secondary"
                pending={remove.pending}
                aria-label={`Remove closure ${c.startDate}${c.startDate === c.endDate ? "" : ` to ${c.endDate}`}`}
                onClick={() => void remove.run({ restaurant_id: restaurantId, closure_id: c.id }).then((r) => r && setNote("Closure removed."))}
              >
                Remove
              </Button>
            </Card>
          ))}
        </ul>
      )}
      <ActionErrorAlert error={remove.error} />
      <Card as="form" className="owner-form" onSubmit={onCreate} noValidate aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`}>Add a closure</h2>
        <div className="form-grid">
          <Field id={`${ids}-start`} label="First day" required error={create.fieldError("startDate")}>
            {(p) => (
              <input
                {...p}
                type="date"
                required
                min={today}
                {...create.register("startDate", {
                  // A one-day closure by default: the last day follows the first until it is later.
                  onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
                    const end = create.form.getValues("endDate");
                    if (!end || end < e.target.value) create.form.setValue("endDate", e.target.value);
                  },
                })}
              />
            )}
          </Field>
          <Field id={`${ids}-end`} label="Last day" required hint="The same as the first day for one day." error={create.fieldError("endDate")}>
            {(p) => <input {...p} type="date" required min={start} {...create.register("endDate")} />}
          </Field>
        </div>
        <Field id={`${ids}-reason`} label="Reason" optional hint="For your team; e.g. “Private event”." error={create.fieldError("reason")}>
          {(p) => <input {...p} maxLength={200} {...create.register("reason")} />}
        </Field>
        <ActionErrorAlert error={create.error} />
        <Button type="submit" pending={create.pending}>
          {create.pending ? "Adding…" : "Add closure"}
        </Button>
      </Card>
    </div>
  );
}
