"use client";

import Link from "next/link";
import { useState } from "react";
import { requestPasswordResetAction, resetPasswordAction } from "@/app/forgot-password/actions";
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  MIN_PASSWORD_LENGTH,
  type ForgotPasswordInput,
  type ResetPasswordInput,
} from "@/app/signin/schema";
import { AccountFormDone, useAccountForm } from "@/components/account/account-form";
import { FormError } from "@/components/ui/form-error";
import { Button, buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Asks for a reset link. The answer never says whether the address has an account. */
export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { register, errors, pending, formError, submit } = useAccountForm<ForgotPasswordInput>(forgotPasswordSchema, { email: "" });
  const onSubmit = submit(requestPasswordResetAction, (_, values) => setSentTo(values.email.trim()));

  if (sentTo) {
    return (
      <AccountFormDone title="Check your email" after={<Link href="/signin">Back to sign in</Link>}>
        <p>
          If an account uses <strong>{sentTo}</strong>, we sent it a link to set a new password. The link works once, within an
          hour. Nothing arrived? Check your spam folder, or try the address you booked with.
        </p>
      </AccountFormDone>
    );
  }
  return (
    <form noValidate onSubmit={onSubmit} className="auth-form stack">
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

const RESET_FIELDS = ["password"] as const;

/** Sets the new password from an emailed link. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [done, setDone] = useState(false);
  const { register, errors, pending, formError, submit } = useAccountForm<ResetPasswordInput>(
    resetPasswordSchema,
    { token, password: "", confirm: "" },
    RESET_FIELDS,
  );
  const onSubmit = submit(
    (values) => resetPasswordAction({ ...values, token }),
    () => setDone(true),
  );

  if (done) {
    return (
      <AccountFormDone
        title="Your password is changed"
        after={
          <Link href="/signin?next=%2Fme" className={buttonClass("primary")}>
            Sign in
          </Link>
        }
      >
        <p>You were signed out everywhere else. Sign in with the new password.</p>
      </AccountFormDone>
    );
  }
  return (
    <form noValidate onSubmit={onSubmit} className="auth-form stack">
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
