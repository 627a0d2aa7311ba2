"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/** Focuses a page's main heading (made focusable, not tabbable) unless focus already sits inside the page. */
export function focusHeading(heading: HTMLElement | null | undefined): boolean {
  if (!heading) return false;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  return document.activeElement === heading;
}

/**
 * After a client-side navigation, focus the new page's `h1`, so keyboard and screen-reader users
 * start at the top of the step they reached instead of on `<body>`. A loading skeleton (inside
 * `aria-busy`) does not count: it waits for the real heading. The first page load is left alone, so
 * the skip link stays the first Tab stop.
 */
export function RouteFocus() {
  const pathname = usePathname();
  const firstLoad = useRef(true);

  useEffect(() => {
    if (firstLoad.current) {
      firstLoad.current = false;
      return;
    }
    const main = document.getElementById("main");
    if (!main) return;
    const attempt = (): boolean => {
      const active = document.activeElement;
      // Something on the new page already took focus (an alert, an autofocus field): leave it.
      if (active && active !== document.body && main.contains(active) && active.isConnected) return true;
      const heading = main.querySelector("h1");
      if (!heading || heading.closest('[aria-busy="true"]')) return false;
      return focusHeading(heading);
    };
    if (attempt()) return;
    const observer = new MutationObserver(() => {
      if (attempt()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      clearTimeout(stop);
    };
  }, [pathname]);

  return null;
}
