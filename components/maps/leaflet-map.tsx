"use client";

import L from "leaflet";
import "leaflet/dist/leaflet.css";
import "./leaflet-map.css";
import { useEffect, useRef } from "react";
import { OSM_ATTRIBUTION, OSM_MAX_ZOOM, OSM_TILE_URL, samePlace, type Coordinates } from "@/lib/maps/osm";

export interface LeafletMapProps {
  /** Where the pin stands; none yet shows the whole world, waiting for a click. */
  pin: Coordinates | null;
  /** What the map is, for screen readers ("Map of The Larder House"). */
  label: string;
  /** The id of text that says how to use the map. */
  describedBy?: string;
  /** Zoom when the map opens on a pin: 16 shows the street and its neighbours. */
  zoom?: number;
  /** Given, a click drops the pin and the pin can be dragged; each new place is reported here. */
  onPick?: (p: Coordinates) => void;
  className?: string;
}

/** A transparent pixel for tiles that cannot load: the grey map stays tidy instead of showing broken images. */
const NO_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
const WORLD: L.LatLngTuple = [20, 0];
/** Below this zoom a pin is too coarse to find a door: a click zooms in on it. */
const STREET_ZOOM = 15;

function pinIcon(): L.DivIcon {
  // Drawn by CSS (leaflet-map.css): no image files to serve. Anchored at its centre, the coordinates' point.
  return L.divIcon({ className: "map-pin", html: "", iconSize: [22, 22], iconAnchor: [11, 11] });
}

function wrapped(ll: L.LatLng): Coordinates {
  const w = ll.wrap();
  return { lat: w.lat, lng: w.lng };
}

/**
 * An OpenStreetMap map with one pin, drawn by Leaflet. Loaded only through `LazyLeafletMap`, so the
 * library and its styles reach the browser when a map is about to show, never with a page. Tiles
 * that cannot load leave a plain grey map with its pin and credit; nothing waits on them.
 */
export function LeafletMap({ pin, label, describedBy, zoom = 16, onPick, className }: LeafletMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.Marker | null>(null);
  const placeRef = useRef<((p: Coordinates) => void) | null>(null);
  // The latest props for Leaflet's handlers, which are bound once.
  const onPickRef = useRef(onPick);
  useEffect(() => {
    onPickRef.current = onPick;
  });
  const interactive = onPick !== undefined;
  const initial = useRef({ pin, zoom });

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const start = initial.current;
    const map = L.map(el, {
      center: start.pin ?? WORLD,
      zoom: start.pin ? start.zoom : 2,
      // The page scrolls under the wheel; the +/- buttons and a double click zoom.
      scrollWheelZoom: false,
      // On a phone one finger scrolls the page past a map that only shows a place.
      dragging: interactive || !L.Browser.mobile,
      worldCopyJump: true,
      // Leaflet drops a new view asked for while a zoom is animating: the picker, whose view follows
      // each typed keystroke, zooms at once so the last one always lands.
      zoomAnimation: !interactive,
    });
    L.tileLayer(OSM_TILE_URL, { maxZoom: OSM_MAX_ZOOM, attribution: OSM_ATTRIBUTION, errorTileUrl: NO_TILE }).addTo(map);
    mapRef.current = map;

    function place(p: Coordinates): void {
      if (markerRef.current) {
        markerRef.current.setLatLng(p);
        return;
      }
      // Not focusable: keyboard users set the pin through the coordinate fields beside the map.
      const marker = L.marker(p, { icon: pinIcon(), keyboard: false, interactive, draggable: interactive, title: interactive ? "The pin: drag it to the door" : label, autoPan: true });
      marker.on("dragend", () => onPickRef.current?.(wrapped(marker.getLatLng())));
      markerRef.current = marker.addTo(map);
    }
    placeRef.current = place;
    if (start.pin) place(start.pin);
    if (interactive) {
      const pick = (p: Coordinates) => {
        place(p);
        // From afar, each pick also brings the map closer, so a few find the street.
        if (map.getZoom() < STREET_ZOOM) map.setView(p, Math.min(map.getZoom() + 4, STREET_ZOOM + 1));
        onPickRef.current?.(p);
      };
      map.on("click", (e: L.LeafletMouseEvent) => pick(wrapped(e.latlng)));
      // Leaflet's keyboard handler moves the map with the arrow keys; Enter drops the pin at its centre.
      map.on("keydown", (e: L.LeafletKeyboardEvent) => {
        if (e.originalEvent.key !== "Enter" || e.originalEvent.target !== el) return;
        e.originalEvent.preventDefault();
        pick(wrapped(map.getCenter()));
      });
    }
    return () => {
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
      placeRef.current = null;
    };
  }, [interactive, label]);

  // A pin that moved from outside (typed coordinates): move the marker and centre the map on it.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const marker = markerRef.current;
    if (!pin) {
      marker?.remove();
      markerRef.current = null;
      return;
    }
    if (marker && samePlace(wrapped(marker.getLatLng()), pin)) return;
    placeRef.current?.(pin);
    if (map.getZoom() < STREET_ZOOM) map.setView(pin, zoom);
    else map.panTo(pin);
  }, [pin, zoom]);

  return <div ref={containerRef} className={["leaflet-map", className].filter(Boolean).join(" ")} role="group" aria-label={label} aria-describedby={describedBy} data-testid="leaflet-map" />;
}
