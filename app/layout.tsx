import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { RouteFocus } from "@/components/layout/route-focus";
import { SiteFooter, SiteHeader } from "@/components/layout/site-header";
import { EMBED_REQUEST_HEADER } from "@/lib/security/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tablekeep · book a table", template: "%s · Tablekeep" },
  description: "Live availability and instant table booking at restaurants around the world.",
  applicationName: "Tablekeep",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/favicon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#9f3a1a",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry the request's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not.
  await connection();
  // The booking widget, framed by another site, is the page alone (proxy.ts marks its requests).
  if ((await headers()).get(EMBED_REQUEST_HEADER) === "1") {
    return (
      <html lang="en">
        <body>
          <main id="main" className="site-main site-main-embed">
            <div className="container">
              {children}
            </div>
          </main>
        </body>
      </html>
    );
  }
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="site-main" tabIndex={-1}>
          <div className="container">
            {children}
          </div>
        </main>
        <SiteFooter />
        <RouteFocus />
      </body>
    </html>
  );
}
