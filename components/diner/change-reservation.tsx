"use client";

import { AvailabilityPicker, type AvailabilityPickerProps } from "./availability-picker";

/**
 * Change the time or party size: the diner picks a new slot, which is held for them; confirming moves
 * this booking there (same code and link). Until then the current booking stands.
 */
export function ChangeReservation(props: Omit<AvailabilityPickerProps, "headingLevel">) {
  return (
    <AvailabilityPicker
        {...props}
        headingLevel={2}
        intro={
          <p className="muted">
            Pick a new time. We hold it for you, and your booking moves there, with the same code and details, only when you confirm.
          </p>
        }
      />
  );
}
