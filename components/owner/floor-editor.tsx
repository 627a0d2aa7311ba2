"use client";

import { useId, useState } from "react";
import { createTableAction, deleteTableAction, updateTableAction } from "@/app/manage/floor-actions";
import type { TableUsage } from "@/lib/restaurants/table-usage";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FieldHint } from "@/components/ui/field";
import { ConfirmDialog } from "./confirm-dialog";
import type { ActionResult } from "@/lib/actions";
import { tableCreateSchema, tablePatchSchema } from "@/lib/restaurants/contract";
import { ActionErrorAlert, SuccessNote } from "./form-bits";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";
import { Card } from "@/components/ui/card";

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

type TableForm = ReturnType<typeof useTableForm>;

/** A table as the form holds it (a new table: 1–2 seats, online, in use). */
const tableValues = (t?: FloorTable) => ({
  label: t?.label ?? "",
  area: t?.area ?? "",
  minSeats: t?.minSeats ?? 1,
  maxSeats: t?.maxSeats ?? 2,
  online: t?.online ?? true,
  active: t?.active ?? true,
});

/** A table's form on its contract: a new table, or the edit of `t`. */
function useTableForm<TData, TWire>(
  schema: typeof tableCreateSchema | typeof tablePatchSchema,
  send: (input: TWire) => Promise<ActionResult<TData>>,
  wire: Record<string, unknown>,
  t?: FloorTable,
) {
  return useActionForm(schema as typeof tableCreateSchema, send, {
    defaultValues: tableValues(t),
    wire,
  });
}

function TableFields({ ids, f }: { ids: string; f: Pick<TableForm, "register" | "fieldError"> }) {
  const { register, fieldError } = f;
  return (
    <>
      <div className="form-grid">
        <Field id={`${ids}-label`} label="Label" required error={fieldError("label")}>
          {(p) => <input {...p} required maxLength={40} {...register("label")} />}
        </Field>
        <Field id={`${ids}-area`} label="Area" optional error={fieldError("area")}>
          {(p) => <input {...p} maxLength={60} placeholder="e.g. Window" {...register("area")} />}
        </Field>
        <Field id={`${ids}-min`} label="Min seats" required error={fieldError("minSeats")}>
          {(p) => <input {...p} type="number" min={1} max={100} required inputMode="numeric" {...register("minSeats", { valueAsNumber: true })} />}
        </Field>
        <Field id={`${ids}-max`} label="Max seats" required error={fieldError("maxSeats")}>
          {(p) => <input {...p} type="number" min={1} max={100} required inputMode="numeric" {...register("maxSeats", { valueAsNumber: true })} />}
        </Field>
      </div>
      <div className="cluster checkbox-row">
        <label className="checkbox">
          <input type="checkbox" {...register("online")} /> Bookable online
        </label>
        <label className="checkbox">
          <input type="checkbox" {...register("active")} /> In use (active)
        </label>
      </div>
    </>
  );
}

export function FloorEditor({ restaurantId, tables, usage }: { restaurantId: string; tables: FloorTable[]; usage: Record<string, TableUsage> }) {
  const ids = useId();
  const create = useTableForm(tableCreateSchema, createTableAction, { restaurant_id: restaurantId });
  const [added, setAdded] = useState("");

  const onCreate = create.submit((_, values) => {
    setAdded(`Table ${values.label} added.`);
    create.form.reset();
  });

  return (
    <div className="stack">
      {tables.length === 0 ? (
        <Card as="p">No tables yet. Add the first one below.</Card>
      ) : (
        <ul className="floor-list">
          {tables.map((t) => (
            <TableCard key={t.id} restaurantId={restaurantId} t={t} usage={usage[t.id]} />
          ))}
        </ul>
      )}
      <Card as="form" className="owner-form" onSubmit={onCreate} noValidate aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`}>Add a table</h2>
        <TableFields ids={`${ids}-new`} f={create} />
        <ActionErrorAlert error={create.error} />
        <SuccessNote>{added}</SuccessNote>
        <Button type="submit" pending={create.pending}>
          {create.pending ? "Adding…" : "Add table"}
        </Button>
      </Card>
    </div>
  );
}

function TableCard({ restaurantId, t, usage }: { restaurantId: string; t: FloorTable; usage?: TableUsage }) {
  const ids = useId();
  const update = useServerAction(updateTableAction);
  const edit = useTableForm(tablePatchSchema, updateTableAction, { restaurant_id: restaurantId, table_id: t.id }, t);
  const remove = useServerAction(deleteTableAction);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState("");
  const blocker = deleteBlocker(usage);

  const onSave = edit.submit((res) => {
    setEditing(false);
    setNote(`Saved.${outsideNote(res.outsideRules)}`);
  });

  async function toggleActive() {
    const res = await update.run({ restaurant_id: restaurantId, table_id: t.id, active: !t.active });
    if (res) setNote(`${t.active ? "Deactivated" : "Activated"}.${outsideNote(res.outsideRules)}`);
  }

  return (
    <Card as="li" className="floor-card" data-testid={`table-${t.label}`}>
      <div className="floor-card-head">
        <h3>
          {t.label}
          {t.area ? <span className="muted"> · {t.area}</span> : null}
        </h3>
        <p className="cluster">
          <Badge>
            {t.minSeats === t.maxSeats ? t.maxSeats : `${t.minSeats}–${t.maxSeats}`} seats
          </Badge>
          <Badge variant={t.online ? "success" : "neutral"}>{t.online ? "Online" : "House only"}</Badge>
          {!t.active ? <Badge variant="warning">Inactive</Badge> : null}
          {usage?.upcoming ? <Badge>{usage.upcoming} upcoming</Badge> : null}
        </p>
      </div>
      {editing ? (
        <form className="owner-form" onSubmit={onSave} noValidate aria-label={`Edit table ${t.label}`}>
          <TableFields ids={ids} f={edit} />
          <ActionErrorAlert error={edit.error} />
          <div className="cluster">
            <Button type="submit" pending={edit.pending}>
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
            <Button variant="secondary" onClick={() => { setNote(""); edit.form.reset(tableValues(t)); setEditing(true); }} aria-label={`Edit table ${t.label}`}>
              Edit
            </Button>
            <Button variant="secondary" onClick={() => void toggleActive()} pending={update.pending} aria-label={`${t.active ? "Deactivate" : "Activate"} table ${t.label}`}>
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
                  <Button variant="danger" pending={remove.pending} aria-label={`Delete table ${t.label}`}>
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
            <FieldHint id={`${ids}-why`}>
              {blocker}
            </FieldHint>
          ) : null}
          <ActionErrorAlert error={update.error ?? remove.error} />
        </>
      )}
      <SuccessNote>{note}</SuccessNote>
    </Card>
  );
}
