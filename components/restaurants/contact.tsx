import { mapLinks } from "@/lib/restaurants/faces";
import { RestaurantMap } from "./restaurant-map";

export interface ContactInfo {
  name: string;
  address: string | null;
  city: string | null;
  phone: string | null;
  website: string | null;
  menuUrl: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** "+44 20 7946 0000" → "tel:+442079460000" */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

/** The website's host, for a link text that says where it goes. */
function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/**
 * How to reach the restaurant: phone (a tel: link), website, menu, and the address with links to a
 * map and directions on OpenStreetMap. With a pin, a small map shows it too (loaded on demand); the
 * text address and the links stand on their own without it.
 */
export function RestaurantContact({ r }: { r: ContactInfo }) {
  // The city only when the address does not already name it ("…, London EC1R 4QL" needs no ", London").
  const cityNamed = r.address && r.city ? r.address.toLowerCase().includes(r.city.toLowerCase()) : false;
  const place = [r.address, cityNamed ? null : r.city].filter(Boolean).join(", ");
  const links = mapLinks({ latitude: r.latitude, longitude: r.longitude, place: place || null });
  if (!place && !r.phone && !r.website && !r.menuUrl) return null;
  return (
    <section aria-labelledby="contact-heading" data-testid="restaurant-contact">
      <h2 id="contact-heading">Find and contact</h2>
      {links && r.latitude !== null && r.longitude !== null ? <RestaurantMap name={r.name} lat={r.latitude} lng={r.longitude} mapHref={links.map} /> : null}
      {place ? <address>{place}</address> : null}
      <ul className="contact-list">
        {r.phone ? (
          <li>
            Phone:{" "}
            <a href={telHref(r.phone)} data-testid="restaurant-phone">
              {r.phone}
            </a>
          </li>
        ) : null}
        {links ? (
          <li>
            <a href={links.map} rel="noopener" target="_blank">
              Map<span className="visually-hidden"> of {r.name} on OpenStreetMap (opens in a new tab)</span>
            </a>
            {" · "}
            <a href={links.directions} rel="noopener" target="_blank">
              Directions<span className="visually-hidden"> to {r.name} (opens in a new tab)</span>
            </a>
          </li>
        ) : null}
        {r.website ? (
          <li>
            Website:{" "}
            <a href={r.website} rel="noopener nofollow" target="_blank">
              {hostOf(r.website)}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          </li>
        ) : null}
        {r.menuUrl ? (
          <li>
            <a href={r.menuUrl} rel="noopener nofollow" target="_blank">
              See the menu<span className="visually-hidden"> of {r.name} (opens in a new tab)</span>
            </a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
