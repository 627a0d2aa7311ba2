// Relative: next.config.ts loads this file before path aliases exist.
import { OSM_TILE_ORIGIN } from "../maps/osm";

/**
 * The security headers of every response, in one place: proxy.ts applies them to pages and the API
 * at request time (the page policy carries a fresh nonce, and HSTS depends on APP_URL, so neither can
 * be fixed at build time), the versioned API's route wrapper to its own answers (lib/api/response.ts),
 * and next.config.ts the static ones to build assets.
 *
 * Pages: scripts run only with the request's nonce. Next reads the nonce from the policy it finds on
 * the request and puts it on its own inline and bundle scripts; `'strict-dynamic'` lets those load the
 * chunks they need. React's development build evaluates code for its error overlays, so
 * `'unsafe-eval'` is allowed in development only. Styles allow inline: components set `style={…}`
 * attributes, which a nonce cannot cover, and a style cannot run code. Images come from the app, plus
 * OpenStreetMap's tile server for the restaurant maps (its origin only, nothing else of theirs). The API
 * answers JSON only, so its policy allows nothing at all.
 */

export interface SecurityHeaderOptions {
  /** `'nonce-…'` for page scripts; null for responses that are never rendered as a page (the API). */
  nonce: string | null;
  /**
   * The booking widget (`/embed/…`): the one page other sites may frame. Every other response keeps
   * `frame-ancestors 'none'` and `X-Frame-Options: DENY`, so nothing else can be clickjacked.
   */
  embeddable?: boolean;
  /** NODE_ENV is development: React's dev build needs `eval`. */
  development: boolean;
  /** APP_URL is https: send HSTS and upgrade stray http subresources. */
  https: boolean;
}

/**
 * Features no page of the app uses; denying them limits what injected or framed content could ask for.
 * Geolocation is the app's own (the search's "Near me", asked only when pressed), never a frame's.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=(self)",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/** Two years, the span browsers' preload lists ask for; subdomains included. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** Headers that never change: safe to set at build time on every path, build assets included. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": PERMISSIONS_POLICY,
  // For browsers that predate CSP's frame-ancestors.
  "X-Frame-Options": "DENY",
};

/** 128 random bits, base64: unpredictable and fresh for every request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(opts: SecurityHeaderOptions): string {
  if (opts.nonce === null) {
    return ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"].join("; ");
  }
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${OSM_TILE_ORIGIN}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Any site may frame the widget (restaurants paste it into sites we do not know).
    opts.embeddable ? "frame-ancestors *" : "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Every security header for one response. */
export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  // X-Frame-Options has no "anyone may frame": the widget goes without it and relies on the CSP.
  const { "X-Frame-Options": _denyFraming, ...rest } = STATIC_SECURITY_HEADERS;
  return {
    ...(opts.embeddable && opts.nonce !== null ? rest : STATIC_SECURITY_HEADERS),
    "Content-Security-Policy": contentSecurityPolicy(opts),
    ...(opts.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** The booking widget's pages: framed by restaurants' own sites. */
export function isEmbedPath(pathname: string): boolean {
  return pathname.startsWith("/embed/");
}

/** Set by proxy.ts on the request of a widget page, so the root layout leaves out the site chrome. */
export const EMBED_REQUEST_HEADER = "x-tablekeep-embed";

/** Paths answered by route handlers that return data, never an HTML page. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}
