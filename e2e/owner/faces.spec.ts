import { createStaffedRestaurant, expect, newPerson, signIn, test } from "./support/fixtures";

/** An owner gives the restaurant a phone, a menu, a pin and a photo; diners see them on its page and in previews. */
test("the owner sets contact, location and a photo; the public page, its JSON-LD and og:image show them", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const r = await createStaffedRestaurant("Europe/London");
  const photo = `http://127.0.0.1:1/photos/${r.slug}.jpg`;
  await signIn(page, r.staff.owner, `/manage/${r.slug}/settings`);
  const form = page.getByRole("form", { name: "Contact, location and photos" });
  await form.getByLabel("Phone").fill("+44 20 7946 0000");
  await form.getByLabel("Website").fill("javascript:alert(1)");
  await form.getByRole("button", { name: "Save contact and photos" }).click();
  await expect(form.getByText("A full web address starting with https://.")).toBeVisible();
  await form.getByLabel("Website").fill("https://example.test/");
  await form.getByLabel("Menu link").fill("https://example.test/menu");
  await form.getByLabel("Latitude").fill("51.5072");
  await form.getByLabel("Longitude").fill("-0.1276");
  await form.getByLabel("Photo 1 address").fill(photo);
  await form.getByLabel("Photo 1 description").fill("The dining room, candles lit");
  await form.getByRole("button", { name: "Save contact and photos" }).click();
  await expect(form.getByText("Contact, location and photos saved.")).toBeVisible();

  const diner = await newPerson(browser);
  const p = await diner.newPage();
  // Images from elsewhere do not load here; the markup is what is checked.
  await p.route("http://127.0.0.1:1/**", (route) => route.fulfill({ status: 204 }));
  await p.goto(`/r/${r.slug}`);
  await expect(p.getByTestId("restaurant-phone")).toHaveAttribute("href", "tel:+442079460000");
  await expect(p.getByTestId("restaurant-gallery").getByRole("img", { name: "The dining room, candles lit" })).toHaveAttribute("src", photo);
  await expect(p.getByRole("link", { name: /Directions/ })).toHaveAttribute("href", /openstreetmap\.org\/directions\?to=51\.507200%2C-0\.127600/);
  await expect(p.getByRole("link", { name: /See the menu/ })).toHaveAttribute("href", "https://example.test/menu");
  await expect(p.locator('meta[property="og:image"]')).toHaveAttribute("content", photo);
  const jsonLd = JSON.parse((await p.locator('script[type="application/ld+json"]').first().textContent())!);
  expect(jsonLd).toMatchObject({ telephone: "+44 20 7946 0000", image: [photo], menu: "https://example.test/menu", geo: { latitude: 51.5072, longitude: -0.1276 } });
  // Larger groups are told the number to call.
  await expect(p.getByTestId("large-party").getByRole("link", { name: "+44 20 7946 0000" })).toBeVisible();
  await diner.close();
});
