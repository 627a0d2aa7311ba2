import type { HTMLAttributes, ReactNode } from "react";
import { classNames } from "./button";

export type AlertVariant = "info" | "success" | "warning" | "danger";

export interface AlertProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  variant?: AlertVariant;
  title?: ReactNode;
  /** "alert" interrupts (errors just caused by the user's action); "status" waits its turn. */
  live?: "alert" | "status" | "off";
}

/** A message box. Live regions only when the message appears in response to something just done. */
export function Alert({ variant = "info", title, live = "off", className, children, ...props }: AlertProps) {
  return (
    <div
      role={live === "off" ? undefined : live}
      className={classNames("alert", variant !== "info" && `alert-${variant}`, className)}
      {...props}
    >
      {title ? <p className="alert-title">{title}</p> : null}
      {children}
    </div>
  );
}
