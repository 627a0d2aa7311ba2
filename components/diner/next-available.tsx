"use client";

import { useQuery } from "@tanstack/react-query";
import { nextAvailableAction } from "@/app/r/[slug]/actions";
import { nextChangeDateAction } from "@/app/reservations/actions";
import { Button } from "@/components/ui/button";
import { formatLocalDate, partyLabel } from "./format";
import type { ReplacesRef } from "./slot-buttons";

export interface NextAvailableProps {
  restaurantId: string;
  /** The day with nothing free. */
  date: string;
  partySize: number;
  onChoose: (date: string) => void;
  /** Changing this booking: days are seen as its change sees them (its own table free), as the picker's times are. */
  replaces?: ReplacesRef;
}

/**
 * Under a closed or full day: the next date with a free seating for this party within the booking
 * window, and a button that shows that day.
 */
export function NextAvailable({ restaurantId, date, partySize, onChoose, replaces }: NextAvailableProps) {
  const query = useQuery({
    queryKey: ["next-available", restaurantId, date, partySize, ...(replaces ? [replaces.code] : [])],
    queryFn: async () => {
      const result = replaces
        ? await nextChangeDateAction({ ...replaces, after: date, partySize })
        : await nextAvailableAction({ restaurantId, after: date, partySize });
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    },
    staleTime: 15_000,
    retry: 1,
  });

  if (query.isPending) {
    return (
      <p className="muted" role="status">
        Looking for the next day with a table…
      </p>
    );
  }
  if (query.isError) return <p className="muted">Try another day.</p>;
  if (!query.data) {
    return <p data-testid="next-available">No later date has a table for {partyLabel(partySize)} yet. Try a smaller party.</p>;
  }
  const { date: next, firstTime } = query.data;
  return (
    <div className="next-available" data-testid="next-available">
      <p>
        Next available: <strong>{formatLocalDate(next, "short")}</strong>
        <span className="muted"> (from {firstTime})</span>
      </p>
      <Button variant="secondary" onClick={() => onChoose(next)}>
        See times on {formatLocalDate(next, "short")}
      </Button>
    </div>
  );
}
