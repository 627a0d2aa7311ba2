import { DateTime } from "luxon";
import { Badge, type BadgeVariant } from "@/components/ui/badge";

export type ExperienceState = "draft" | "published" | "cancelled" | "over";

const LABEL: Record<ExperienceState, string> = { draft: "Draft", published: "Published", cancelled: "Cancelled", over: "Over" };
const VARIANT: Record<ExperienceState, BadgeVariant> = { draft: "warning", published: "success", cancelled: "neutral", over: "neutral" };

export function experienceState(e: { published: boolean; cancelledAt: Date | string | null; endsAt: Date | string }, now = new Date()): ExperienceState {
  if (e.cancelledAt) return "cancelled";
  if (new Date(e.endsAt) <= now) return "over";
  return e.published ? "published" : "draft";
}

export function ExperienceStateBadge({ state }: { state: ExperienceState }) {
  return <Badge variant={VARIANT[state]}>{LABEL[state]}</Badge>;
}

/** "Fri 4 Dec 2026, 19:00–22:00 (Europe/London)": in the restaurant's zone. */
export function whenText(startsAt: string, endsAt: string, tz: string): string {
  const s = DateTime.fromISO(startsAt, { zone: tz }).setLocale("en-GB");
  const e = DateTime.fromISO(endsAt, { zone: tz }).setLocale("en-GB");
  const end = s.hasSame(e, "day") ? e.toFormat("HH:mm") : e.toFormat("ccc d LLL, HH:mm");
  return `${s.toFormat("ccc d LLL yyyy, HH:mm")}–${end} (${tz})`;
}
