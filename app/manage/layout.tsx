import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./manage.css";

export const metadata: Metadata = {
  title: { default: "Manage", template: "%s · Manage · Tablekeep" },
  // The workspace is private: never indexed.
  robots: { index: false, follow: false },
};

export default function ManageLayout({ children }: { children: ReactNode }) {
  return <div className="owner">{children}</div>;
}
