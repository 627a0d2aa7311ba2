import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/account/password-reset-forms";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { checkPasswordReset } from "@/lib/auth/password-reset";
import { buttonClass } from "@/components/ui/button";
import "@/components/diner/diner.css";

// The token is in the address: never send it to another site as a referrer, never index it.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer", robots: { index: false, follow: false } };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const account = token ? await checkPasswordReset(getDb(), token) : null;
  if (!account) {
    return (
      <div className="auth-page">
        <h1>This link does not work</h1>
        <Card className="stack">
          <p>A reset link works once, within an hour of asking for it, and only the newest one you asked for works.</p>
          <p>
            <Link href="/forgot-password" className={buttonClass("primary")}>
              Ask for a new link
            </Link>
          </p>
        </Card>
      </div>
    );
  }
  return (
    <div className="auth-page">
      <h1>Choose a new password</h1>
      <p className="muted">For the account {account.email}.</p>
      <Card>
        <ResetPasswordForm token={token} email={account.email} />
      </Card>
    </div>
  );
}
