"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

/**
 * Asks before a destructive action. An alert dialog (Radix): focus moves to Cancel, stays inside
 * until the dialog closes, Escape cancels, and focus returns to the button that opened it. The
 * confirm button runs the action and the dialog closes when it resolves.
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  onConfirm,
  variant = "danger",
}: {
  /** The button that opens the dialog (a Button element). */
  trigger: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
  variant?: ButtonVariant;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  async function confirm(e: React.MouseEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={(o) => !busy && setOpen(o)}>
      <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="confirm-overlay" />
        <AlertDialog.Content className="confirm-dialog">
          <AlertDialog.Title className="confirm-title">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="confirm-body">{children}</div>
          </AlertDialog.Description>
          <div className="cluster confirm-actions">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary" pending={busy}>
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button variant={variant} onClick={(e) => void confirm(e)} pending={busy}>
                {busy ? "Working…" : confirmLabel}
              </Button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
