"use client";

import { useEffect, useRef, useState } from "react";
import { countOf } from "@/lib/text/plural";

export interface HoldCountdownProps {
  /** ISO instant the hold lapses. */
  expiresAt: string;
  /** The server's clock when the page was made, so a wrong clock on the diner's device does not matter. */
  serverNow: string;
  onExpire: () => void;
  /** What is held, e.g. "Seats held for you for" (default: a table). */
  label?: string;
}

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

function minutesSentence(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes <= 1) return "Less than a minute left to confirm your booking.";
  return `${countOf(minutes, "minute")} left to confirm your booking.`;
}

/**
 * The visible mm:ss countdown for a hold, ticking every second, and a separate polite live region
 * that speaks at most once a minute (when the whole minutes left change), so a screen reader is
 * not interrupted every second.
 */
export function HoldCountdown({ expiresAt, serverNow, onExpire, label = "Table held for you for" }: HoldCountdownProps) {
  const expiresMs = Date.parse(expiresAt);
  // Both renders start from the server's "now", so the first client render matches the HTML.
  const [now, setNow] = useState(() => Date.parse(serverNow));
  const [announcement, setAnnouncement] = useState("");
  const skew = useRef<number | null>(null);
  const lastMinute = useRef<number | null>(null);
  const expiredFired = useRef(false);
  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  }, [onExpire]);

  useEffect(() => {
    skew.current ??= Date.parse(serverNow) - Date.now();
    const tick = () => setNow(Date.now() + (skew.current ?? 0));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [serverNow]);

  const remaining = expiresMs - now;

  useEffect(() => {
    if (remaining <= 0) {
      if (!expiredFired.current) {
        expiredFired.current = true;
        onExpireRef.current();
      }
      return;
    }
    expiredFired.current = false;
    const minute = Math.ceil(remaining / 60_000);
    if (lastMinute.current === null) {
      // The page already says how long the hold lasts; speak only when a minute passes.
      lastMinute.current = minute;
    } else if (minute !== lastMinute.current) {
      lastMinute.current = minute;
      setAnnouncement(minutesSentence(remaining));
    }
  }, [remaining]);

  return (
    <div className="countdown" data-testid="hold-countdown">
      <p className="countdown-label" id="countdown-label">
        {label}
      </p>
      <p className="countdown-time" role="timer" aria-labelledby="countdown-label" aria-live="off">
        <span data-testid="countdown-time">{formatRemaining(remaining)}</span>
      </p>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="countdown-announcement">
        {announcement}
      </p>
    </div>
  );
}
