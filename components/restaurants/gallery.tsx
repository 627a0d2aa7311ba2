import Image from "next/image";
import type { RestaurantPhoto } from "@/lib/restaurants/faces";

/**
 * The restaurant's photos in the order its team set: the cover wide, the rest in a strip. The photos
 * are served by the app, and next/image sends each screen a size that fits it (its width and height
 * keep the layout from jumping while it loads).
 */
export function RestaurantGallery({ name, photos }: { name: string; photos: RestaurantPhoto[] }) {
  if (photos.length === 0) return null;
  const [first, ...rest] = photos;
  return (
    <section className="restaurant-gallery" aria-label={`Photos of ${name}`} data-testid="restaurant-gallery">
      <Photo photo={first!} eager sizes="(max-width: 72rem) 100vw, 72rem" className="gallery-cover" />
      {rest.length > 0 ? (
        <ul className="gallery-rest">
          {rest.map((p) => (
            <li key={p.id}>
              <Photo photo={p} sizes="(max-width: 40rem) 50vw, 16rem" />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * One photo. `eager` is for the cover, the page's largest paint: it is announced in the document's head
 * (`preload`), so its request starts with the style sheets instead of after them, and asked for first
 * (`fetchPriority`); no blur placeholder, which would only paint something else first.
 */
export function Photo({ photo, eager, sizes, className }: { photo: RestaurantPhoto; eager?: boolean; sizes: string; className?: string }) {
  return (
    <Image
      src={photo.url}
      alt={photo.alt}
      width={photo.width}
      height={photo.height}
      sizes={sizes}
      {...(eager ? { preload: true, fetchPriority: "high" as const } : { loading: "lazy" as const })}
      className={className}
    />
  );
}

/** A card's picture: the cover photo, decorative beside the name it illustrates (so alt is empty). */
export function CardPhoto({ photos }: { photos?: RestaurantPhoto[] }) {
  const cover = photos?.[0];
  if (!cover) return null;
  return <Image src={cover.url} alt="" width={cover.width} height={cover.height} sizes="(max-width: 40rem) 100vw, 22rem" className="card-photo" />;
}
