"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <div className="status-page" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">
        We could not load this page. It may be a brief problem on our side; trying again usually helps.
      </p>
      {digest ? <p className="muted">Reference: {digest}</p> : null}
      <Button onClick={() => retry()}>Try again</Button>
    </div>
  );
}
