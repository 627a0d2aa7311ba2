import type { HTMLAttributes } from "react";
import { classNames } from "./button";

type CardElement = "div" | "article" | "section" | "li";

export interface CardProps extends HTMLAttributes<HTMLElement> {
  as?: CardElement;
}

/** A bordered surface. `as` picks the element so lists and landmarks stay semantic. */
export function Card({ as: Element = "div", className, ...props }: CardProps) {
  return <Element className={classNames("card", className)} {...props} />;
}
