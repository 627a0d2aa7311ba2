import type { CSSProperties, ReactNode } from "react";
import { classNames } from "./button";
import { Card } from "./card";
import styles from "./skeleton.module.css";

/**
 * A shimmering placeholder of what is loading: a `title` or text `line`, a `card`, or a `block`
 * sized by its `style` (or by a class from the caller's module).
 */
export function Skeleton({ shape = "block", className, style }: { shape?: "title" | "line" | "card" | "block"; className?: string; style?: CSSProperties }) {
  const cls = classNames(styles.skeleton, shape === "title" && styles.title, shape === "line" && styles.line, className);
  return shape === "card" ? <Card className={cls} style={style} /> : <div className={cls} style={style} />;
}

/**
 * A page's loading state: the placeholders are hidden from assistive technology, which hears `label`
 * once instead.
 */
export function PageSkeleton({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        {label}
      </p>
      <div aria-hidden="true">{children}</div>
    </div>
  );
}
