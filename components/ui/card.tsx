import type { FormHTMLAttributes } from "react";
import { classNames } from "./button";
import styles from "./card.module.css";

type CardElement = "div" | "article" | "section" | "li" | "form" | "figure" | "dl" | "pre" | "p";

/** A form's attributes too, for a form that is a card. */
export interface CardProps extends FormHTMLAttributes<HTMLElement> {
  as?: CardElement;
}

/** A bordered surface. `as` picks the element so lists, forms and landmarks stay semantic. */
export function Card({ as: Element = "div", className, ...props }: CardProps) {
  return <Element className={classNames(styles.card, className)} {...props} />;
}
