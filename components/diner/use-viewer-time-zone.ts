"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
const serverZone = () => null;

/**
 * The diner's own IANA zone, or null during the server render and hydration (the server cannot know
 * it), so the first client render matches the HTML and the zone note appears right after.
 */
export function useViewerTimeZone(): string | null {
  return useSyncExternalStore(subscribe, viewerZone, serverZone);
}
