import Link from "next/link";
import { getSessionPrincipal } from "@/lib/auth/resolve";
import { SignOutButton } from "./sign-out-button";
import "@/components/diner/diner.css";

/** The header's account links: sign in for guests; My reservations and sign out for diners. */
export async function AccountNav() {
  const principal = await getSessionPrincipal();
  if (!principal) {
    return (
      <li>
        <Link href="/signin">Sign in</Link>
      </li>
    );
  }
  return (
    <>
      <li>
        <Link href="/me">My reservations</Link>
      </li>
      <li>
        <SignOutButton />
      </li>
    </>
  );
}
