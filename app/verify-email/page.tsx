import type { Metadata } from "next";
import { ConfirmEmail } from "@/components/account/confirm-email";
import { readVerification } from "@/lib/auth/verification";
import "../manage/manage.css";
import { Card } from "@/components/ui/card";

// The token is in the address: never send it to another site as a referrer, never index it.
export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer", robots: { index: false, follow: false } };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const claim = token ? readVerification(token) : null;
  if (!claim) {
    return (
      <Card className="status-page">
        <h1>This link does not work</h1>
        <p>It is not a valid confirmation link, or it has expired. Sign in and ask for a new one from your account page.</p>
      </Card>
    );
  }
  return (
    <Card className="status-page">
      <p className="eyebrow">Confirm your email</p>
      <h1>Did you create this account?</h1>
      <p>
        A Tablekeep account was created with the address <strong>{claim.email}</strong>. Confirm only if you created it yourself;
        if you did not, close this page.
      </p>
      <ConfirmEmail token={token} />
    </Card>
  );
}
