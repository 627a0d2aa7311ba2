import type { HTMLAttributes, ReactNode } from "react";
import { classNames } from "./button";
import styles from "./field.module.css";

/** What a field's control needs to be tied to its label, hint and error. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  /** Shown after the label for optional fields, so nobody has to guess. */
  optional?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * A labelled form control with its hint and error wired through aria-describedby, so a screen reader
 * hears the label, then the error, then the hint. The error is plain text (not an alert): forms
 * move focus to the first invalid field and the summary announces.
 */
export function Field({ id, label, hint, error, required, optional, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={classNames(styles.field, className)}>
      <label htmlFor={id} id={`${id}-label`}>
        {label}
        {optional ? <FieldOptional> (optional)</FieldOptional> : null}
      </label>
      {children({
        id,
        "aria-describedby": describedBy,
        ...(error ? { "aria-invalid": true as const } : {}),
        ...(required ? { "aria-required": true as const } : {}),
      })}
      {error ? (
        <FieldError id={errorId}>{error}</FieldError>
      ) : null}
      {hint ? (
        <FieldHint id={hintId}>{hint}</FieldHint>
      ) : null}
    </div>
  );
}

/**
 * The wrapper of a field laid out by hand (a label and control the render prop above does not fit,
 * such as a form posted without script): spaced like `Field`.
 */
export const fieldClass: string = styles.field ?? "";

/** The hint's and the error's classes, for one paragraph that is either by turns (a live status line). */
export const fieldHintClass: string = styles.hint ?? "";
export const fieldErrorClass: string = styles.error ?? "";

/** A field's hint, for a control laid out by hand (a checkbox beside its label). */
export function FieldHint({ as: Element = "p", className, ...props }: HTMLAttributes<HTMLElement> & { as?: "p" | "span" }) {
  return <Element className={classNames(styles.hint, className)} {...props} />;
}

/** A field's error, for a control laid out by hand or a group of controls (a fieldset). */
export function FieldError({ className, ...props }: HTMLAttributes<HTMLParagraphElement>) {
  return <p className={classNames(styles.error, className)} {...props} />;
}

/** The quiet "(optional)" after a label. */
export function FieldOptional({ className, ...props }: HTMLAttributes<HTMLSpanElement>) {
  return <span className={classNames(styles.optional, className)} {...props} />;
}
