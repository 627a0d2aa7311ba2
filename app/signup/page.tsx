import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/diner/auth-forms";
import { Card } from "@/components/ui/card";
import { safeNext } from "@/lib/auth/redirect";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import "@/components/diner/diner.css";

export const metadata: Metadata = { title: "Create an account", robots: { index: false, follow: true } };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  if (await getSessionPrincipal()) redirect(next);
  return (
    <div className="auth-page">
      <h1>Create an account</h1>
      <p className="muted">Keep your reservations in one place. No account is needed to book.</p>
      <Card>
        <SignUpForm next={next} />
      </Card>
    </div>
  );
}
