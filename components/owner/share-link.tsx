"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

/** The restaurant's public booking page as a link to copy (for social profiles, email, a QR code). */
export function ShareLink({ url }: { url: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="stack">
      <p className="invite-link">
        <label htmlFor={id}>Booking page link</label>
        <input id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
      </p>
      <div className="cluster">
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(url)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
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
