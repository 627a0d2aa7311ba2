import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { E2E_BASE_URL } from "../support/env";
import { createRestaurant, expect, localDate, reservationByCode, seriousA11yViolations, slotName, test } from "./support/fixtures";

/**
 * The booking widget on a restaurant's own site: a page on another origin (served here, on a free
 * port, as `localhost` while the app is `127.0.0.1`: another site, so the browser sends the app none
 * of its cookies) frames `/embed/<slug>` with the snippet from the workspace, and a guest books in it.
 */
async function hostSite(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, server };
}

test("a widget framed by another site completes a booking, sizes its frame, and only the widget may be framed", async ({ page, request }) => {
  test.setTimeout(60_000);
  const r = await createRestaurant();
  const date = localDate(r.timezone, 2);
  const email = `widget-${randomBytes(4).toString("hex")}@example.test`;

  const widget = await request.get(`/embed/${r.slug}`);
  expect(widget.status()).toBe(200);
  expect(widget.headers()["content-security-policy"]).toContain("frame-ancestors *");
  expect(widget.headers()["x-frame-options"]).toBeUndefined();
  const site = await request.get(`/r/${r.slug}`);
  expect(site.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(site.headers()["x-frame-options"]).toBe("DENY");

  const origin = new URL(E2E_BASE_URL).origin;
  const { url, server } = await hostSite(`<!doctype html><html lang="en"><head><title>Our restaurant</title></head><body>
<h1>Welcome to our restaurant</h1>
<iframe src="${origin}/embed/${r.slug}" title="Book a table at ${r.name}" width="400" height="300" style="width:100%;max-width:400px;border:0"></iframe>
<iframe id="not-embeddable" src="${origin}/r/${r.slug}" title="The full page"></iframe>
<script>
window.addEventListener("message", function (e) {
  if (e.origin !== ${JSON.stringify(origin)} || !e.data || e.data.type !== "tablekeep:height") return;
  var frames = document.querySelectorAll('iframe[src^="${origin}/embed/"]');
  for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === e.source) frames[i].style.height = e.data.height + "px";
});
</script></body></html>`);
  try {
    await page.goto(url);
    const frame = page.frameLocator(`iframe[title="Book a table at ${r.name}"]`);
    await expect(frame.getByRole("heading", { level: 1, name: r.name })).toBeVisible();
    // No site chrome in the box.
    await expect(frame.getByRole("banner")).toHaveCount(0);
    // The sizing script took the widget's height.
    await expect.poll(async () => Number.parseInt((await page.locator("iframe").first().getAttribute("style"))!.match(/height:\s*(\d+)px/)?.[1] ?? "0")).toBeGreaterThan(300);
    // The full page refuses to be framed: its document never loads inside the frame.
    const blocked = page.frames().find((f) => f.url().includes(`/r/${r.slug}`));
    if (blocked) await expect(blocked.getByRole("heading", { level: 1, name: r.name })).toHaveCount(0);

    await frame.getByLabel("Date").fill(date);
    await frame.getByRole("button", { name: slotName("19:00", date, 2) }).click();
    await expect(frame.getByRole("heading", { level: 1, name: "Complete your booking" })).toBeVisible();
    await expect(frame.getByText("Table held for you for")).toBeVisible();
    await frame.getByLabel("Name", { exact: true }).fill("Willa Widget");
    await frame.getByLabel("Email", { exact: true }).fill(email);
    await frame.getByRole("button", { name: "Confirm booking" }).click();
    await expect(frame.getByRole("heading", { level: 1, name: "You’re booked" })).toBeVisible();
    const code = (await frame.getByTestId("embed-code").textContent())!.trim();
    const booked = await reservationByCode(code);
    expect(booked).toMatchObject({ status: "confirmed", guest_name: "Willa Widget", guest_email: email, party_size: 2 });
    // The host page stayed where it was.
    expect(page.url()).toBe(url);
  } finally {
    server.close();
  }
});

test("the widget on its own: axe finds nothing serious at phone and desktop widths", async ({ page }) => {
  const r = await createRestaurant();
  for (const size of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(size);
    await page.goto(`/embed/${r.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: r.name })).toBeVisible();
    await expect(page.getByTestId("slot-grid").or(page.getByTestId("empty-day"))).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
  }
});
