"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Button, buttonClass } from "@/components/ui/button";

export default function SearchError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="status-page" role="alert">
      <h1>Search is not working right now</h1>
      <p className="muted">We could not load restaurants. It is probably brief; trying again usually helps.</p>
      <p className="cluster" style={{ justifyContent: "center" }}>
        <Button onClick={() => retry()}>Try again</Button>
        <Link href="/" className={buttonClass("secondary")}>
          Home
        </Link>
      </p>
    </div>
  );
}
