"use client";

import { useId, useState } from "react";
import { createTableAction, deleteTableAction, updateTableAction } from "@/app/manage/floor-actions";
import type { TableUsage } from "@/lib/restaurants/table-usage";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ConfirmDialog } from "./confirm-dialog";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { formValues, numberOf, useServerAction } from "./use-server-action";

export interface FloorTable {
  id: string;
  label: string;
  area: string | null;
  minSeats: number;
  maxSeats: number;
  online: boolean;
  active: boolean;
}

function outsideNote(n: number): string {
  return n > 0 ? ` ${n} upcoming ${n === 1 ? "reservation is" : "reservations are"} now outside the rules: see the list above.` : "";
}

/** Why a table cannot be deleted, or null when it can. */
export function deleteBlocker(usage: TableUsage | undefined): string | null {
  if (!usage) return null;
  if (usage.upcoming > 0) {
    return `Has ${usage.upcoming} upcoming ${usage.upcoming === 1 ? "reservation" : "reservations"}, so it cannot be deleted: deactivate it instead.`;
  }
  if (usage.total > 0) return "Has past reservations on record, so it cannot be deleted: deactivate it instead.";
  return null;
}

function TableFields({ ids, t, fieldError }: { ids: string; t?: FloorTable; fieldError: (k: string) => string | undefined }) {
  return (
    <>
      <div className="form-grid">
        <Field id={`${ids}-label`} label="Label" required error={fieldError("label")}>
          {(p) => <input {...p} name="label" required maxLength={40} defaultValue={t?.label} />}
        </Field>
        <Field id={`${ids}-area`} label="Area" optional error={fieldError("area")}>
          {(p) => <input {...p} name="area" maxLength={60} defaultValue={t?.area ?? ""} placeholder="e.g. Window" />}
        </Field>
        <Field id={`${ids}-min`} label="Min seats" required error={fieldError("min_seats")}>
          {(p) => <input {...p} type="number" name="min_seats" min={1} max={100} required defaultValue={t?.minSeats ?? 1} inputMode="numeric" />}
        </Field>
        <Field id={`${ids}-max`} label="Max seats" required error={fieldError("max_seats")}>
          {(p) => <input {...p} type="number" name="max_seats" min={1} max={100} required defaultValue={t?.maxSeats ?? 2} inputMode="numeric" />}
        </Field>
      </div>
      <div className="cluster checkbox-row">
        <label className="checkbox">
          <input type="checkbox" name="online" defaultChecked={t?.online ?? true} /> Bookable online
        </label>
        <label className="checkbox">
          <input type="checkbox" name="active" defaultChecked={t?.active ?? true} /> In use (active)
        </label>
      </div>
    </>
  );
}

function tableInput(form: HTMLFormElement) {
  const v = formValues(form);
  return {
    label: v.label ?? "",
    area: v.area,
    min_seats: numberOf(v.min_seats),
    max_seats: numberOf(v.max_seats),
    online: v.online === "on",
    active: v.active === "on",
  };
}

