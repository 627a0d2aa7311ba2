import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MagicLinkForm, SignInForm } from "@/components/diner/auth-forms";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { isMagicLinkEnabled } from "@/lib/auth/auth";
import { safeNext } from "@/lib/auth/redirect";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import "@/components/diner/diner.css";

export const metadata: Metadata = { title: "Sign in", robots: { index: false, follow: true } };

type Param = string | string[] | undefined;
const first = (p: Param) => (Array.isArray(p) ? p[0] : p);

/** Auth.js sends a refused sign-in (its own endpoints, or an emailed link) here with `error` and `code`. */
function refusal(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  if (error === "CredentialsSignin") {
    return code === "rate_limited" ? "Too many sign-in attempts. Wait a minute and try again." : "That email and password do not match an account.";
  }
  if (error === "Verification") return "That sign-in link has expired or was already used. Ask for a new one below.";
  return "Signing in did not work. Please try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: Param; error?: Param; code?: Param }> }) {
  const params = await searchParams;
  const next = safeNext(first(params.next));
  const problem = refusal(first(params.error), first(params.code));
  if (await getSessionPrincipal()) redirect(next);
  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      <p className="muted">See your reservations and book faster with your details filled in. You can always book as a guest too.</p>
      <div className="stack">
        {problem ? <Alert variant="danger">{problem}</Alert> : null}
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
