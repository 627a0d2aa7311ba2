"use client";

import { useCallback, useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/lib/actions";

/**
 * Runs a server action in a transition and keeps its last error, so a form can show the message and
 * the field errors the server returned. `run` resolves to the data on success, or null.
 */
export function useServerAction<I, T>(fn: (input: I) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);

  const run = useCallback(
    (input: I): Promise<T | null> =>
      new Promise((resolve) => {
        startTransition(async () => {
          let result: ActionResult<T>;
          try {
            result = await fn(input);
          } catch {
            result = { ok: false, error: { code: "internal", message: "Could not reach the server. Check the connection and try again." } };
          }
          if (result.ok) {
            setError(null);
            resolve(result.data);
          } else {
            setError(result.error);
            resolve(null);
          }
        });
      }),
    [fn],
  );

  return { run, pending, error, fieldError: (name: string) => error?.fields?.[name]?.[0], reset: () => setError(null) };
}
