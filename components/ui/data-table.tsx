import type { ReactNode } from "react";
import { classNames } from "./button";
import styles from "./data-table.module.css";

export interface DataTableProps {
  /** The column headings, left to right. */
  columns: readonly ReactNode[];
  /** The body's rows (`<tr>` elements). */
  children: ReactNode;
  /** The scrolling region's name: its own words, or the id of the heading that names it. */
  label?: string;
  labelledBy?: string;
  caption?: ReactNode;
  /** The caption is for screen readers only (the page's heading already says it to the eye). */
  hideCaption?: boolean;
  /** Room for many columns (the day's book, a guest list) before it scrolls. */
  wide?: boolean;
  /** The table's own class (its cell styles). */
  className?: string;
  /** The scrolling box's class (its place in the page). */
  wrapClassName?: string;
}

/**
 * A table of records under column headings. When it is wider than the screen it scrolls inside its
 * own named region, which takes keyboard focus so the arrow keys scroll it too.
 */
export function DataTable({ columns, children, label, labelledBy, caption, hideCaption, wide, className, wrapClassName }: DataTableProps) {
  return (
    <div
      className={classNames(styles.scroll, wide && styles.wide, wrapClassName)}
      tabIndex={0}
      role="region"
      aria-label={labelledBy ? undefined : label}
      aria-labelledby={labelledBy}
    >
      <table className={className}>
        {caption ? <caption className={hideCaption ? "visually-hidden" : undefined}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
