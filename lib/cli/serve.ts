import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { getEnv } from "@/lib/env";

/**
 * Serves the production build, like `next start`, with one difference: the address of the peer that
 * connected (the client, or the nearest proxy) is appended to X-Forwarded-For, as every proxy does.
 * `next start` only fills the header in when it is absent, so a client that sends its own header
 * would otherwise choose its own address. The client address is then read from the right
 * (lib/api/request.ts `clientAddress`, with TRUSTED_PROXY_HOPS).
 *
 *   tsx lib/cli/serve.ts --port 3000 [--hostname 127.0.0.1]
 *
 * The launcher (`npm start`) and the browser tests run the app through this.
 */

const SELF = fileURLToPath(import.meta.url);

/** node arguments that run this server (for spawning it from the launcher, tests and the benchmark). */
export function serveArgs(port: number, hostname?: string): string[] {
  return ["--import", "tsx", SELF, "--port", String(port), ...(hostname ? ["--hostname", hostname] : [])];
}

export function appendPeer(req: IncomingMessage): void {
  const peer = req.socket.remoteAddress;
  if (!peer) return;
  const existing = req.headers["x-forwarded-for"];
  const prior = (Array.isArray(existing) ? existing.join(", ") : (existing ?? "")).trim();
  req.headers["x-forwarded-for"] = prior ? `${prior}, ${peer}` : peer;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(argument("port") ?? getEnv().PORT);
  const hostname = argument("hostname");
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const app = next({ dev: false, dir, port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    appendPeer(req);
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    console.log(`[tablekeep] serving on http://${hostname ?? "localhost"}:${port}`);
  });

  // As `next start` does: a stray error (a driver's callback on a dead socket) is logged, not fatal.
  process.on("uncaughtException", (e) => console.error("[tablekeep] uncaught exception:", e));
  process.on("unhandledRejection", (e) => console.error("[tablekeep] unhandled rejection:", e));

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Connections a client keeps open must not hold the process past a short grace.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === SELF;
if (isEntry) await main();
