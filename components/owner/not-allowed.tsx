import Link from "next/link";
import { Card } from "@/components/ui/card";

const WHAT = {
  owner: "owners",
  manager: "owners and managers",
} as const;

/** What a member sees on a section their role does not include (the server refused it already). */
export function NotAllowed({ slug, role, who = "manager" }: { slug: string; role: string; who?: keyof typeof WHAT }) {
  return (
    <Card className="status-page" role="status">
      <h1>Not available for your role</h1>
      <p>
        You are a {role} here. This section is for {WHAT[who]}.
      </p>
      <p>
        <Link href={`/manage/${slug}`}>Back to the day&rsquo;s book</Link>
      </p>
    </Card>
  );
}
