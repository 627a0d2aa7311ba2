"use client";

import { useEffect, useId, useRef, useState } from "react";
import { cancelReservationAction, moveReservationAction, saveNotesAction, setStatusAction, undoStatusAction } from "@/app/manage/book-actions";
import type { BookReservation, DayBook } from "@/lib/reservations/day-book-types";
import { moveSchema, staffNotesSchema } from "@/lib/reservations/contract";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { deliveryText, guestName, SOURCE_LABEL, STATUS_LABEL } from "./book-format";
import { ActionErrorAlert, FormActions, SuccessNote } from "./form-bits";
import { GuestPanel } from "./guest-panel";
import { PaymentPanel } from "./payment-panel";
import { SeatingTimeFields } from "./seating-time-fields";
import { useActionForm } from "./use-action-form";
import { useServerAction } from "./use-server-action";

export type StaffStatus = "seated" | "completed" | "no_show";

/** A status change the book offers to undo: what it was, what it is now, and how to say so. */
export interface StatusChange {
  reservationId: string;
  from: StaffStatus;
  message: string;
  /** When it happened (ms), telling one change from the next. */
  at: number;
}

/** The way back from each staff status, as the dialog offers it. */
const REVERSE: Record<StaffStatus, { label: string; done: string }> = {
  seated: { label: "Undo seat", done: "Back to confirmed." },
  completed: { label: "Reopen table", done: "Seated again." },
  no_show: { label: "Undo no-show", done: "Back to confirmed." },
};

/**
 * One reservation's details and everything staff do with it: seat, finish, no-show, cancel, move to
 * another table or time, notes. A native modal dialog: focus moves in, Escape closes, focus returns.
 */
export function ReservationDialog({
  book,
  reservation,
  onClose,
  onChanged,
  onStatusChanged,
}: {
  book: DayBook;
  reservation: BookReservation | null;
  onClose: () => void;
  onChanged: () => void;
  /** After Seat, Finish or No-show: the dialog closes and the book offers an Undo. */
  onStatusChanged: (change: StatusChange) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = reservation !== null;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog ref={ref} className="res-dialog" aria-labelledby="res-dialog-title" onClose={onClose}>
      {reservation ? <DialogBody
          key={reservation.id}
          book={book}
          r={reservation}
          onChanged={onChanged}
          onStatusChanged={(change) => {
            ref.current?.close();
            onStatusChanged(change);
          }}
          close={() => ref.current?.close()}
        /> : null}
    </dialog>
  );
}

