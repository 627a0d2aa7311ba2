import { notFound, redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { devToolsAccess } from "@/lib/notifications/dev-mailbox";

/**
 * The development mailbox's pages and its action call this first: 404 wherever the dev tools are off
 * (production without TABLEKEEP_DEV_TOOLS, or an APP_URL that is not this machine), and sign-in first
 * for anyone else.
 */
export async function requireDevTools(returnTo = "/dev/mailbox"): Promise<void> {
  const access = devToolsAccess((await getSessionPrincipal()) !== null);
  if (access === "not_found") notFound();
  if (access === "sign_in") redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
}
