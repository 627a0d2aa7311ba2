"use client";

import { useId, useMemo, useState } from "react";
import { Field, FieldHint } from "@/components/ui/field";
import { LazyLeafletMap } from "@/components/maps/lazy-leaflet-map";
import { formatCoordinate, type Coordinates } from "@/lib/maps/osm";
import { location } from "@/lib/restaurants/contract";
import "@/components/maps/maps.css";

/** The pin the typed text stands for, when both numbers are there and in range; else none to show. */
function pinOf(lat: string, lng: string): Coordinates | null {
  if (!lat.trim() || !lng.trim()) return null;
  const parsed = location.safeParse({ lat: Number(lat), lng: Number(lng) });
  return parsed.success && parsed.data ? parsed.data : null;
}

export interface LocationFieldsProps {
  /** Prefix of the fields' ids, unique in the page. */
  idPrefix: string;
  latitude: number | null;
  longitude: number | null;
  latitudeError?: string;
  longitudeError?: string;
}

/**
 * Where the restaurant's pin goes: latitude and longitude fields (named `latitude` and `longitude`
 * for the form that holds them) and a map beside them. Typing moves the pin; a click on the map or a
 * drag of the pin fills the fields. No geocoding service is reachable, so there is no address search.
 * The fields are the keyboard way and work without the map; on the map, arrow keys move it and Enter
 * drops the pin at its centre.
 */
export function LocationFields({ idPrefix, latitude, longitude, latitudeError, longitudeError }: LocationFieldsProps) {
  const hintId = useId();
  const [lat, setLat] = useState(latitude === null ? "" : String(latitude));
  const [lng, setLng] = useState(longitude === null ? "" : String(longitude));
  const pin = useMemo(() => pinOf(lat, lng), [lat, lng]);

  function onPick(p: Coordinates) {
    setLat(formatCoordinate(p.lat));
    setLng(formatCoordinate(p.lng));
  }

  return (
    <>
      <Field id={`${idPrefix}-lat`} label="Latitude" optional hint="Where the map pin goes, such as 51.5072." error={latitudeError}>
        {(p) => <input {...p} name="latitude" inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} />}
      </Field>
      <Field id={`${idPrefix}-lng`} label="Longitude" optional hint="Such as -0.1276." error={longitudeError}>
        {(p) => <input {...p} name="longitude" inputMode="decimal" value={lng} onChange={(e) => setLng(e.target.value)} />}
      </Field>
      <div className="location-map stack">
        <FieldHint id={hintId}>
          Click the map where your door is, or drag the pin: the latitude and longitude follow. Typing them moves the pin. On the map, the arrow keys move it and Enter
          puts the pin at its centre.
        </FieldHint>
        <div className="map-frame map-frame-picker" data-testid="location-map">
          <LazyLeafletMap pin={pin} label="Map for placing your pin" describedBy={hintId} zoom={17} onPick={onPick} />
        </div>
      </div>
    </>
  );
}
