"use client";

import { AvailabilityPicker, type AvailabilityPickerProps } from "./availability-picker";

/**
 * Change the time or party size: the diner picks a new slot, which is held as a new reservation that
 * replaces this one only when it is confirmed. Until then the current booking stands.
 */
export function ChangeReservation(props: Omit<AvailabilityPickerProps, "headingLevel">) {
  return (
    <AvailabilityPicker
        {...props}
        headingLevel={2}
        intro={
          <p className="muted">
            Pick a new time. We hold it for you, and your current booking is replaced only when you confirm the new one.
          </p>
        }
      />
  );
}
