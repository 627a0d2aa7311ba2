"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { replyToReviewAction } from "@/app/manage/review-actions";
import { useServerAction } from "@/components/owner/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { REVIEW_TEXT_MAX } from "@/lib/reviews/contract";

/** The owner's reply under one review: write, change, or remove it (an empty reply). */
export function ReplyForm({ reviewId, initial }: { reviewId: string; initial: string | null }) {
  const router = useRouter();
  const [text, setText] = useState(initial ?? "");
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useServerAction(replyToReviewAction);
  const id = `reply-${reviewId}`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (await run({ reviewId, text })) {
      setSaved(true);
      router.refresh();
    }
  }

  return (
    <form onSubmit={submit} className="stack-sm reply-form">
      <label htmlFor={id}>{initial ? "Your reply" : "Reply publicly"}</label>
      <textarea id={id} rows={3} maxLength={REVIEW_TEXT_MAX} value={text} onChange={(e) => setText(e.target.value)} />
      {error ? (
        <Alert variant="danger" live="alert">
          {error.fields?.text?.[0] ?? error.message}
        </Alert>
      ) : null}
      {saved ? (
        <Alert variant="success" live="status">
          {text.trim() ? "Reply published." : "Reply removed."}
        </Alert>
      ) : null}
      <div>
        <Button type="submit" pending={pending}>
          {pending ? "Saving…" : initial ? "Update reply" : "Publish reply"}
        </Button>
      </div>
    </form>
  );
}
