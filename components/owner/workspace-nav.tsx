"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface WorkspaceLink {
  href: string;
  label: string;
}

/** The workspace's sections; the server decides which the member's role may see. */
export function WorkspaceNav({ links }: { links: WorkspaceLink[] }) {
  const pathname = usePathname();
  return (
    <nav className="workspace-nav" aria-label="Restaurant workspace">
      <ul>
        {links.map((l, i) => {
          // A section's own pages (an experience under Experiences) keep its tab current; the first is the book.
          const current = pathname === l.href || (i > 0 && pathname.startsWith(`${l.href}/`));
          return (
            <li key={l.href}>
              <Link href={l.href} aria-current={current ? "page" : undefined}>
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
