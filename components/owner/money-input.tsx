"use client";

import { useState } from "react";
import type { FieldControlProps } from "@/components/ui/field";
import { toMajorUnits, toMinorUnits } from "@/lib/payments/contract";

/**
 * An amount typed in major units ("45", "45.50") whose value is minor units: NaN when the text is not
 * an amount in the currency, and `empty` (0, or null for "not set") when nothing is typed.
 */
export function MoneyInput({
  control,
  value,
  onChange,
  onBlur,
  currency,
  empty,
}: {
  control: FieldControlProps;
  value: number | null | undefined;
  onChange: (cents: number | null) => void;
  onBlur: () => void;
  currency: string;
  empty: 0 | null;
}) {
  const [text, setText] = useState(() => (typeof value === "number" && Number.isFinite(value) ? toMajorUnits(value, currency) : ""));
  return (
    <input
      {...control}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      onBlur={onBlur}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.trim() === "" ? empty : (toMinorUnits(e.target.value, currency) ?? Number.NaN));
      }}
    />
  );
}
