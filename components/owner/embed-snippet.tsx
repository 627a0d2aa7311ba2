"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { useClipboard } from "./use-clipboard";

/** The code a restaurant pastes into its own site: the widget's frame, and a script that sizes it. */
export function embedSnippets(siteUrl: string, slug: string, restaurantName: string): { iframe: string; script: string } {
  const origin = new URL(siteUrl).origin;
  const src = `${origin}/embed/${encodeURIComponent(slug)}`;
  const title = `Book a table at ${restaurantName}`.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const iframe = `<iframe src="${src}" title="${title}" width="400" height="680" style="width:100%;max-width:400px;border:0" loading="lazy"></iframe>`;
  // Only messages from our origin, and only from a frame of ours, resize anything.
  const script = `<script>
window.addEventListener("message", function (e) {
  if (e.origin !== ${JSON.stringify(origin)} || !e.data || e.data.type !== "tablekeep:height") return;
  var frames = document.querySelectorAll('iframe[src^="${origin}/embed/"]');
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === e.source) frames[i].style.height = Math.min(Number(e.data.height) || 0, 4000) + "px";
  }
});
</script>`;
  return { iframe, script };
}

function CopyBox({ label, hint, value, rows, testId }: { label: string; hint: string; value: string; rows: number; testId: string }) {
  const id = useId();
  const { copied, copy } = useClipboard();
  return (
    <div className="stack-sm">
      <label htmlFor={id}>{label}</label>
      <p className="muted small" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea id={id} aria-describedby={`${id}-hint`} readOnly rows={rows} value={value} className="code-box" onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
      <div className="cluster">
        <Button variant="secondary" onClick={() => copy(value)}>
          Copy {label.toLowerCase()}
        </Button>
        <span role="status" className="muted small">
          {copied ? "Copied." : ""}
        </span>
      </div>
    </div>
  );
}

export function EmbedSnippet({ siteUrl, slug, restaurantName }: { siteUrl: string; slug: string; restaurantName: string }) {
  const { iframe, script } = embedSnippets(siteUrl, slug, restaurantName);
  return (
    <div className="stack">
      <p>
        Put booking on your own website: paste this where the booking box should appear. Guests pick a date, party and
        time and book without leaving your site. It fits a column 360–400 px wide.
      </p>
      <CopyBox label="Widget code" hint="An iframe: works on any site builder that accepts HTML." value={iframe} rows={3} testId="embed-iframe-code" />
      <CopyBox
        label="Sizing script"
        hint="Optional: paste once on the same page, and the box grows and shrinks with its content instead of scrolling."
        value={script}
        rows={8}
        testId="embed-script-code"
      />
      <p>
        <a href={`${new URL(siteUrl).origin}/embed/${encodeURIComponent(slug)}`} target="_blank" rel="noopener">
          Preview the widget
        </a>
      </p>
    </div>
  );
}
