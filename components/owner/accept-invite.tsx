"use client";

import { useRouter } from "next/navigation";
import { acceptInviteAction } from "@/app/invites/actions";
import { Button } from "@/components/ui/button";
import { ActionErrorAlert } from "./form-bits";
import { useServerAction } from "./use-server-action";

export function AcceptInvite({ token, restaurantName }: { token: string; restaurantName: string }) {
  const router = useRouter();
  const { run, pending, error } = useServerAction(acceptInviteAction);
  return (
    <div className="stack">
      <ActionErrorAlert error={error} />
      <Button
        pending={pending}
        onClick={() =>
          void run({ token }).then((joined) => {
            if (joined) router.push(`/manage/${joined.slug}`);
          })
        }
      >
        {pending ? "Joining…" : `Join ${restaurantName}`}
      </Button>
    </div>
  );
}
