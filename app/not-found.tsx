import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="status-page">
      <h1>Page not found</h1>
      <p className="muted">The page you asked for does not exist, or is no longer available.</p>
      <p>
        <Link href="/" className={buttonClass("primary")}>
          Browse restaurants
        </Link>
      </p>
    </div>
  );
}
