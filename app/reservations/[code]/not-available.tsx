import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/**
 * One answer for "no such booking" and "not yours": it never says which. An email link that was
 * genuine but no longer works gets its own plain explanation instead.
 */
export function NotAvailable({ signedIn, link }: { signedIn: boolean; link?: "expired" | "stale" }) {
  return (
    <div className="status-page">
      {link ? (
        <>
          <h1>This link has expired</h1>
          <p className="muted" data-testid="link-expired-reason">
            {link === "expired"
              ? "Links in our emails work until a few days after the booking."
              : "The booking was changed or cancelled after this email was sent, so its link no longer works. The latest email about it has a link that does."}
          </p>
          <p className="muted">
            {signedIn
              ? "If you booked with this account, you will find the booking under My reservations."
              : "If you booked with an account, sign in to see it. Otherwise, the restaurant can help with your booking code."}
          </p>
        </>
      ) : (
        <>
          <h1>We can&rsquo;t show this booking</h1>
          <p className="muted">
            Open the manage link from your confirmation email, or {signedIn ? "check the account you booked with" : "sign in with the account you booked with"}.
          </p>
        </>
      )}
      <p className="cluster" style={{ justifyContent: "center" }}>
        {signedIn ? (
          <Link href="/me" className={buttonClass("primary")}>
            My reservations
          </Link>
        ) : (
          <Link href="/signin?next=/me" className={buttonClass("primary")}>
            Sign in
          </Link>
        )}
        <Link href="/restaurants" className={buttonClass("secondary")}>
          Find a table
        </Link>
      </p>
    </div>
  );
}
