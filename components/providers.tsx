"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Availability changes as others book: refetch when the diner comes back to the tab.
        refetchOnWindowFocus: true,
        staleTime: 15_000,
        retry: 1,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/**
 * The app's one QueryClient: a single client per browser tab, whichever page mounts the provider (so
 * the cache outlives moving from the restaurant page to the booking page, and providers nested or
 * mounted in several places still share it); a fresh one for each server render, so requests never
 * share data.
 */
export function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}

/**
 * TanStack Query for the client widgets that read live data (availability, the day book). Mounted
 * only around the parts of the pages that use it, not in the root layout, so pages without live data
 * do not download or run it.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
