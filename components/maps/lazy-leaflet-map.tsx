"use client";

import dynamic from "next/dynamic";

/**
 * The map, as a separate chunk fetched when this first renders (Leaflet needs `window`, so never on
 * the server). A page that renders this only on demand ships none of Leaflet's code or styles up front.
 */
export const LazyLeafletMap = dynamic(() => import("./leaflet-map").then((m) => m.LeafletMap), {
  ssr: false,
  loading: () => (
    <p className="map-loading" role="status">
      Loading the map…
    </p>
  ),
});
