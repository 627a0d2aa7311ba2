import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/account/password-reset-forms";
import { Card } from "@/components/ui/card";
import "@/components/diner/diner.css";

export const metadata: Metadata = { title: "Forgot your password?", robots: { index: false, follow: true } };

export default function ForgotPasswordPage() {
  return (
    <div className="auth-page">
      <h1>Forgot your password?</h1>
      <p className="muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
      <Card>
        <ForgotPasswordForm />
      </Card>
    </div>
  );
}
