import type { ComponentPropsWithRef } from "react";
import styles from "./button.module.css";

/**
 * `link` looks like a text link (an action inside a sentence, the header's sign-out); `plain` has no
 * look of its own, for controls styled by their own class (slot times, timeline blocks).
 */
export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost" | "link" | "plain";

export interface ButtonProps extends ComponentPropsWithRef<"button"> {
  variant?: ButtonVariant;
  /**
   * While true the button says it is busy and ignores presses (a click, or Enter in the form it
   * submits), so an action in flight is never sent twice. It stays focusable, unlike `disabled`,
   * so keyboard and screen-reader users do not lose their place.
   */
  pending?: boolean;
}

/** A button with the app's styles. Defaults to type="button" so it never submits a form by accident. */
export function Button({ variant = "primary", className, type = "button", pending, onClick, ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass(variant, className)}
      {...props}
      aria-disabled={pending ? true : props["aria-disabled"]}
      // Only a function when there is something to do: a server component (the search form's submit)
      // renders this too, and cannot hand an event handler to the browser.
      onClick={pending ? swallow : onClick}
    />
  );
}

function swallow(e: { preventDefault(): void }): void {
  e.preventDefault();
}

/** The classes of a `Button` of that variant: for a link (`<Link>`, `<a download>`) that looks like one. */
export function buttonClass(variant: ButtonVariant = "primary", className?: string): string {
  if (variant === "plain") return classNames(className);
  if (variant === "link") return classNames(styles.link, className);
  return classNames(styles.button, styles[variant], className);
}

export function classNames(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
