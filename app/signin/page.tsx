import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MagicLinkForm, SignInForm } from "@/components/diner/auth-forms";
import { Card } from "@/components/ui/card";
import { isMagicLinkEnabled } from "@/lib/auth/auth";
import { safeNext } from "@/lib/auth/redirect";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import "@/components/diner/diner.css";

export const metadata: Metadata = { title: "Sign in", robots: { index: false, follow: true } };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  if (await getSessionPrincipal()) redirect(next);
  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      <p className="muted">See your reservations and book faster with your details filled in. You can always book as a guest too.</p>
      <div className="stack">
        <Card>
          <SignInForm next={next} />
        </Card>
        {isMagicLinkEnabled() ? (
          <Card>
            <MagicLinkForm next={next} />
          </Card>
        ) : null}
      </div>
    </div>
  );
}
