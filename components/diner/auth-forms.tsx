"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm, type FieldValues, type Path, type UseFormSetError } from "react-hook-form";
import { magicLinkAction, signInAction, signUpAction } from "@/app/signin/actions";
import {
  magicLinkSchema,
  signInSchema,
  signUpSchema,
  type MagicLinkInput,
  type SignInInput,
  type SignUpInput,
  MIN_PASSWORD_LENGTH,
} from "@/app/signin/schema";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionError } from "@/lib/actions";

function applyServerErrors<T extends FieldValues>(error: ActionError, names: readonly Path<T>[], setError: UseFormSetError<T>): boolean {
  let focused = false;
  for (const [key, messages] of Object.entries(error.fields ?? {})) {
    const name = key as Path<T>;
    if (names.includes(name) && messages[0]) {
      setError(name, { type: "server", message: messages[0] }, { shouldFocus: !focused });
      focused = true;
    }
  }
  return focused;
}

/** A form-level error, focused when it appears so a screen reader reads it. */
export function FormError({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div ref={ref} tabIndex={-1}>
      <Alert variant="danger" live="alert">
        <p>{message}</p>
      </Alert>
    </div>
  );
}

export function SignInForm({ next }: { next?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { email: "", password: "", next } });

  const submit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await signInAction({ ...values, next });
      if (result.ok) {
        router.push(result.data.next);
        router.refresh();
        return;
      }
      setFormError(result.error.message);
    });
  });

  return (
    <form noValidate onSubmit={submit} className="auth-form stack">
      <FormError message={formError} />
      <Field id="signin-email" label="Email" required error={errors.email?.message}>
        {(a11y) => <input {...a11y} type="email" autoComplete="email" inputMode="email" {...register("email")} />}
      </Field>
      <Field id="signin-password" label="Password" required error={errors.password?.message}>
        {(a11y) => <input {...a11y} type="password" autoComplete="current-password" {...register("password")} />}
      </Field>
      <p className="forgot-password">
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <div className="form-actions">
        <Button type="submit" pending={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </div>
      <p>
        New here? <Link href={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}>Create an account</Link>
      </p>
    </form>
  );
}

const MAGIC_LINK_FIELDS = ["email"] as const;

/** The sign-in page's second way in, shown only when the server can send email (Resend). */
export function MagicLinkForm({ next }: { next?: string }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const sentRef = useRef<HTMLDivElement>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<MagicLinkInput>({ resolver: zodResolver(magicLinkSchema), defaultValues: { email: "", next } });

  useEffect(() => {
    if (sentTo) sentRef.current?.focus();
  }, [sentTo]);

  const submit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await magicLinkAction({ ...values, next });
      if (result.ok) {
        setSentTo(values.email.trim());
        return;
      }
      if (!applyServerErrors<MagicLinkInput>(result.error, MAGIC_LINK_FIELDS, setError)) setFormError(result.error.message);
    });
  });

  if (sentTo) {
    return (
      <div ref={sentRef} tabIndex={-1} className="stack">
        <Alert variant="success" live="status">
          <h2>Check your email</h2>
          <p>
            We sent a sign-in link to <strong>{sentTo}</strong>. It works once, within an hour.
          </p>
        </Alert>
        <p>
          <Button variant="link" onClick={() => setSentTo(null)}>
            Use a different email
          </Button>
        </p>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={submit} className="auth-form stack" aria-labelledby="magic-link-heading">
      <h2 id="magic-link-heading">Email me a sign-in link</h2>
      <p className="muted">No password needed: we email you a link that signs you in. New here? The link creates your account.</p>
      <FormError message={formError} />
      <Field id="magic-email" label="Email for the link" required error={errors.email?.message}>
        {(a11y) => <input {...a11y} type="email" autoComplete="email" inputMode="email" {...register("email")} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="secondary" pending={pending}>
          {pending ? "Sending…" : "Email me a link"}
        </Button>
      </div>
    </form>
  );
}

const SIGN_UP_FIELDS = ["name", "email", "password"] as const;

export function SignUpForm({ next }: { next?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<SignUpInput>({ resolver: zodResolver(signUpSchema), defaultValues: { name: "", email: "", password: "", next } });

  const submit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await signUpAction({ ...values, next });
      if (result.ok) {
        router.push(result.data.next);
        router.refresh();
        return;
      }
      if (!applyServerErrors<SignUpInput>(result.error, SIGN_UP_FIELDS, setError)) setFormError(result.error.message);
    });
  });

  return (
    <form noValidate onSubmit={submit} className="auth-form stack">
      <FormError message={formError} />
      <Field id="signup-name" label="Name" required error={errors.name?.message}>
        {(a11y) => <input {...a11y} type="text" autoComplete="name" {...register("name")} />}
      </Field>
      <Field id="signup-email" label="Email" required error={errors.email?.message}>
        {(a11y) => <input {...a11y} type="email" autoComplete="email" inputMode="email" {...register("email")} />}
      </Field>
      <Field
        id="signup-password"
        label="Password"
        required
        error={errors.password?.message}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A short sentence is easy to remember.`}
      >
        {(a11y) => <input {...a11y} type="password" autoComplete="new-password" {...register("password")} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" pending={pending}>
          {pending ? "Creating your account…" : "Create account"}
        </Button>
      </div>
      <p>
        Already have an account? <Link href={next ? `/signin?next=${encodeURIComponent(next)}` : "/signin"}>Sign in</Link>
      </p>
    </form>
  );
}
