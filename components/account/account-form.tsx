"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition, type ReactNode } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { useFocusWhen } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/actions";

/**
 * An account form (sign in, sign up, reset a password) on its zod schema: the browser checks the
 * fields first, the action runs in a transition, and a refusal lands on the named `fields` it concerns
 * (the first one focused) or, when it names none of them, in `formError` for the form's `FormError`.
 */
export function useAccountForm<T extends FieldValues>(
  schema: z.ZodType<unknown, T>,
  defaultValues: DefaultValues<T>,
  fields: readonly Path<T>[] = [],
) {
  const form = useForm<T>({ resolver: zodResolver(schema as never), defaultValues });
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);

  function submit<D>(send: (values: T) => Promise<ActionResult<D>>, onDone: (data: D, values: T) => void) {
    return form.handleSubmit((values) => {
      setFormError(null);
      startTransition(async () => {
        const result = await send(values);
        if (result.ok) {
          onDone(result.data, values);
          return;
        }
        let focused = false;
        for (const [key, messages] of Object.entries(result.error.fields ?? {})) {
          const name = key as Path<T>;
          if (!fields.includes(name) || !messages[0]) continue;
          form.setError(name, { type: "server", message: messages[0] }, { shouldFocus: !focused });
          focused = true;
        }
        if (!focused) setFormError(result.error.message);
      });
    });
  }

  return { register: form.register, errors: form.formState.errors, pending, formError, submit };
}

/** What replaces an account form once it has done its job ("check your email"), focused as it appears. */
export function AccountFormDone({ title, children, after }: { title: string; children: ReactNode; after: ReactNode }) {
  const ref = useFocusWhen(true);
  return (
    <div ref={ref} tabIndex={-1} className="stack">
      <Alert variant="success" live="status">
        <h2>{title}</h2>
        {children}
      </Alert>
      <p>{after}</p>
    </div>
  );
}
