"use client";

import { useState } from "react";

/** Copies text to the clipboard on request; `copied` says whether the last copy went through. */
export function useClipboard() {
  const [copied, setCopied] = useState(false);
  function copy(text: string) {
    void navigator.clipboard
      ?.writeText(text)
      .then(() => setCopied(true))
      .catch(() => setCopied(false));
  }
  return { copied, copy };
}
