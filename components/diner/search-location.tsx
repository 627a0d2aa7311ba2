"use client";

import { useRef, useState, type MouseEvent } from "react";
import { flushSync } from "react-dom";
import { Button, classNames } from "@/components/ui/button";
import { formatNearPoint, SEARCH_TERM_MAX } from "@/lib/restaurants/contract";
import { fieldClass, fieldErrorClass, fieldHintClass } from "@/components/ui/field";

export interface PlaceOption {
  name: string;
  restaurants: number;
}

type Status = { kind: "idle" } | { kind: "locating" } | { kind: "error"; message: string };

/** What the diner is told when the browser gives no position (GeolocationPositionError codes). */
export function geolocationMessage(code: number | "unsupported"): string {
  switch (code) {
    case 1:
      return "You did not allow this site to use your location, so we cannot search near you. Type a place instead, or allow location for this site in your browser's settings and press Near me again.";
    case 3:
      return "Finding your location took too long. Press Near me to try again, or type a place.";
    case "unsupported":
      return "This browser cannot share your location. Type a place instead.";
    default:
      return "Your location is not available right now. Type a place instead, or try again later.";
  }
}

/**
 * Where to search: a place typed (suggested from the cities we have restaurants in) or the diner's own
 * location. The browser is asked for the location only when "Near me" is pressed; the position is
 * rounded to about 100 m, put in the form's `near` field and the form is sent. Typing a place drops a
 * location used before, so the two never disagree. Without JavaScript the place field still works.
 */
export function SearchLocation({ place, near, places }: { place?: string; near?: string; places: PlaceOption[] }) {
  const placeRef = useRef<HTMLInputElement>(null);
  // Controlled: the hidden field holds exactly what the form will send.
  const [nearValue, setNearValue] = useState(near ?? "");
  const usingLocation = nearValue !== "";
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  function locate(event: MouseEvent<HTMLButtonElement>) {
    const form = event.currentTarget.form;
    if (!("geolocation" in navigator)) {
      setStatus({ kind: "error", message: geolocationMessage("unsupported") });
      return;
    }
    setStatus({ kind: "locating" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (placeRef.current) placeRef.current.value = "";
        // Rendered before the form is sent, so the position goes with it.
        flushSync(() => {
          setNearValue(formatNearPoint({ lat: position.coords.latitude, lng: position.coords.longitude }));
          setStatus({ kind: "idle" });
        });
        form?.requestSubmit();
      },
      (error) => setStatus({ kind: "error", message: geolocationMessage(error.code) }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  }

  function forgetLocation() {
    setNearValue("");
  }

  return (
    <div className="search-location">
      <div className={fieldClass}>
        <label htmlFor="search-place">Near</label>
        <div className="search-location-row">
          <input
            ref={placeRef}
            id="search-place"
            name="place"
            type="text"
            list={places.length > 0 ? "search-places" : undefined}
            defaultValue={place ?? ""}
            maxLength={SEARCH_TERM_MAX.place}
            placeholder={usingLocation ? "Your location" : "A city, e.g. Lisbon"}
            aria-describedby="search-location-status"
            onInput={(e) => {
              if (e.currentTarget.value) forgetLocation();
            }}
          />
          <Button type="button" variant="secondary" onClick={locate} disabled={status.kind === "locating"}>
            Near me
          </Button>
        </div>
        {places.length > 0 ? (
          <datalist id="search-places">
            {places.map((p) => (
              <option key={p.name} value={p.name} />
            ))}
          </datalist>
        ) : null}
        <input type="hidden" name="near" value={nearValue} />
        <p
          id="search-location-status"
          className={status.kind === "error" ? fieldErrorClass : classNames("muted", fieldHintClass)}
          role={status.kind === "error" ? "alert" : "status"}
          data-testid="location-status"
        >
          {status.kind === "locating"
            ? "Finding where you are…"
            : status.kind === "error"
              ? status.message
              : usingLocation
                ? "Searching near your location. Type a place to search there instead."
                : "We ask your browser for your location only when you press Near me."}
        </p>
      </div>
    </div>
  );
}
