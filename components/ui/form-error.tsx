"use client";

import { useEffect, useRef } from "react";
import { Alert } from "./alert";

/** A ref that takes focus when `flag` turns truthy, so a screen reader reads what just appeared. */
export function useFocusWhen<T extends HTMLElement = HTMLDivElement>(flag: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (flag) ref.current?.focus();
  }, [flag]);
  return ref;
}

/** A form-level error, focused when it appears so a screen reader reads it. */
export function FormError({ message }: { message: string | null }) {
  const ref = useFocusWhen(message);
  if (!message) return null;
  return (
    <div ref={ref} tabIndex={-1}>
      <Alert variant="danger" live="alert">
        <p>{message}</p>
      </Alert>
    </div>
  );
}
