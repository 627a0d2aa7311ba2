"use client";

import { useId, useMemo, useState } from "react";
import type { z } from "zod";
import { Field, FieldHint } from "@/components/ui/field";
import { LazyLeafletMap } from "@/components/maps/lazy-leaflet-map";
import { formatCoordinate, type Coordinates } from "@/lib/maps/osm";
import { location } from "@/lib/restaurants/contract";
import "@/components/maps/maps.css";

type Location = z.input<typeof location>;

/** What the two texts stand for: no location when both are empty, else a number each (NaN when a text is not one). */
function locationOf(lat: string, lng: string): Location {
  if (!lat.trim() && !lng.trim()) return null;
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  return { lat: number(lat), lng: number(lng) };
}

/** The pin the typed text stands for, when both numbers are there and in range; else none to show. */
function pinOf(lat: string, lng: string): Coordinates | null {
  const parsed = location.safeParse(locationOf(lat, lng));
  return parsed.success && parsed.data ? parsed.data : null;
}

export interface LocationFieldsProps {
  /** Prefix of the fields' ids, unique in the page. */
  idPrefix: string;
  /** The saved location the fields start from. */
  value: Location;
  /** The location typed or picked, as the contract's `location` takes it. */
  onChange: (value: Location) => void;
  latitudeError?: string;
  longitudeError?: string;
}

/**
 * Where the restaurant's pin goes: latitude and longitude fields and a map beside them. Typing moves
 * the pin; a click on the map or a drag of the pin fills the fields. No geocoding service is reachable,
 * so there is no address search. The fields are the keyboard way and work without the map; on the
 * map, arrow keys move it and Enter drops the pin at its centre.
 */
export function LocationFields({ idPrefix, value, onChange, latitudeError, longitudeError }: LocationFieldsProps) {
  const hintId = useId();
  const [lat, setLat] = useState(value ? String(value.lat) : "");
  const [lng, setLng] = useState(value ? String(value.lng) : "");
  const pin = useMemo(() => pinOf(lat, lng), [lat, lng]);

  function change(nextLat: string, nextLng: string) {
    setLat(nextLat);
    setLng(nextLng);
    onChange(locationOf(nextLat, nextLng));
  }

  return (
    <>
      <Field id={`${idPrefix}-lat`} label="Latitude" optional hint="Where the map pin goes, such as 51.5072." error={latitudeError}>
        {(p) => <input {...p} inputMode="decimal" value={lat} onChange={(e) => change(e.target.value, lng)} />}
      </Field>
      <Field id={`${idPrefix}-lng`} label="Longitude" optional hint="Such as -0.1276." error={longitudeError}>
        {(p) => <input {...p} inputMode="decimal" value={lng} onChange={(e) => change(lat, e.target.value)} />}
      </Field>
      <div className="location-map stack">
        <FieldHint id={hintId}>
          Click the map where your door is, or drag the pin: the latitude and longitude follow. Typing them moves the pin. On the map, the arrow keys move it and Enter
          puts the pin at its centre.
        </FieldHint>
        <div className="map-frame map-frame-picker" data-testid="location-map">
          <LazyLeafletMap pin={pin} label="Map for placing your pin" describedBy={hintId} zoom={17} onPick={(p) => change(formatCoordinate(p.lat), formatCoordinate(p.lng))} />
        </div>
      </div>
    </>
  );
}
