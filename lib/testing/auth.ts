import { GET, POST } from "@/lib/auth/routes";

/**
 * Auth.js's own endpoints as a browser (or a script) posts to them: fetch a CSRF token with its
 * cookie, then post the form with both.
 */

/** The Cookie header a browser sends back after `res`: each cookie it set, as name=value. */
export function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/** The session cookie (name=value) `res` set, if it signed someone in. */
export function sessionCookieOf(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => /^(__Secure-)?authjs\.session-token=[^;]/.test(c))
    ?.split(";")[0];
}

export interface Csrf {
  token: string;
  /** The cookie that goes with the token. */
  cookie: string;
}

/** A CSRF token and its cookie, as the sign-in page fetches them (from `ip` when given). */
export async function csrf(ip?: string): Promise<Csrf> {
  const res = await GET(new Request("http://localhost/api/auth/csrf", { headers: ip ? { "x-forwarded-for": ip } : {} }));
  return { token: ((await res.json()) as { csrfToken: string }).csrfToken, cookie: cookieHeader(res) };
}

/**
 * Posts a form to `/api/auth/<action>` (e.g. `callback/credentials`, `signin/resend`, `signout`) with
 * a CSRF token (a fresh one unless given), from `ip` when given, with `cookie` sent beside the CSRF
 * cookie. `callbackUrl` is "/" unless the fields name one.
 */
export async function postAuthForm(
  action: string,
  fields: Record<string, string>,
  request: { ip?: string; cookie?: string; csrf?: Csrf } = {},
): Promise<Response> {
  const c = request.csrf ?? (await csrf(request.ip));
  return POST(
    new Request(`http://localhost/api/auth/${action}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: [c.cookie, request.cookie].filter(Boolean).join("; "),
        ...(request.ip ? { "x-forwarded-for": request.ip } : {}),
      },
      body: new URLSearchParams({ callbackUrl: "/", ...fields, csrfToken: c.token }),
    }),
  );
}

/** Signs in with a password through Auth.js's credentials endpoint, as the sign-in form does. */
export function postCredentials(
  form: { email: string; password: string; callbackUrl?: string },
  request: { ip?: string; cookie?: string } = {},
): Promise<Response> {
  const { email, password, callbackUrl = "/" } = form;
  return postAuthForm("callback/credentials", { email, password, callbackUrl }, request);
}
