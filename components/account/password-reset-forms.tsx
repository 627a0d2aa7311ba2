"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { requestPasswordResetAction, resetPasswordAction } from "@/app/forgot-password/actions";
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  MIN_PASSWORD_LENGTH,
  type ForgotPasswordInput,
  type ResetPasswordInput,
} from "@/app/signin/schema";
import { FormError } from "@/components/diner/auth-forms";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

function useFocusWhen(flag: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (flag) ref.current?.focus();
  }, [flag]);
  return ref;
}

/** Asks for a reset link. The answer never says whether the address has an account. */
export function ForgotPasswordForm() {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const sentRef = useFocusWhen(sentTo);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ForgotPasswordInput>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: "" } });

  const submit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await requestPasswordResetAction(values);
      if (result.ok) setSentTo(values.email.trim());
      else setFormError(result.error.message);
    });
  });

  if (sentTo) {
    return (
      <div ref={sentRef} tabIndex={-1} className="stack">
        <Alert variant="success" live="status">
          <h2>Check your email</h2>
          <p>
            If an account uses <strong>{sentTo}</strong>, we sent it a link to set a new password. The link works once, within an
            hour. Nothing arrived? Check your spam folder, or try the address you booked with.
          </p>
        </Alert>
        <p>
          <Link href="/signin">Back to sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <form noValidate onSubmit={submit} className="auth-form stack">
      <FormError message={formError} />
      <Field id="forgot-email" label="Email" required error={errors.email?.message}>
        {(a11y) => <input {...a11y} type="email" autoComplete="email" inputMode="email" {...register("email")} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" pending={pending}>
          {pending ? "Sending…" : "Email me a reset link"}
        </Button>
      </div>
      <p>
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}

/** Sets the new password from an emailed link. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const doneRef = useFocusWhen(done);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<ResetPasswordInput>({ resolver: zodResolver(resetPasswordSchema), defaultValues: { token, password: "", confirm: "" } });

  const submit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await resetPasswordAction({ ...values, token });
      if (result.ok) {
        setDone(true);
        return;
      }
      const message = result.error.fields?.password?.[0];
      if (message) setError("password", { type: "server", message }, { shouldFocus: true });
      else setFormError(result.error.message);
    });
  });

  if (done) {
    return (
      <div ref={doneRef} tabIndex={-1} className="stack">
        <Alert variant="success" live="status">
          <h2>Your password is changed</h2>
          <p>You were signed out everywhere else. Sign in with the new password.</p>
        </Alert>
        <p>
          <Link href="/signin?next=%2Fme" className={buttonClass("primary")}>
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form noValidate onSubmit={submit} className="auth-form stack">
      <FormError message={formError} />
      {/* Lets a password manager store the new password for the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="reset-password" label="New password" required hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={errors.password?.message}>
        {(a11y) => <input {...a11y} type="password" autoComplete="new-password" {...register("password")} />}
      </Field>
      <Field id="reset-confirm" label="New password again" required error={errors.confirm?.message}>
        {(a11y) => <input {...a11y} type="password" autoComplete="new-password" {...register("confirm")} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" pending={pending}>
          {pending ? "Saving…" : "Set new password"}
        </Button>
      </div>
    </form>
  );
}
