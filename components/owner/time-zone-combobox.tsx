"use client";

import { useCombobox } from "downshift";
import { useMemo } from "react";
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";
import { Field, type FieldControlProps } from "@/components/ui/field";
import styles from "./time-zone-combobox.module.css";
import { searchTimeZones, timeZoneCity } from "./time-zone-search";

/**
 * A searchable time-zone field (an ARIA 1.2 combobox, by downshift): typing "Berlin" lists
 * Europe/Berlin first and Enter, a click or leaving the field picks the highlighted zone. The value
 * is whatever the field holds, so the contract's own check (an IANA zone) reports anything else.
 */
export function TimeZoneCombobox({
  control,
  zones,
  value,
  onChange,
  onBlur,
  name,
}: {
  /** From `Field`: the input's id and its described-by wiring; the label is the Field's. */
  control: FieldControlProps;
  zones: readonly string[];
  value: string;
  onChange: (zone: string) => void;
  onBlur?: () => void;
  name?: string;
}) {
  const items = useMemo(() => searchTimeZones(zones, value), [zones, value]);
  const { isOpen, highlightedIndex, getInputProps, getMenuProps, getItemProps } = useCombobox<string>({
    items,
    inputId: control.id,
    labelId: `${control.id}-label`,
    menuId: `${control.id}-menu`,
    inputValue: value,
    selectedItem: zones.includes(value) ? value : null,
    defaultHighlightedIndex: 0,
    itemToString: (z) => z ?? "",
    onInputValueChange: ({ inputValue }) => onChange(inputValue ?? ""),
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) onChange(selectedItem);
    },
  });

  return (
    <div className={styles.combobox}>
      <input
        {...getInputProps({
          name,
          onBlur,
          spellCheck: false,
          "aria-describedby": control["aria-describedby"],
          "aria-invalid": control["aria-invalid"],
          "aria-required": control["aria-required"],
        })}
      />
      <ul {...getMenuProps()} className={isOpen && items.length > 0 ? styles.menu : styles.closed}>
        {isOpen
          ? items.map((zone, index) => (
              <li key={zone} {...getItemProps({ item: zone, index })} className={index === highlightedIndex ? `${styles.option} ${styles.active}` : styles.option}>
                <span>{timeZoneCity(zone)}</span> <span className={styles.zone}>{zone}</span>
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}

/**
 * The restaurant's time zone as a form field: the combobox under its label, bound to the form's
 * `name`, with how to search it and `about`, what the zone means where it is asked.
 */
export function TimeZoneField<T extends FieldValues>({
  id,
  control,
  name,
  zones,
  about,
  error,
}: {
  id: string;
  control: Control<T>;
  name: Path<T>;
  zones: readonly string[];
  about: string;
  error?: string;
}) {
  return (
    <Field id={id} label="Time zone" required hint={`Type a city to search, e.g. “Berlin” or “New York”. ${about}`} error={error}>
      {(p) => (
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <TimeZoneCombobox control={p} zones={zones} name={field.name} value={(field.value as string | undefined) ?? ""} onChange={field.onChange} onBlur={field.onBlur} />
          )}
        />
      )}
    </Field>
  );
}
