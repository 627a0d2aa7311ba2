"use client";

import { Button } from "@/components/ui/button";
import { nearestInTime } from "@/lib/availability/nearest";
import { useAvailability } from "./availability-picker";
import { partyLabel } from "./format";
import { SlotButtons, type ReplacesRef } from "./slot-buttons";

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
  const nearest = nearestInTime(free, (s) => Date.parse(s.startsAt), new Date(around));
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
