import Link from "next/link";
import { AccountNav } from "@/components/diner/account-nav";
import { ManageNavLink } from "@/components/owner/manage-nav-link";

/** Links shown in the header. Add a page here when it exists; never link to a page that does not. */
export const NAV_LINKS: readonly { href: string; label: string }[] = [{ href: "/restaurants", label: "Find a table" }];

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tablekeep
        </Link>
        <nav className="site-nav" aria-label="Main">
          <ul>
            {NAV_LINKS.map((link) => (
              <li key={link.href}>
                <Link href={link.href}>{link.label}</Link>
              </li>
            ))}
            <ManageNavLink />
            <AccountNav />
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          Tablekeep · live availability and instant booking, in each restaurant&rsquo;s own time zone ·{" "}
          <Link href="/docs">Booking API</Link>
        </p>
      </div>
    </footer>
  );
}
