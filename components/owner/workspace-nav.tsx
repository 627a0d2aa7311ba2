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
        {links.map((l) => {
          const current = pathname === l.href;
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
