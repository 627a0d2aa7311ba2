"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { signOutAction } from "@/app/signin/actions";
import { Button } from "@/components/ui/button";

/**
 * The header's sign-out control: a button, since it changes state. A module of its own: the header
 * is on every page, and the sign-in forms beside it would bring their validation code to all of them.
 */
export function SignOutButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="link"
      className="nav-button"
      pending={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await signOutAction({});
          router.push(result.ok ? result.data.next : "/");
          router.refresh();
        })
      }
    >
      Sign out
    </Button>
  );
}
