"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { settleDevCheckoutAction } from "@/app/dev/checkout/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function DevCheckoutButtons({ paymentId, code, slug, card }: { paymentId: string; code: string; slug: string; card: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const settle = (choice: "pay" | "decline") => {
    if (pending) return;
    startTransition(async () => {
      setError(null);
      const result = await settleDevCheckoutAction({ paymentId, choice });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      if (choice === "decline") router.push(`/r/${encodeURIComponent(slug)}`);
      else if (result.data.outcome === "confirmed" || result.data.outcome === "already_applied") router.push(`/reservations/${encodeURIComponent(code)}/confirmed`);
      else setError("The payment went through after the table was taken; it has been refunded in full.");
    });
  };

  return (
    <div className="cluster">
      {error ? (
        <Alert variant="danger" live="alert">
          <p>{error}</p>
        </Alert>
      ) : null}
      <Button type="button" onClick={() => settle("pay")} pending={pending}>
        {card ? "Save card" : "Pay"}
      </Button>
      <Button type="button" variant="secondary" onClick={() => settle("decline")} pending={pending}>
        Decline
      </Button>
    </div>
  );
}
