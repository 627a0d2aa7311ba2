"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { useClipboard } from "./use-clipboard";

/** The restaurant's public booking page as a link to copy (for social profiles, email, a QR code). */
export function ShareLink({ url }: { url: string }) {
  const id = useId();
  const { copied, copy } = useClipboard();
  return (
    <div className="stack">
      <p className="invite-link">
        <label htmlFor={id}>Booking page link</label>
        <input id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
      </p>
      <div className="cluster">
        <Button variant="secondary" onClick={() => copy(url)}>
          Copy link
        </Button>
        <a href={url} target="_blank" rel="noopener">
          Open the public page
        </a>
      </div>
      <p role="status" className="muted small">
        {copied ? "Link copied." : ""}
      </p>
    </div>
  );
}
