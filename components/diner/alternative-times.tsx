"use client";

import { Button } from "@/components/ui/button";
import { useAvailability } from "./availability-picker";
import { partyLabel } from "./format";
import { SlotButtons, type ReplacesRef, type SlotOption } from "./slot-buttons";

/** The `count` available times nearest to `around`, in time order. */
export function nearestTimes(slots: SlotOption[], around: Date, count = 4): SlotOption[] {
  const at = around.getTime();
  return [...slots]
    .sort((a, b) => Math.abs(Date.parse(a.startsAt) - at) - Math.abs(Date.parse(b.startsAt) - at) || Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .slice(0, count)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

export interface AlternativeTimesProps {
  restaurantId: string;
  timeZone: string;
  /** The local service date and the instant the diner wanted. */
  date: string;
  around: string;
  partySize: number;
  dateLabel: string;
  replaces?: ReplacesRef;
}

/** After a hold lapsed or a time was taken: the nearest times still free that day, as buttons. */
export function AlternativeTimes({ restaurantId, timeZone, date, around, partySize, dateLabel, replaces }: AlternativeTimesProps) {
  const query = useAvailability(restaurantId, date, partySize);
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        Looking for the nearest free times…
      </p>
    );
  }
  if (query.isError) {
    return (
      <div className="cluster">
        <p className="muted">We could not load other times.</p>
        <Button variant="secondary" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const free = query.data.slots.filter((s) => s.available).map((s) => ({ startsAt: s.starts_at, localTime: s.local_time }));
  const nearest = nearestTimes(free, new Date(around));
  if (nearest.length === 0) {
    return <p>No other time is free on {dateLabel} for {partyLabel(partySize)}. Try another day.</p>;
  }
  return (
    <div className="stack-sm">
      <p>The nearest times still free on {dateLabel}:</p>
      <SlotButtons
        restaurantId={restaurantId}
        timeZone={timeZone}
        partySize={partySize}
        slots={nearest}
        replaces={replaces}
        label={`Nearest free times on ${dateLabel} for ${partyLabel(partySize)}`}
      />
    </div>
  );
}
