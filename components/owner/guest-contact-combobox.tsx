"use client";

import { useCombobox } from "downshift";
import { useEffect, useState, type Ref } from "react";
import { lookupGuestsAction } from "@/app/manage/guest-actions";
import type { FieldControlProps } from "@/components/ui/field";
import { MIN_LOOKUP_DIGITS, MIN_LOOKUP_EMAIL, phoneLookupDigits } from "@/lib/guests/contract";
import type { GuestRow } from "@/lib/guests/types";
import { guestContact, guestSummaryParts } from "./guest-format";
import styles from "./time-zone-combobox.module.css";

/** How long typing pauses before the form looks guests up. */
const LOOKUP_DELAY_MS = 300;

const enough = (field: "phone" | "email", value: string) =>
  field === "phone" ? phoneLookupDigits(value).length >= MIN_LOOKUP_DIGITS : value.trim().length >= MIN_LOOKUP_EMAIL;

/** Returning guests whose phone (or email) matches what is typed, asked for after a pause; the latest answer wins. */
function useGuestCandidates(restaurantId: string, field: "phone" | "email", value: string): GuestRow[] {
  const [found, setFound] = useState<{ value: string; guests: GuestRow[] }>({ value: "", guests: [] });
  useEffect(() => {
    if (!enough(field, value)) return;
    let current = true;
    const timer = setTimeout(() => {
      lookupGuestsAction({ restaurant_id: restaurantId, [field]: value })
        .then((res) => {
          if (current) setFound({ value, guests: res.ok ? res.data : [] });
        })
        .catch(() => undefined);
    }, LOOKUP_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [restaurantId, field, value]);
  return enough(field, value) && found.value === value ? found.guests : [];
}

/**
 * The phone form's phone or email field as an ARIA 1.2 combobox (downshift): as the host types, the
 * restaurant's returning guests with a matching number or address are offered below it; choosing one
 * (Enter, a click) hands the guest to `onPick`, which fills the form. Typing stays free text.
 */
export function GuestContactCombobox({
  control,
  field,
  restaurantId,
  value,
  onChange,
  onPick,
  inputRef,
  name,
  onBlur,
}: {
  control: FieldControlProps;
  field: "phone" | "email";
  restaurantId: string;
  value: string;
  onChange: (value: string) => void;
  onPick: (guest: GuestRow) => void;
  inputRef?: Ref<HTMLInputElement>;
  name?: string;
  onBlur?: () => void;
}) {
  const items = useGuestCandidates(restaurantId, field, value);
  const { isOpen, highlightedIndex, getInputProps, getMenuProps, getItemProps } = useCombobox<GuestRow>({
    items,
    inputId: control.id,
    labelId: `${control.id}-label`,
    menuId: `${control.id}-menu`,
    inputValue: value,
    selectedItem: null,
    itemToString: (g) => (g ? ((field === "phone" ? g.phone : g.email) ?? "") : ""),
    onInputValueChange: ({ inputValue, type }) => {
      // Only typing changes the text here; choosing a guest (click, Enter, leaving the field on one)
      // fills the fields through onPick.
      if (type === useCombobox.stateChangeTypes.InputChange) onChange(inputValue ?? "");
    },
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) onPick(selectedItem);
    },
  });

  return (
    <div className={styles.combobox}>
      <input
        {...getInputProps({
          ref: inputRef,
          name,
          onBlur,
          type: field === "phone" ? "tel" : "email",
          maxLength: field === "phone" ? 40 : 254,
          autoComplete: "off",
          spellCheck: false,
          "aria-describedby": control["aria-describedby"],
          "aria-invalid": control["aria-invalid"],
          "aria-required": control["aria-required"],
        })}
      />
      <ul {...getMenuProps({ "aria-label": "Returning guests" })} className={isOpen && items.length > 0 ? styles.menu : styles.closed}>
        {isOpen
          ? items.map((g, index) => (
              <li key={g.key} {...getItemProps({ item: g, index })} className={index === highlightedIndex ? `${styles.option} ${styles.active}` : styles.option}>
                <span>
                  <strong>{g.name ?? "No name given"}</strong> <span className={styles.zone}>{guestContact(g)}</span>
                </span>
                <span className={styles.zone}>{guestSummaryParts(g).join(" · ")}</span>
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
