import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { setDb } from "@/db/client";
import { removePhotoHandler, updatePhotoHandler, uploadPhotoHandler } from "@/lib/api/routes/photos";
import { getRestaurantHandler } from "@/lib/api/routes/restaurants";
import { call, TEST_AUTH_SECRET, tokenFor } from "@/lib/api/testing";
import { setProcessEnv } from "@/lib/env";
import { createMemoryKv, setKv } from "@/lib/redis";
import { servePhotoHandler } from "@/lib/restaurants/photo-file";
import { PHOTO_MAX_BYTES, photoUrl } from "@/lib/restaurants/photo-rules";
import { resizedCopyKey } from "@/lib/restaurants/resized-copies";
import { listRestaurantPhotos } from "@/lib/restaurants/photos";
import { createTestDb, type TestDb } from "@/lib/testing/db";
import { insertMember, insertRestaurant, insertUser } from "@/lib/testing/fixtures";

let t: TestDb;
let ownerToken: string;
let hostToken: string;
let strangerToken: string;
let restaurantId: string;

beforeAll(async () => {
  setProcessEnv({ AUTH_SECRET: TEST_AUTH_SECRET, APP_URL: "https://tablekeep.test" });
  setKv(createMemoryKv());
  t = await createTestDb(inject("templateDb"));
  setDb(t.db);
  const owner = await insertUser(t.db);
  const host = await insertUser(t.db);
  ownerToken = await tokenFor(owner);
  hostToken = await tokenFor(host);
  strangerToken = await tokenFor(await insertUser(t.db));
  const r = await insertRestaurant(t.db, { published: true });
  restaurantId = r.id;
  await insertMember(t.db, r.id, owner.id, "owner");
  await insertMember(t.db, r.id, host.id, "host");
});
afterAll(async () => {
  setDb(null);
  setKv(null);
  await t.destroy();
});
beforeEach(async () => {
  await t.sql`delete from restaurant_photos`;
});

const image = (format: "jpeg" | "png" | "webp", width = 320, height = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 90, b: 40 } } })
    .toFormat(format)
    .toBuffer();

