import type { ComponentPropsWithRef } from "react";

/**
 * `link` looks like a text link (an action inside a sentence, the header's sign-out); `plain` has no
 * look of its own, for controls styled by their own class (slot times, timeline blocks).
 */
export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost" | "link" | "plain";

export interface ButtonProps extends ComponentPropsWithRef<"button"> {
  variant?: ButtonVariant;
}

/** A button with the app's styles. Defaults to type="button" so it never submits a form by accident. */
export function Button({ variant = "primary", className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />;
}

/** The classes of a `Button` of that variant: for a link (`<Link>`, `<a download>`) that looks like one. */
export function buttonClass(variant: ButtonVariant = "primary", className?: string): string {
  if (variant === "link") return classNames("link-button", className);
  if (variant === "plain") return classNames(className);
  return classNames("btn", `btn-${variant}`, className);
}

export function classNames(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
