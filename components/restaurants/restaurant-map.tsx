"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { LazyLeafletMap } from "@/components/maps/lazy-leaflet-map";
import { Button } from "@/components/ui/button";
import "@/components/maps/maps.css";

const noSubscribe = () => () => {};

/** How far below the screen the map starts loading, so it is there when the diner scrolls to it. */
const AHEAD = "200px";

/**
 * Runs `start` once the page has finished loading and the browser is idle: the map never competes
 * with the page's own scripts, images or first paint, even when it is on screen from the start.
 */
function afterPageSettles(start: () => void): () => void {
  let cancelled = false;
  let idle: number | undefined;
  const go = () => {
    if (cancelled) return;
    if (typeof window.requestIdleCallback === "function") idle = window.requestIdleCallback(start, { timeout: 3000 });
    else idle = window.setTimeout(start, 200);
  };
  if (document.readyState === "complete") go();
  else window.addEventListener("load", go, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener("load", go);
    if (idle !== undefined) {
      if (typeof window.cancelIdleCallback === "function") window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    }
  };
}

/**
 * The restaurant's pin on a small map. The page sends only this frame: Leaflet and its styles load
 * once the frame comes near the screen (after the page has settled) or when the diner presses "Show
 * map". Without JavaScript the frame's link opens the same place on OpenStreetMap; the address and
 * directions beside it never depend on the map.
 */
export function RestaurantMap({ name, lat, lng, mapHref }: { name: string; lat: number; lng: number; mapHref: string }) {
  const frameRef = useRef<HTMLDivElement>(null);
  const [show, setShow] = useState(false);
  // False in the server's HTML and while hydrating, so the first render matches; true right after.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);

  useEffect(() => {
    const el = frameRef.current;
    if (!el || show || typeof IntersectionObserver === "undefined") return;
    let observer: IntersectionObserver | undefined;
    const stop = afterPageSettles(() => {
      observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) setShow(true);
        },
        { rootMargin: AHEAD },
      );
      observer.observe(el);
    });
    return () => {
      stop();
      observer?.disconnect();
    };
  }, [show]);

  return (
    <div ref={frameRef} className="map-frame" data-testid="restaurant-map">
      {show ? (
        <LazyLeafletMap pin={{ lat, lng }} label={`Map of ${name}`} zoom={16} />
      ) : hydrated ? (
        <Button variant="plain" className="map-frame-button" onClick={() => setShow(true)}>
          Show map
        </Button>
      ) : (
        <a className="map-frame-button" href={mapHref} rel="noopener" target="_blank">
          Show map<span className="visually-hidden"> of {name} on OpenStreetMap (opens in a new tab)</span>
        </a>
      )}
    </div>
  );
}
