"use client";

import type { ActionError } from "@/lib/actions";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";

/** The server's answer to a failed action, announced once, above the form's button. */
export function ActionErrorAlert({ error, className, id }: { error: ActionError | null; className?: string; id?: string }) {
  if (!error) return null;
  return (
    <Alert variant="danger" live="alert" className={className} id={id}>
      {error.message}
    </Alert>
  );
}

/** A short confirmation after an action succeeded, announced politely. */
export function SuccessNote({ children }: { children: React.ReactNode }) {
  if (!children) return null;
  return (
    <Alert variant="success" live="status">
      {children}
    </Alert>
  );
}

/**
 * A form's footer: the server's refusal or the confirmation of the last save (`note`), then the submit button (busy while `pending`, saying
 * `pendingLabel`) and, when the form can be left, a way out.
 */
export function FormActions({
  error,
  errorId,
  note,
  pending,
  label,
  pendingLabel,
  variant,
  busy,
  onCancel,
  cancelLabel = "Cancel",
}: {
  error: ActionError | null;
  /** The refusal's id, for a form described by it. */
  errorId?: string;
  note?: React.ReactNode;
  pending: boolean;
  label: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  /** Something else in flight that this form must wait for (the label stays). */
  busy?: boolean;
  onCancel?: () => void;
  cancelLabel?: string;
}) {
  return (
    <>
      <ActionErrorAlert error={error} id={errorId} />
      <SuccessNote>{note}</SuccessNote>
      <div className="cluster">
        <Button type="submit" variant={variant} pending={pending || busy}>
          {pending ? pendingLabel : label}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            {cancelLabel}
          </Button>
        ) : null}
      </div>
    </>
  );
}
