import { appUrl } from "@/lib/env";

/**
 * Where to send a browser after signing in (`/signin?next=`, Auth.js's `callbackUrl`): a path on this
 * site, or `fallback`. The target is resolved against the site's origin and must stay on it. Refused
 * outright, before any resolving: control characters and backslashes, raw or percent-encoded at any
 * depth (browsers strip a tab or newline and turn `\` into `/`, so `/%09/evil.example` or `/\evil`
 * can become `//evil.example`), a leading `//` in any decoding, and malformed encodings. Never throws.
 */
const MAX_LENGTH = 2000;
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

export function safeRedirectPath(target: unknown, origins: string | string[], fallback = "/"): string {
  try {
    if (typeof target !== "string" || target === "" || target.length > MAX_LENGTH) return fallback;
    const allowed = (Array.isArray(origins) ? origins : [origins]).map((o) => new URL(o).origin);
    if (allowed.length === 0) return fallback;
    if (!decodingsAreClean(target)) return fallback;
    const resolved = new URL(target, `${allowed[0]}/`);
    if (!allowed.includes(resolved.origin)) return fallback;
    const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
    // What we hand back must itself read as a path here, whoever resolves it next.
    if (!path.startsWith("/") || path.startsWith("//") || !decodingsAreClean(path)) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** True when no percent-decoding of `value` (up to a few layers deep) is suspicious. */
function decodingsAreClean(value: string): boolean {
  let current = value;
  for (let depth = 0; depth < 4; depth++) {
    if (FORBIDDEN.test(current)) return false;
    // A path that starts with two slashes, however they were spelled, names another host.
    if (/^\s*[/\\]{2}/.test(current) || /^\/%2f/i.test(current)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return true;
    current = decoded;
  }
  // Still decoding after four layers: nobody needs that, and it hides something.
  return false;
}

/** `next` from a sign-in or sign-up link, as a path on this site (APP_URL), else `fallback`. */
export function safeNext(next: string | null | undefined, fallback = "/me"): string {
  return safeRedirectPath(next, appUrl(), fallback);
}
