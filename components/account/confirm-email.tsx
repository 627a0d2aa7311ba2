"use client";

import { useState } from "react";
import { confirmEmailAction, resendVerificationAction } from "@/app/verify-email/actions";
import { ActionErrorAlert } from "@/components/owner/form-bits";
import { useServerAction } from "@/components/owner/use-server-action";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

export function ConfirmEmail({ token }: { token: string }) {
  const { run, pending, error } = useServerAction(confirmEmailAction);
  const [done, setDone] = useState<string | null>(null);
  if (done) {
    return (
      <Alert as="p" role="status">
        Thank you: {done} is confirmed.
      </Alert>
    );
  }
  return (
    <div className="stack">
      <ActionErrorAlert error={error} />
      <Button pending={pending} onClick={() => void run({ token }).then((r) => r && setDone(r.email))}>
        {pending ? "Confirming…" : "Yes, I created this account"}
      </Button>
    </div>
  );
}

/** For a signed-in account whose address is not confirmed yet. */
export function ResendVerification({ email }: { email: string }) {
  const { run, pending, error } = useServerAction(resendVerificationAction);
  const [sent, setSent] = useState(false);
  return (
    <Alert variant="warning" className="stack" role="note">
      <p>
        Your email address {email} is not confirmed yet. Confirm it with the link we emailed you; you need a confirmed address to
        join a restaurant&rsquo;s team.
      </p>
      <ActionErrorAlert error={error} />
      {sent ? (
        <p role="status">We sent a new link.</p>
      ) : (
        <p>
          <Button variant="secondary" pending={pending} onClick={() => void run({}).then((r) => r && setSent(true))}>
            {pending ? "Sending…" : "Send the link again"}
          </Button>
        </p>
      )}
    </Alert>
  );
}
