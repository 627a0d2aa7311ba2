"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { reviewVisitAction } from "@/app/reservations/review-actions";
import { useServerAction } from "@/components/owner/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { REVIEW_TEXT_MAX, reviewSchema } from "@/lib/reviews/contract";
import "./reviews.css";
import { fieldClass, FieldOptional } from "@/components/ui/field";

const WORDS = ["", "Poor", "Fair", "Good", "Very good", "Excellent"];

/** Stars (radio buttons, so keyboards and screen readers work) and optional text. */
export function ReviewForm({ code, token, initial }: { code: string; token?: string; initial?: { rating: number; text: string | null } }) {
  const router = useRouter();
  const [rating, setRating] = useState(initial?.rating ?? 0);
  const [text, setText] = useState(initial?.text ?? "");
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useServerAction(reviewVisitAction);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    const parsed = reviewSchema.safeParse({ rating, text });
    if (!parsed.success) {
      setLocalError(parsed.error.issues[0]?.message ?? "Check the form.");
      return;
    }
    setLocalError(null);
    const result = await run({ code, ...(token ? { token } : {}), rating, text, edit: Boolean(initial) });
    if (result) {
      setSaved(true);
      router.refresh();
    }
  }

  const message = localError ?? error?.fields?.rating?.[0] ?? error?.fields?.text?.[0] ?? error?.message;
  return (
    <form onSubmit={submit} noValidate className="stack review-form" aria-label="Your review">
      <fieldset className="star-input">
        <legend>Your rating</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={n <= rating ? "on" : undefined} title={WORDS[n]}>
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} aria-label={`${n} star${n === 1 ? "" : "s"}: ${WORDS[n]}`} />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </fieldset>
      <div className={fieldClass}>
        <label htmlFor="review-text">
          What was it like? <FieldOptional>(optional)</FieldOptional>
        </label>
        <textarea id="review-text" name="text" rows={5} maxLength={REVIEW_TEXT_MAX} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="review-text-hint" />
        <p id="review-text-hint" className="hint">
          Plain text, up to {REVIEW_TEXT_MAX} characters. Shown with your first name and initial.
        </p>
      </div>
      {message ? (
        <Alert variant="danger" live="alert">
          {message}
        </Alert>
      ) : null}
      {saved ? (
        <Alert variant="success" live="status">
          Thank you, your review is saved.
        </Alert>
      ) : null}
      <Button type="submit" pending={pending}>
        {pending ? "Saving…" : initial ? "Save changes" : "Publish review"}
      </Button>
    </form>
  );
}
