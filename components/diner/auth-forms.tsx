"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
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
import { AccountFormDone, useAccountForm } from "@/components/account/account-form";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SignInForm({ next }: { next?: string }) {
  const router = useRouter();
  const { register, errors, pending, formError, submit } = useAccountForm<SignInInput>(signInSchema, { email: "", password: "", next });
  const onSubmit = submit(
    (values) => signInAction({ ...values, next }),
    (data) => {
      router.push(data.next);
      router.refresh();
    },
  );

  return (
    <form noValidate onSubmit={onSubmit} className="auth-form stack">
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
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { register, errors, pending, formError, submit } = useAccountForm<MagicLinkInput>(magicLinkSchema, { email: "", next }, MAGIC_LINK_FIELDS);
  const onSubmit = submit(
    (values) => magicLinkAction({ ...values, next }),
    (_, values) => setSentTo(values.email.trim()),
  );

  if (sentTo) {
    return (
      <AccountFormDone
        title="Check your email"
        after={
          <Button variant="link" onClick={() => setSentTo(null)}>
            Use a different email
          </Button>
        }
      >
        <p>
          We sent a sign-in link to <strong>{sentTo}</strong>. It works once, within an hour.
        </p>
      </AccountFormDone>
    );
  }

  return (
    <form noValidate onSubmit={onSubmit} className="auth-form stack" aria-labelledby="magic-link-heading">
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
  const { register, errors, pending, formError, submit } = useAccountForm<SignUpInput>(
    signUpSchema,
    { name: "", email: "", password: "", next },
    SIGN_UP_FIELDS,
  );
  const onSubmit = submit(
    (values) => signUpAction({ ...values, next }),
    (data) => {
      router.push(data.next);
      router.refresh();
    },
  );

  return (
    <form noValidate onSubmit={onSubmit} className="auth-form stack">
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
