import Link from "next/link";
import type { ReactNode } from "react";
import { WorkspaceNav, type WorkspaceLink } from "@/components/owner/workspace-nav";
import { QueryProvider } from "@/components/providers";
import { can } from "@/lib/restaurants/access";
import { loadWorkspace } from "../workspace";
import { Badge } from "@/components/ui/badge";

const ROLE_LABEL = { owner: "Owner", manager: "Manager", host: "Host" } as const;

/**
 * The workspace frame: restaurant name, state, and the sections this member's role may open.
 * Layouts are not a security boundary: each page checks its own permission again.
 */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ws = await loadWorkspace(slug, "book.view", `/manage/${slug}`);
  const { restaurant, role } = ws;
  const base = `/manage/${restaurant.slug}`;
  const links: WorkspaceLink[] = [{ href: base, label: "Book" }];
  if (can(role, "guests.view")) links.push({ href: `${base}/guests`, label: "Guests" });
  links.push({ href: `${base}/experiences`, label: "Experiences" });
  if (can(role, "floor.manage")) links.push({ href: `${base}/floor`, label: "Floor" });
  if (can(role, "sessions.manage")) links.push({ href: `${base}/sessions`, label: "Sessions" });
  if (can(role, "closures.manage")) links.push({ href: `${base}/closures`, label: "Closures" });
  if (can(role, "restaurant.update")) links.push({ href: `${base}/settings`, label: "Settings" });
  if (can(role, "staff.manage")) links.push({ href: `${base}/staff`, label: "Staff" });
  if (can(role, "reports.view")) links.push({ href: `${base}/reports`, label: "Reports" });
  if (can(role, "reviews.reply")) links.push({ href: `${base}/reviews`, label: "Reviews" });
  if (!restaurant.published && can(role, "restaurant.publish")) links.push({ href: `${base}/setup`, label: "Setup" });

  return (
    <div className="workspace">
      <header className="workspace-header">
        <div className="workspace-title">
          <p className="eyebrow">
            <Link href="/manage">Your restaurants</Link>
          </p>
          <p className="workspace-name">{restaurant.name}</p>
          <p className="workspace-meta">
            <Badge variant={restaurant.published ? "success" : "warning"}>
              {restaurant.published ? "Published" : "Draft"}
            </Badge>
            <Badge>{ROLE_LABEL[role]}</Badge>
            <span className="muted">{restaurant.timezone}</span>
            {restaurant.published ? <Link href={`/r/${restaurant.slug}`}>Public page</Link> : null}
          </p>
        </div>
        <WorkspaceNav links={links} />
      </header>
      <QueryProvider>{children}</QueryProvider>
    </div>
  );
}
