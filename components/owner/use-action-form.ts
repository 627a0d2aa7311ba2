"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition, type BaseSyntheticEvent } from "react";
import { get, useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import type { ActionError, ActionResult } from "@/lib/actions";
import { toCamelCase, toWireBody } from "@/lib/contract/wire";

const UNREACHABLE: ActionError = { code: "internal", message: "Could not reach the server. Check the connection and try again." };

/**
 * An owner form on its contract: react-hook-form validates in the browser with the very zod schema the
 * server action parses (camelCase), the values go to the action as its snake_case wire body (plus
 * `wire`, e.g. the restaurant id), and the server's field errors land on the same fields. Errors the
 * form has no field for stay in `error`, for the form's alert.
 */
export function useActionForm<TIn extends FieldValues, TOut, TWire, TData>(
  schema: z.ZodType<TOut, TIn>,
  send: (input: TWire) => Promise<ActionResult<TData>>,
  options: { defaultValues: DefaultValues<TIn>; wire?: Record<string, unknown> },
) {
  const form = useForm<TIn, unknown, TOut>({ resolver: zodResolver(schema as never), defaultValues: options.defaultValues });
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  // The last success's confirmation, cleared by the next submit.
  const [note, setNote] = useState("");

  /**
   * The submit handler: validates, sends, maps errors; `onDone` gets the action's data, `onError` the
   * refusal after its field errors are placed (for errors that name a field by other means).
   */
  function submit(onDone: (data: TData, values: TIn) => void, onError?: (error: ActionError) => void) {
    const handle = form.handleSubmit(
      () =>
        new Promise<void>((resolve) => {
          // The raw values (what the fields hold), not the parsed output: the server parses them itself.
          const values = form.getValues();
          startTransition(async () => {
            let result: ActionResult<TData>;
            try {
              result = await send({ ...toWireBody(values), ...options.wire } as TWire);
            } catch {
              result = { ok: false, error: UNREACHABLE };
            }
            if (result.ok) {
              setError(null);
              onDone(result.data, values);
            } else {
              setError(result.error);
              let focused = false;
              for (const [key, messages] of Object.entries(result.error.fields ?? {})) {
                const name = toCamelCase(key) as Path<TIn>;
                if (!(name in values) || !messages[0]) continue;
                form.setError(name, { type: "server", message: messages[0] }, { shouldFocus: !focused });
                focused = true;
              }
              onError?.(result.error);
            }
            resolve();
          });
        }),
    );
    return (event?: BaseSyntheticEvent) => {
      setNote("");
      return handle(event);
    };
  }

  /** A field's message (a nested one by its dotted path): the browser's check or the server's. */
  const fieldError = (name: Path<TIn>): string | undefined => {
    const e: unknown = get(form.formState.errors, name);
    const message = (e as { message?: unknown } | undefined)?.message;
    return typeof message === "string" ? message : undefined;
  };

  return { form, submit, pending, error, fieldError, register: form.register, clearError: () => setError(null), note, setNote };
}