export function FloorEditor({ restaurantId, tables, usage }: { restaurantId: string; tables: FloorTable[]; usage: Record<string, TableUsage> }) {
  const ids = useId();
  const create = useServerAction(createTableAction);
  const [added, setAdded] = useState("");

  async function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const input = tableInput(form);
    if (await create.run({ restaurant_id: restaurantId, ...input })) {
      setAdded(`Table ${input.label} added.`);
      form.reset();
    }
  }

  return (
    <div className="stack">
      {tables.length === 0 ? (
        <p className="card">No tables yet. Add the first one below.</p>
      ) : (
        <ul className="floor-list">
          {tables.map((t) => (
            <TableCard key={t.id} restaurantId={restaurantId} t={t} usage={usage[t.id]} />
          ))}
        </ul>
      )}
      <form className="card owner-form" onSubmit={onCreate} noValidate aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`}>Add a table</h2>
        <TableFields ids={`${ids}-new`} fieldError={create.fieldError} />
        <ActionErrorAlert error={create.error} />
        <SuccessNote>{added}</SuccessNote>
        <Button type="submit" disabled={create.pending}>
          {create.pending ? "Adding…" : "Add table"}
        </Button>
      </form>
    </div>
  );
}

function TableCard({ restaurantId, t, usage }: { restaurantId: string; t: FloorTable; usage?: TableUsage }) {
  const ids = useId();
  const update = useServerAction(updateTableAction);
  const remove = useServerAction(deleteTableAction);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState("");
  const blocker = deleteBlocker(usage);

  async function onSave(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const res = await update.run({ restaurant_id: restaurantId, table_id: t.id, ...tableInput(e.currentTarget) });
    if (res) {
      setEditing(false);
      setNote(`Saved.${outsideNote(res.outsideRules)}`);
    }
  }

  async function toggleActive() {
    const res = await update.run({ restaurant_id: restaurantId, table_id: t.id, active: !t.active });
    if (res) setNote(`${t.active ? "Deactivated" : "Activated"}.${outsideNote(res.outsideRules)}`);
  }

  return (
    <li className="card floor-card" data-testid={`table-${t.label}`}>
      <div className="floor-card-head">
        <h3>
          {t.label}
          {t.area ? <span className="muted"> · {t.area}</span> : null}
        </h3>
        <p className="cluster">
          <span className="badge">
            {t.minSeats === t.maxSeats ? t.maxSeats : `${t.minSeats}–${t.maxSeats}`} seats
          </span>
          <span className={t.online ? "badge badge-success" : "badge"}>{t.online ? "Online" : "House only"}</span>
          {!t.active ? <span className="badge badge-warning">Inactive</span> : null}
          {usage?.upcoming ? <span className="badge">{usage.upcoming} upcoming</span> : null}
        </p>
      </div>
      {editing ? (
        <form className="owner-form" onSubmit={onSave} noValidate aria-label={`Edit table ${t.label}`}>
          <TableFields ids={ids} t={t} fieldError={update.fieldError} />
          <ActionErrorAlert error={update.error} />
          <div className="cluster">
            <Button type="submit" disabled={update.pending}>
              Save
            </Button>
            <Button variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <>
          <div className="cluster">
            <Button variant="secondary" onClick={() => { setNote(""); setEditing(true); }} aria-label={`Edit table ${t.label}`}>
              Edit
            </Button>
            <Button variant="secondary" onClick={() => void toggleActive()} disabled={update.pending} aria-label={`${t.active ? "Deactivate" : "Activate"} table ${t.label}`}>
              {t.active ? "Deactivate" : "Activate"}
            </Button>
            {blocker !== null ? (
              <Button variant="danger" disabled aria-describedby={`${ids}-why`} aria-label={`Delete table ${t.label}`}>
                Delete
              </Button>
            ) : (
              <ConfirmDialog
                title={`Delete table ${t.label}?`}
                confirmLabel="Delete table"
                onConfirm={() => remove.run({ restaurant_id: restaurantId, table_id: t.id })}
                trigger={
                  <Button variant="danger" disabled={remove.pending} aria-label={`Delete table ${t.label}`}>
                    Delete
                  </Button>
                }
              >
                <p>
                  Table {t.label} ({t.maxSeats} seats{t.area ? `, ${t.area}` : ""}) has no bookings, upcoming or past. Deleting it removes it
                  from the floor for good; to take it out of service for a while, deactivate it instead.
                </p>
              </ConfirmDialog>
            )}
          </div>
          {blocker ? (
            <p className="field-hint" id={`${ids}-why`}>
              {blocker}
            </p>
          ) : null}
          <ActionErrorAlert error={update.error ?? remove.error} />
        </>
      )}
      <SuccessNote>{note}</SuccessNote>
    </li>
  );
}
