import type { HTMLAttributes } from "react";
import { classNames } from "./button";
import styles from "./card.module.css";

type CardElement = "div" | "article" | "section" | "li" | "form" | "figure" | "dl" | "pre" | "p";

export interface CardProps extends HTMLAttributes<HTMLElement> {
  as?: CardElement;
}

/** A bordered surface. `as` picks the element so lists, forms and landmarks stay semantic. */
export function Card({ as: Element = "div", className, ...props }: CardProps) {
  return <Element className={classNames(styles.card, className)} {...props} />;
}
