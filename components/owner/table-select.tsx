"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import type { FieldControlProps } from "@/components/ui/field";
import type { BookTable } from "@/lib/reservations/day-book-types";
import { tableOptionLabel } from "./book-format";

/** How a form registers its table field: the empty choice ("Best free table") is null, for the book to pick. */
export const bestFreeTable = { setValueAs: (v: string | null) => v || null };

/**
 * The table for a staff booking: one of `tables`, each named by `label` (seats and whether it is
 * booked online, unless said otherwise), or the best free one, which the book picks.
 */
export function TableSelect({
  control,
  tables,
  registration,
  label = tableOptionLabel,
}: {
  control: FieldControlProps;
  tables: readonly BookTable[];
  registration: UseFormRegisterReturn;
  label?: (table: BookTable) => string;
}) {
  return (
    <select {...control} {...registration}>
      <option value="">Best free table</option>
      {tables.map((t) => (
        <option key={t.id} value={t.id}>
          {label(t)}
        </option>
      ))}
    </select>
  );
}