/** POSTs a multipart upload the way a browser's FormData does. */
async function upload(opts: { token?: string; file?: { bytes: Uint8Array; name: string; type: string }; alt?: string; restaurant?: string }) {
  const form = new FormData();
  if (opts.file) form.set("file", new Blob([new Uint8Array(opts.file.bytes)], { type: opts.file.type }), opts.file.name);
  if (opts.alt !== undefined) form.set("alt", opts.alt);
  const id = opts.restaurant ?? restaurantId;
  const req = new Request(`http://localhost/api/v1/restaurants/${id}/photos`, {
    method: "POST",
    headers: { "x-forwarded-for": "10.1.2.3", ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: form,
  });
  const res = await uploadPhotoHandler(req, { params: Promise.resolve({ id }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

const count = async () => Number((await t.sql`select count(*)::int as n from restaurant_photos`)[0]!.n);

describe("uploading restaurant photos", () => {
  it("stores a JPEG, a PNG and a WebP in order, each served by its address, cached for a day, with an ETag", async () => {
    const jpeg = await upload({ token: ownerToken, file: { bytes: await image("jpeg"), name: "room.jpg", type: "image/jpeg" }, alt: "The dining room" });
    const png = await upload({ token: ownerToken, file: { bytes: await image("png"), name: "bar.png", type: "image/png" }, alt: "  The bar  " });
    const webp = await upload({ token: ownerToken, file: { bytes: await image("webp"), name: "plate.webp", type: "image/webp" }, alt: "A plate of pasta" });
    for (const r of [jpeg, png, webp]) expect(r.status).toBe(201);
    expect(jpeg.json).toMatchObject({ alt: "The dining room", width: 320, height: 200 });
    expect(jpeg.json.url).toBe(`https://tablekeep.test/images/restaurants/${jpeg.json.id}`);
    expect(png.json.alt).toBe("The bar");
    // The API skips the proxy: its route wrapper sets the security headers.
    expect(jpeg.headers.get("content-security-policy")).toContain("default-src 'none'");

    const restaurant = await call(getRestaurantHandler, { params: { id: restaurantId } });
    expect(restaurant.json.photos.map((p: { id: string }) => p.id)).toEqual([jpeg.json.id, png.json.id, webp.json.id]);

    for (const [answer, type] of [
      [jpeg, "image/jpeg"],
      [png, "image/png"],
      [webp, "image/webp"],
    ] as const) {
      const res = await servePhotoHandler(new Request(`http://localhost/images/restaurants/${answer.json.id}`), { params: Promise.resolve({ photoId: answer.json.id }) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: type.slice(6), width: 320, height: 200 });
      const again = await servePhotoHandler(
        new Request(`http://localhost/images/restaurants/${answer.json.id}`, { headers: { "if-none-match": res.headers.get("etag")! } }),
        { params: Promise.resolve({ photoId: answer.json.id }) },
      );
      expect(again.status).toBe(304);
    }
    const missing = await servePhotoHandler(new Request("http://localhost/images/restaurants/x"), { params: Promise.resolve({ photoId: crypto.randomUUID() }) });
    expect(missing.status).toBe(404);
  });

  it("brings a large photo to 2000 px on its longest side and drops its metadata", async () => {
    const big = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: "#336699" } })
      .jpeg()
      .withExif({ IFD0: { Copyright: "someone's camera" } })
      .toBuffer();
    const res = await upload({ token: ownerToken, file: { bytes: big, name: "big.jpg", type: "image/jpeg" }, alt: "The terrace" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ width: 2000, height: 1000 });
    const [row] = await t.sql`select bytes from restaurant_photos where id = ${res.json.id}`;
    const meta = await sharp(row!.bytes as Buffer).metadata();
    expect({ width: meta.width, height: meta.height, exif: meta.exif }).toEqual({ width: 2000, height: 1000, exif: undefined });
  });

  it("refuses a file over 10 MB, one that is not a JPEG, PNG or WebP by its bytes, a damaged one and a missing description, changing nothing", async () => {
    const jpegStart = await image("jpeg");
    const oversize = new Uint8Array(PHOTO_MAX_BYTES + 1);
    oversize.set(jpegStart.subarray(0, 3));
    const tooBig = await upload({ token: ownerToken, file: { bytes: oversize, name: "huge.jpg", type: "image/jpeg" }, alt: "Huge" });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.fields.file[0]).toMatch(/larger than 10 MB/);

    // A GIF and a text file named and typed as JPEG: the first bytes decide.
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).gif().toBuffer();
    for (const bytes of [gif, new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>")]) {
      const res = await upload({ token: ownerToken, file: { bytes, name: "photo.jpg", type: "image/jpeg" }, alt: "Not a photo" });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.file).toEqual(["The file is not a JPEG, PNG or WebP image."]);
    }

    const damaged = await upload({ token: ownerToken, file: { bytes: jpegStart.subarray(0, 40), name: "cut.jpg", type: "image/jpeg" }, alt: "Cut short" });
    expect(damaged.status).toBe(400);
    expect(damaged.json.error.fields.file[0]).toMatch(/could not be read/);

    for (const alt of [undefined, "", "   "]) {
      const res = await upload({ token: ownerToken, file: { bytes: jpegStart, name: "room.jpg", type: "image/jpeg" }, alt });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.alt).toEqual(["Describe the photo for people who cannot see it."]);
    }
    const noFile = await upload({ token: ownerToken, alt: "Nothing attached" });
    expect(noFile.status).toBe(400);
    expect(noFile.json.error.fields.file).toEqual(["Choose a photo to upload."]);
    expect(await count()).toBe(0);
  });

  it("lets only the restaurant's owners and managers upload: 401 signed out, 404 for a stranger, 403 for a host", async () => {
    const file = { bytes: await image("png"), name: "a.png", type: "image/png" };
    expect((await upload({ file, alt: "A" })).status).toBe(401);
    expect((await upload({ token: strangerToken, file, alt: "A" })).status).toBe(404);
    const host = await upload({ token: hostToken, file, alt: "A" });
    expect(host.status).toBe(403);
    expect(host.json.error.code).toBe("forbidden");
    expect(await count()).toBe(0);
  });

  it("keeps at most 12 photos", async () => {
    const file = { bytes: await image("webp", 16, 16), name: "a.webp", type: "image/webp" };
    for (let i = 0; i < 12; i++) expect((await upload({ token: ownerToken, file, alt: `Photo ${i}` })).status).toBe(201);
    const thirteenth = await upload({ token: ownerToken, file, alt: "One too many" });
    expect(thirteenth.status).toBe(409);
    expect(await count()).toBe(12);
  });
});

