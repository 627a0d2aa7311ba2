"use client";

import { QueryProvider } from "@/components/providers";
import { AvailabilityPicker, type AvailabilityPickerProps } from "./availability-picker";

/** The time picker with the app's query client around it: what the restaurant page loads after its first paint. */
export function LiveAvailabilityPicker(props: AvailabilityPickerProps) {
  return (
    <QueryProvider>
      <AvailabilityPicker {...props} />
    </QueryProvider>
  );
}
