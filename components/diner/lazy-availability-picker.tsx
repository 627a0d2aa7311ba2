"use client";

import dynamic from "next/dynamic";
import type { AvailabilityPickerProps } from "./availability-picker";
import { fieldClass } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { SlotSkeleton } from "./slot-skeleton";

/**
 * The restaurant page's time picker, loaded once the page is on screen and interactive: its code
 * (the picker, TanStack Query, the booking actions) is the page's only sizeable script, and its
 * times come from the availability API anyway, so nothing is lost by not rendering it on the server.
 * Until then a placeholder of the same shape holds its place, so nothing below it moves.
 */
const LiveAvailabilityPicker = dynamic(() => import("./live-availability-picker").then((m) => m.LiveAvailabilityPicker), {
  ssr: false,
  loading: PickerPlaceholder,
});

export function LazyAvailabilityPicker(props: AvailabilityPickerProps) {
  return <LiveAvailabilityPicker {...props} />;
}

function PickerPlaceholder() {
  return (
    <section className="availability" aria-labelledby="availability-placeholder-heading" aria-busy="true">
      <h2 id="availability-placeholder-heading">Book a table</h2>
      <div className="availability-controls" aria-hidden="true">
        {["Date", "Party size"].map((label) => (
          <div key={label} className={fieldClass}>
            <p className="picker-skeleton-label">{label}</p>
            <Skeleton className="picker-skeleton-control" />
          </div>
        ))}
      </div>
      <div className="availability-results" aria-hidden="true">
        <Skeleton className="availability-caption picker-skeleton-caption" />
        <SlotSkeleton />
      </div>
      <p className="visually-hidden" role="status">
        Loading available times…
      </p>
    </section>
  );
}
