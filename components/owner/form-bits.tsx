"use client";

import type { ActionError } from "@/lib/actions";
import { Alert } from "@/components/ui/alert";

/** The server's answer to a failed action, announced once, above the form's button. */
export function ActionErrorAlert({ error, className }: { error: ActionError | null; className?: string }) {
  if (!error) return null;
  return (
    <Alert variant="danger" live="alert" className={className}>
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
