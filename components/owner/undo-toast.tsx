"use client";

import { useEffect, useState } from "react";
import { undoStatusAction } from "@/app/manage/book-actions";
import { Button } from "@/components/ui/button";
import type { StatusChange } from "./reservation-dialog";
import { useServerAction } from "./use-server-action";

/** How long the book offers to undo a status change; the booking's dialog can revert it after. */
export const UNDO_TOAST_MS = 12_000;

/**
 * "Marked as a no-show · Undo", for a short while after a status change. The message is announced
 * politely; the countdown pauses while the pointer or focus is on the toast, and the same change can
 * be reverted later from the booking's dialog.
 */
export function UndoToast(props: { restaurantId: string; change: StatusChange | null; onUndone: () => void; onDismiss: () => void }) {
  return (
    <div className="undo-toast-region">
      <div role="status" aria-live="polite" aria-atomic="true">
        {props.change ? <ToastBody key={props.change.at} {...props} change={props.change} /> : null}
      </div>
    </div>
  );
}

function ToastBody({
  restaurantId,
  change,
  onUndone,
  onDismiss,
}: {
  restaurantId: string;
  change: StatusChange;
  onUndone: () => void;
  onDismiss: () => void;
}) {
  const undo = useServerAction(undoStatusAction);
  const [paused, setPaused] = useState(false);
  const [result, setResult] = useState("");

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(onDismiss, result || undo.error ? 5_000 : UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [paused, result, undo.error, onDismiss]);

  async function doUndo() {
    if (await undo.run({ restaurant_id: restaurantId, reservation_id: change.reservationId, from: change.from })) {
      setResult("Undone.");
      onUndone();
    }
  }

  return (
    <div
      className="undo-toast"
      data-testid="undo-toast"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span>{undo.error ? undo.error.message : result || change.message}</span>
      {!result && !undo.error ? (
        <Button variant="secondary" onClick={() => void doUndo()} pending={undo.pending}>
          {undo.pending ? "Undoing…" : "Undo"}
        </Button>
      ) : null}
      <Button variant="ghost" className="undo-toast-dismiss" onClick={onDismiss} aria-label="Dismiss">
        <span aria-hidden="true">×</span>
      </Button>
    </div>
  );
}