function DialogBody({
  book,
  r,
  onChanged,
  onStatusChanged,
  close,
}: {
  book: DayBook;
  r: BookReservation;
  onChanged: () => void;
  onStatusChanged: (change: StatusChange) => void;
  close: () => void;
}) {
  const ids = useId();
  const tz = book.restaurant.timezone;
  const rid = { restaurant_id: book.restaurant.id, reservation_id: r.id };
  const status = useServerAction(setStatusAction);
  const undo = useServerAction(undoStatusAction);
  const cancel = useServerAction(cancelReservationAction);
  // Only a confirmed booking changes time; a seated one changes table (its time is kept).
  const move = useActionForm(moveSchema, moveReservationAction, {
    defaultValues: { tableId: r.tableId, startsAt: r.status === "confirmed" ? r.startsAt : null, version: r.version },
    wire: rid,
  });
  const notes = useActionForm(staffNotesSchema, saveNotesAction, { defaultValues: { notes: r.notes ?? "" }, wire: rid });
  const [done, setDone] = useState("");
  const [confirming, setConfirming] = useState<"cancel" | "no_show" | null>(null);
  const busy = status.pending || cancel.pending || move.pending || notes.pending || undo.pending;

  async function setTo(next: StaffStatus, message: string) {
    setConfirming(null);
    if (await status.run({ ...rid, status: next })) {
      onChanged();
      onStatusChanged({ reservationId: r.id, from: next, message: `${guestName(r)}: ${message}`, at: Date.now() });
    }
  }

  async function revert(from: StaffStatus) {
    if (await undo.run({ ...rid, from, version: r.version })) {
      setDone(REVERSE[from].done);
      onChanged();
    }
  }

  async function doCancel() {
    setConfirming(null);
    if (await cancel.run(rid)) {
      setDone("Reservation cancelled.");
      onChanged();
    }
  }

  const doMove = move.submit((moved) => {
    setDone(`Moved to table ${moved.table}.`);
    onChanged();
  });

  const saveNotes = notes.submit(() => {
    setDone("Notes saved.");
    onChanged();
  });

  const movable = r.status === "confirmed" || r.status === "seated";
  const tables = book.tables.filter((t) => t.active && t.maxSeats >= r.partySize);
  const seatingTimes = book.seatings.some((s) => s.startsAt === r.startsAt)
    ? book.seatings
    : [{ startsAt: r.startsAt, localTime: r.localStart, sessionName: "current time" }, ...book.seatings];

  return (
    <div className="res-dialog-body">
      <div className="res-dialog-head">
        <h2 id="res-dialog-title">
          {guestName(r)} <span className="muted">· party of {r.partySize}</span>
        </h2>
        <Button variant="ghost" onClick={close} aria-label="Close details">
          Close
        </Button>
      </div>
      <p>
        <span className={`status-pill status-${r.status}`}>{STATUS_LABEL[r.status]}</span>{" "}
        <span className="muted">
          {SOURCE_LABEL[r.source]} · code {r.code}
        </span>
      </p>
      <dl className="res-details">
        <div>
          <dt>Time</dt>
          <dd>
            {r.localStart}–{r.localEnd} <span className="muted small">({tz})</span>
          </dd>
        </div>
        <div>
          <dt>Table</dt>
          <dd>{r.tableLabel}</dd>
        </div>
        {r.phone ? (
          <div>
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${r.phone}`}>{r.phone}</a>
            </dd>
          </div>
        ) : null}
        {r.email ? (
          <div>
            <dt>Email</dt>
            <dd className="break">{r.email}</dd>
          </div>
        ) : null}
        {r.occasion ? (
          <div>
            <dt>Occasion</dt>
            <dd>{r.occasion}</dd>
          </div>
        ) : null}
        {r.specialRequests ? (
          <div>
            <dt>Requests</dt>
            <dd>{r.specialRequests}</dd>
          </div>
        ) : null}
        {r.source !== "walk_in" ? (
          <div>
            <dt>Messages</dt>
            <dd>
              {deliveryText("Confirmation", r.confirmation, tz, Boolean(r.email))}
              <br />
              {deliveryText("Reminder", r.reminder, tz, Boolean(r.email))}
            </dd>
          </div>
        ) : null}
      </dl>

      <GuestPanel restaurantId={book.restaurant.id} slug={book.restaurant.slug} reservationId={r.id} />

      {r.payment ? (
        <PaymentPanel
          restaurantId={book.restaurant.id}
          reservation={r}
          payment={r.payment}
          timezone={tz}
          mayRefund={book.mayRefund}
          onChanged={onChanged}
        />
      ) : null}

      <SuccessNote>{done}</SuccessNote>
      <ActionErrorAlert error={status.error ?? cancel.error ?? undo.error} />

      {r.status === "confirmed" || r.status === "seated" ? (
        <div className="cluster res-actions">
          {r.status === "confirmed" ? (
            <Button onClick={() => void setTo("seated", "seated.")} pending={busy}>
              Seat
            </Button>
          ) : null}
          {r.status === "seated" ? (
            <Button onClick={() => void setTo("completed", "table finished.")} pending={busy}>
              Finish
            </Button>
          ) : null}
          {r.status === "confirmed" ? (
            confirming === "no_show" ? (
              <Button variant="danger" onClick={() => void setTo("no_show", "marked as a no-show.")} pending={busy}>
                Yes, mark no-show
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => setConfirming("no_show")} pending={busy}>
                No-show
              </Button>
            )
          ) : null}
          {r.status === "confirmed" ? (
            confirming === "cancel" ? (
              <Button variant="danger" onClick={() => void doCancel()} pending={busy}>
                Yes, cancel it
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => setConfirming("cancel")} pending={busy}>
                Cancel reservation
              </Button>
            )
          ) : null}
        </div>
      ) : null}

      {r.status === "seated" || r.status === "completed" || r.status === "no_show" ? (
        <div className="cluster res-actions">
          <Button variant="secondary" onClick={() => void revert(r.status as StaffStatus)} pending={busy}>
            {REVERSE[r.status as StaffStatus].label}
          </Button>
        </div>
      ) : null}

      {movable ? (
        <form className="owner-form res-section" onSubmit={doMove} noValidate aria-labelledby={`${ids}-move`}>
          <h3 id={`${ids}-move`}>Move</h3>
          <div className="form-grid">
            <Field id={`${ids}-table`} label="Table" error={move.fieldError("tableId")}>
              {(p) => (
                <select {...p} {...move.register("tableId")}>
                  {tables.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label} ({t.maxSeats} seats{t.online ? "" : ", house"})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {r.status === "confirmed" ? (
              <SeatingTimeFields
                idPrefix={ids}
                seatings={seatingTimes}
                initial={r.startsAt}
                date={book.date}
                timezone={tz}
                error={move.fieldError("startsAt")}
                onChange={(instant) => move.form.setValue("startsAt", instant, { shouldValidate: move.form.formState.isSubmitted })}
              />
            ) : null}
          </div>
          <FormActions error={move.error} pending={move.pending} busy={busy} variant="secondary" label="Move reservation" pendingLabel="Moving…" />
        </form>
      ) : null}

      <form className="owner-form res-section" onSubmit={saveNotes} noValidate aria-labelledby={`${ids}-notes-h`}>
        <h3 id={`${ids}-notes-h`}>Staff notes</h3>
        <Field id={`${ids}-notes`} label="Notes (never shown to the guest)" error={notes.fieldError("notes")}>
          {(p) => <textarea {...p} rows={3} maxLength={2000} {...notes.register("notes")} />}
        </Field>
        <FormActions error={notes.error} pending={notes.pending} busy={busy} variant="secondary" label="Save notes" pendingLabel="Saving…" />
      </form>
    </div>
  );
}
