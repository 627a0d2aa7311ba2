import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { createStaffedRestaurant, expect, newPerson, seriousA11yViolations, signIn, test } from "./support/fixtures";

/** An owner gives the restaurant a phone, a menu and a pin; diners see them on its page and in its JSON-LD. */
test("the owner sets contact and location; the public page and its JSON-LD show them", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const r = await createStaffedRestaurant("Europe/London");
  await signIn(page, r.staff.owner, `/manage/${r.slug}/settings`);
  const form = page.getByRole("form", { name: "Contact and location" });
  await form.getByLabel("Phone").fill("+44 20 7946 0000");
  await form.getByLabel("Website").fill("javascript:alert(1)");
  await form.getByRole("button", { name: "Save contact and location" }).click();
  await expect(form.getByText("A full web address starting with https://.")).toBeVisible();
  await form.getByLabel("Website").fill("https://example.test/");
  await form.getByLabel("Menu link").fill("https://example.test/menu");
  await form.getByLabel("Latitude").fill("51.5072");
  await form.getByLabel("Longitude").fill("-0.1276");
  await form.getByRole("button", { name: "Save contact and location" }).click();
  await expect(form.getByText("Contact and location saved.")).toBeVisible();

  const diner = await newPerson(browser);
  const p = await diner.newPage();
  await p.goto(`/r/${r.slug}`);
  await expect(p.getByTestId("restaurant-phone")).toHaveAttribute("href", "tel:+442079460000");
  await expect(p.getByRole("link", { name: /Directions/ })).toHaveAttribute("href", /openstreetmap\.org\/directions\?to=51\.507200%2C-0\.127600/);
  await expect(p.getByRole("link", { name: /See the menu/ })).toHaveAttribute("href", "https://example.test/menu");
  const jsonLd = JSON.parse((await p.locator('script[type="application/ld+json"]').first().textContent())!);
  expect(jsonLd).toMatchObject({ telephone: "+44 20 7946 0000", menu: "https://example.test/menu", geo: { latitude: 51.5072, longitude: -0.1276 } });
  // Larger groups are told the number to call.
  await expect(p.getByTestId("large-party").getByRole("link", { name: "+44 20 7946 0000" })).toBeVisible();
  await diner.close();
});

/** Random pixels compress badly: a PNG of them is over the 1 MB the proxy would copy of a body. */
async function noisyPng(): Promise<Buffer> {
  const [w, h] = [720, 720];
  return sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
}

test("the owner uploads photos with descriptions; the public page, og:image and JSON-LD show them, and bad files are refused", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const r = await createStaffedRestaurant("Europe/London");
  await signIn(page, r.staff.owner, `/manage/${r.slug}/settings`);
  const upload = page.getByRole("form", { name: "Add a photo" });
  await expect(page.getByTestId("no-photos")).toBeVisible();

  // A text file named like a photo, and a photo without its description: refused, nothing stored.
  await upload.getByLabel("Photo", { exact: true }).setInputFiles({ name: "menu.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not an image at all") });
  await upload.getByLabel("Description").fill("The menu");
  await upload.getByRole("button", { name: "Upload photo" }).click();
  await expect(upload.getByText("The file is not a JPEG, PNG or WebP image.").first()).toBeVisible();
  const png = await noisyPng();
  expect(png.byteLength).toBeGreaterThan(1024 * 1024);
  await upload.getByLabel("Photo", { exact: true }).setInputFiles({ name: "wall.png", mimeType: "image/png", buffer: png });
  await upload.getByLabel("Description").fill("");
  await upload.getByRole("button", { name: "Upload photo" }).click();
  await expect(upload.getByText("Describe the photo for people who cannot see it.")).toBeVisible();
  await expect(page.getByTestId("no-photos")).toBeVisible();

  await upload.getByLabel("Description").fill("A mosaic wall in every colour");
  await upload.getByRole("button", { name: "Upload photo" }).click();
  await expect(page.getByText("Photo added.")).toBeVisible();
  const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#7a4b2a" } }).jpeg().toBuffer();
  await upload.getByLabel("Photo", { exact: true }).setInputFiles({ name: "room.jpg", mimeType: "image/jpeg", buffer: jpeg });
  await upload.getByLabel("Description").fill("The dining room, candles lit");
  await upload.getByRole("button", { name: "Upload photo" }).click();
  const photos = page.getByTestId("owner-photo");
  await expect(photos).toHaveCount(2);
  await expect(photos.nth(1).getByRole("img", { name: "The dining room, candles lit" })).toBeVisible();

  // The room becomes the cover.
  await page.getByRole("button", { name: "Move up (photo 2)" }).click();
  await expect(photos.first().getByRole("img", { name: "The dining room, candles lit" })).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  const diner = await newPerson(browser);
  const p = await diner.newPage();
  await p.goto(`/r/${r.slug}`);
  const gallery = p.getByTestId("restaurant-gallery");
  const cover = gallery.getByRole("img", { name: "The dining room, candles lit" });
  await expect(cover).toBeVisible();
  await expect(gallery.getByRole("img", { name: "A mosaic wall in every colour" })).toBeVisible();
  // next/image serves a resized copy through its optimiser, and it loads.
  await expect(cover).toHaveAttribute("src", /\/_next\/image\?url=%2Fimages%2Frestaurants%2F/);
  await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  const ogImage = await p.locator('meta[property="og:image"]').getAttribute("content");
  expect(ogImage).toMatch(/^https?:\/\/.+\/images\/restaurants\/[0-9a-f-]{36}$/);
  const fetched = await p.request.get(ogImage!);
  expect(fetched.status()).toBe(200);
  expect(fetched.headers()["content-type"]).toBe("image/jpeg");
  expect(fetched.headers()["cache-control"]).toBe("public, max-age=86400");
  const jsonLd = JSON.parse((await p.locator('script[type="application/ld+json"]').first().textContent())!);
  expect(jsonLd.image).toHaveLength(2);
  expect(jsonLd.image[0]).toBe(ogImage);
  expect(await seriousA11yViolations(p)).toEqual([]);

  // Removing asks first; the wall photo becomes the cover.
  await page.getByRole("button", { name: "Remove (photo 1)" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove photo 1?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(photos).toHaveCount(2);
  await page.getByRole("button", { name: "Remove (photo 1)" }).click();
  await dialog.getByRole("button", { name: "Remove photo" }).click();
  await expect(page.getByText("Photo removed.")).toBeVisible();
  await expect(photos).toHaveCount(1);
  await p.reload();
  await expect(p.locator('meta[property="og:image"]')).not.toHaveAttribute("content", ogImage!);
  await expect(p.getByTestId("restaurant-gallery").getByRole("img", { name: "A mosaic wall in every colour" })).toBeVisible();
  await diner.close();
});

test("a host cannot upload photos to the restaurant", async ({ page }) => {
  const r = await createStaffedRestaurant("Europe/London");
  await signIn(page, r.staff.host, `/manage/${r.slug}/book`);
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).jpeg().toBuffer();
  const res = await page.request.post(`/api/v1/restaurants/${r.id}/photos`, {
    multipart: { file: { name: "a.jpg", mimeType: "image/jpeg", buffer: jpeg }, alt: "A photo" },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
});
