import Link from "next/link";
import { getSessionPrincipal } from "@/lib/auth/resolve";

/** The header's way into the owner workspace, for signed-in users (it lists their restaurants or offers to create one). */
export async function ManageNavLink() {
  const principal = await getSessionPrincipal();
  if (!principal) return null;
  return (
    <li>
      <Link href="/manage">Manage</Link>
    </li>
  );
}
