import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/api/request";

/** The standalone server's preload: the peer is appended, so a client cannot choose its address. */
let server: Server;
let base: string;

beforeAll(async () => {
  // @ts-expect-error -- a side-effect module without types
  await import("./append-peer.mjs");
  server = createServer((req, res) => res.end(String(req.headers["x-forwarded-for"] ?? "")));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("append-peer preload", () => {
  it("appends the connecting address to whatever the client wrote", async () => {
    const spoofed = await (await fetch(base, { headers: { "x-forwarded-for": "6.6.6.6" } })).text();
    expect(spoofed).toBe("6.6.6.6, 127.0.0.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": spoofed }), 0)).toBe("127.0.0.1");
    expect(await (await fetch(base)).text()).toBe("127.0.0.1");
  });
});
