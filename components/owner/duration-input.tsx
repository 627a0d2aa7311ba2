"use client";

import { useState } from "react";
import type { FieldControlProps } from "@/components/ui/field";

const UNITS = [
  { unit: "days", minutes: 1440 },
  { unit: "hours", minutes: 60 },
  { unit: "minutes", minutes: 1 },
] as const;
type Unit = (typeof UNITS)[number]["unit"];

/** The largest unit that shows a whole number of minutes exactly (0 shows as hours). */
export function durationParts(minutes: number): { amount: number; unit: Unit } {
  if (minutes === 0) return { amount: 0, unit: "hours" };
  const u = UNITS.find((x) => Number.isInteger(minutes) && minutes % x.minutes === 0) ?? UNITS[2];
  return { amount: minutes / u.minutes, unit: u.unit };
}

/** "2 days", "90 minutes", "1 hour": a duration in minutes in words. */
export function durationWords(minutes: number): string {
  const { amount, unit } = durationParts(minutes);
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

/**
 * A duration typed as a number and a unit (minutes, hours or days), whose value is minutes: the
 * contract stays in minutes, the owner reads "2 days" instead of 2880. A fraction that is not a whole
 * number of minutes, or an empty field, is NaN, for the contract to report.
 */
export function DurationInput({
  control,
  value,
  onChange,
  onBlur,
  label,
}: {
  control: FieldControlProps;
  value: number;
  onChange: (minutes: number) => void;
  onBlur?: () => void;
  /** The field's label, to name the unit picker ("Minimum notice unit"). */
  label: string;
}) {
  const initial = durationParts(Number.isFinite(value) ? value : 0);
  const [amount, setAmount] = useState(String(initial.amount));
  const [unit, setUnit] = useState<Unit>(initial.unit);

  const emit = (a: string, u: Unit) => {
    const n = a.trim() === "" ? Number.NaN : Number(a) * UNITS.find((x) => x.unit === u)!.minutes;
    onChange(Number.isFinite(n) ? Math.round(n * 1000) / 1000 : Number.NaN);
  };

  return (
    <span className="duration-input">
      <input
        {...control}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        value={amount}
        onBlur={onBlur}
        onChange={(e) => {
          setAmount(e.target.value);
          emit(e.target.value, unit);
        }}
      />
      <select
        aria-label={`${label}: unit`}
        value={unit}
        onChange={(e) => {
          const u = e.target.value as Unit;
          setUnit(u);
          emit(amount, u);
        }}
      >
        {UNITS.map((u) => (
          <option key={u.unit} value={u.unit}>
            {u.unit}
          </option>
        ))}
      </select>
    </span>
  );
}
