import type { RestaurantPhoto } from "@/lib/restaurants/faces";

/**
 * The restaurant's photos as the owner set them (addresses of images, each with its description).
 * Plain lazy images: they come from wherever the owner keeps them, so next/image's optimiser, which
 * only fetches from configured hosts, is not in the way; the width and height (when known) keep the
 * layout from jumping.
 */
export function RestaurantGallery({ name, photos }: { name: string; photos: RestaurantPhoto[] }) {
  if (photos.length === 0) return null;
  const [first, ...rest] = photos;
  return (
    <section className="restaurant-gallery" aria-label={`Photos of ${name}`} data-testid="restaurant-gallery">
      <Photo photo={first!} eager className="gallery-cover" />
      {rest.length > 0 ? (
        <ul className="gallery-rest">
          {rest.map((p) => (
            <li key={p.url}>
              <Photo photo={p} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function Photo({ photo, eager, className }: { photo: RestaurantPhoto; eager?: boolean; className?: string }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- owner-hosted images from any host; see above
    <img
      src={photo.url}
      alt={photo.alt}
      width={photo.width ?? undefined}
      height={photo.height ?? undefined}
      loading={eager ? "eager" : "lazy"}
      decoding="async"
      className={className}
      referrerPolicy="no-referrer"
    />
  );
}

/** A card's picture: the cover photo, decorative beside the name it illustrates (so alt is empty). */
export function CardPhoto({ photos }: { photos?: RestaurantPhoto[] }) {
  const cover = photos?.[0];
  if (!cover) return null;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- owner-hosted images from any host
    <img src={cover.url} alt="" loading="lazy" decoding="async" className="card-photo" referrerPolicy="no-referrer" />
  );
}
