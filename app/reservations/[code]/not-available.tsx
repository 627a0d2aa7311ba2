import Link from "next/link";

/** One answer for "no such booking" and "not yours": it never says which. */
export function NotAvailable({ signedIn }: { signedIn: boolean }) {
  return (
    <div className="status-page">
      <h1>We can&rsquo;t show this booking</h1>
      <p className="muted">
        Open the manage link from your confirmation email, or {signedIn ? "check the account you booked with" : "sign in with the account you booked with"}.
      </p>
      <p className="cluster" style={{ justifyContent: "center" }}>
        {signedIn ? (
          <Link href="/me" className="btn btn-primary">
            My reservations
          </Link>
        ) : (
          <Link href="/signin?next=/me" className="btn btn-primary">
            Sign in
          </Link>
        )}
        <Link href="/restaurants" className="btn btn-secondary">
          Find a table
        </Link>
      </p>
    </div>
  );
}
