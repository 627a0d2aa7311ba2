import type { HTMLAttributes } from "react";
import { classNames } from "./button";
import styles from "./badge.module.css";

export type BadgeVariant = "neutral" | "success" | "warning" | "brand";

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  variant?: BadgeVariant;
}

/** A small pill for a status, a role or a tag. */
export function Badge({ variant = "neutral", className, ...props }: BadgeProps) {
  return <span className={classNames(styles.badge, variant !== "neutral" && styles[variant], className)} {...props} />;
}
