import type { HTMLAttributes, ReactNode } from "react";
import { classNames } from "./button";
import styles from "./alert.module.css";

export type AlertVariant = "info" | "success" | "warning" | "danger";

export interface AlertProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  variant?: AlertVariant;
  title?: ReactNode;
  /** "alert" interrupts (errors just caused by the user's action); "status" waits its turn. */
  live?: "alert" | "status" | "off";
  /** `p` for a one-line message inside running text; `li` in a list of notices; `section` with a heading. */
  as?: "div" | "p" | "section" | "li";
}

/** A message box. Live regions only when the message appears in response to something just done. */
export function Alert({ variant = "info", title, live = "off", as: Element = "div", className, children, ...props }: AlertProps) {
  return (
    <Element
      role={live === "off" ? undefined : live}
      className={alertClass(variant, className)}
      {...props}
    >
      {title ? <p className={styles.title}>{title}</p> : null}
      {children}
    </Element>
  );
}

/** The classes of an `Alert` of that variant: for an element that is a message box only at times. */
export function alertClass(variant: AlertVariant = "info", className?: string): string {
  return classNames(styles.alert, variant !== "info" && styles[variant], className);
}