describe("ordering and removing photos", () => {
  async function three() {
    const ids: string[] = [];
    for (const alt of ["First", "Second", "Third"]) {
      ids.push((await upload({ token: ownerToken, file: { bytes: await image("jpeg", 32, 24), name: "x.jpg", type: "image/jpeg" }, alt })).json.id);
    }
    return ids;
  }
  const order = async () => (await listRestaurantPhotos(t.db, restaurantId)).map((p) => p.alt);

  it("moves a photo to the cover, changes a description, and refuses a blank one", async () => {
    const [, , third] = await three();
    const moved = await call(updatePhotoHandler, { method: "PATCH", token: ownerToken, params: { id: restaurantId, photo_id: third! }, body: { position: 0 } });
    expect(moved.status).toBe(200);
    expect(moved.json.photos.map((p: { alt: string }) => p.alt)).toEqual(["Third", "First", "Second"]);
    const last = await call(updatePhotoHandler, { method: "PATCH", token: ownerToken, params: { id: restaurantId, photo_id: third! }, body: { position: 99, alt: "Third, now last" } });
    expect(last.status).toBe(200);
    expect(await order()).toEqual(["First", "Second", "Third, now last"]);
    const blank = await call(updatePhotoHandler, { method: "PATCH", token: ownerToken, params: { id: restaurantId, photo_id: third! }, body: { alt: " " } });
    expect(blank.status).toBe(400);
    expect(await order()).toEqual(["First", "Second", "Third, now last"]);
  });

  it("removes the cover and the next photo takes its place; a host cannot remove, an unknown photo is 404", async () => {
    const [first] = await three();
    // A resized copy next/image's optimiser made of the cover on this instance.
    const distDir = mkdtempSync(join(tmpdir(), "tk-dist-"));
    setProcessEnv({ NEXT_DIST_DIR: distDir });
    const copy = join(distDir, "cache", "images", resizedCopyKey(photoUrl(first!), 750, 75, "image/webp"));
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(copy, "86400.1.e.u.webp"), "x");
    expect((await call(removePhotoHandler, { method: "DELETE", token: hostToken, params: { id: restaurantId, photo_id: first! } })).status).toBe(403);
    expect((await call(removePhotoHandler, { method: "DELETE", token: strangerToken, params: { id: restaurantId, photo_id: first! } })).status).toBe(404);
    expect(await order()).toEqual(["First", "Second", "Third"]);
    const removed = await call(removePhotoHandler, { method: "DELETE", token: ownerToken, params: { id: restaurantId, photo_id: first! } });
    expect(removed.status).toBe(204);
    expect(await order()).toEqual(["Second", "Third"]);
    // Gone from its address, even for a browser asking whether its copy is still good, and the
    // optimiser's copy with it.
    for (const headers of [{}, { "if-none-match": `"${first!}"` }] as Record<string, string>[]) {
      const res = await servePhotoHandler(new Request(`http://localhost${photoUrl(first!)}`, { headers }), { params: Promise.resolve({ photoId: first! }) });
      expect(res.status).toBe(404);
    }
    expect(existsSync(copy)).toBe(false);
    setProcessEnv({ NEXT_DIST_DIR: undefined });
    const positions = await t.sql`select position from restaurant_photos order by position`;
    expect(positions.map((r) => r.position)).toEqual([0, 1]);
    expect((await call(removePhotoHandler, { method: "DELETE", token: ownerToken, params: { id: restaurantId, photo_id: first! } })).status).toBe(404);
  });
});
