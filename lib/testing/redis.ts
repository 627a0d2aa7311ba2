import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { createClient } from "redis";
import { startBridge, type Bridge } from "@/lib/redis/bridge";
import { createTcpRequester } from "@/lib/redis/direct";
import { connectTcpRedis, type TcpRedis } from "@/lib/redis/tcp";
import type { Kv } from "@/lib/redis/types";
import { createUpstashKv, type UpstashKvBehaviour } from "@/lib/redis/upstash-kv";

/** A client straight to redis-server, past the bridge. */
export type RawRedis = ReturnType<typeof createClient>;

/**
 * A private redis-server on a free port with the REST bridge in front, so tests never touch the shared
 * Redis on 6379 and can stop, pause or restart theirs to show how the app behaves without it. Kvs
 * reach it either way the app does: over TCP from the process itself (REDIS_URL), or through the
 * Upstash REST protocol (the bridge standing in for Upstash).
 */
export type KvTransport = "tcp" | "rest";

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` of the private redis-server. */
  redisUrl: string;
  /** The bridge's URL: use as UPSTASH_REDIS_REST_URL. */
  restUrl: string;
  token: string;
  bridge: Bridge;
  /** Stops redis-server while the bridge stays up (the bridge then answers 503). */
  stopRedis(): Promise<void>;
  /** Starts redis-server again on the same port and waits until the bridge is connected. */
  startRedis(): Promise<void>;
  /** Freezes redis-server (SIGSTOP): connections stay open but nothing answers, like a hung server. */
  pauseRedis(): void;
  resumeRedis(): void;
  /** A connection to this server as the app opens one for REDIS_URL; stop() closes it. */
  connect(): TcpRedis;
  /**
   * A Kv on this server with its own key prefix, over TCP (the default, as `npm start` runs with
   * REDIS_URL) or through the bridge. The timeout defaults to 3 s, so tests of behaviour with Redis up
   * do not flake on a busy machine; pass `timeoutMs` to test timeouts.
   */
  createKv(options?: UpstashKvBehaviour & { token?: string }, transport?: KvTransport): Kv;
  /** A client straight to redis-server (past the bridge), to look at or set what the app stored; `stop` closes it. */
  connectRaw(): Promise<RawRedis>;
  /** Closes the raw clients and connections, then stops the bridge and redis-server. */
  stop(): Promise<void>;
}

const READY_LINE = /Ready to accept connections/i;

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const redisUrl = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined = await spawnRedis(port);
  const token = randomBytes(24).toString("hex");
  const bridge = await startBridge({ redisUrl, token, log: () => {} });
  await waitFor(() => bridge.isRedisReady(), 10_000, "the REST bridge to connect to the test redis-server");

  const rawClients: RawRedis[] = [];
  const connections: TcpRedis[] = [];
  const connect = () => {
    const connection = connectTcpRedis({ url: redisUrl, log: () => {} });
    connections.push(connection);
    return connection;
  };

  const stopRedis = async () => {
    const c = child;
    child = undefined;
    if (c) await stopProcess(c);
  };

  return {
    redisUrl,
    restUrl: bridge.url,
    token,
    bridge,
    stopRedis,
    startRedis: async () => {
      if (child) return;
      child = await spawnRedis(port);
      await waitFor(() => bridge.isRedisReady(), 10_000, "the REST bridge to reconnect to the test redis-server");
    },
    pauseRedis: () => {
      child?.kill("SIGSTOP");
    },
    resumeRedis: () => {
      child?.kill("SIGCONT");
    },
    connect,
    createKv: (options = {}, transport = "tcp") => {
      const behaviour = { prefix: `t${randomBytes(4).toString("hex")}:`, timeoutMs: 3_000, warn: () => {}, ...options };
      return transport === "tcp"
        ? createUpstashKv({ requester: createTcpRequester(connect()), ...behaviour })
        : createUpstashKv({ url: bridge.url, ...behaviour, token: options.token ?? token });
    },
    connectRaw: async () => {
      const raw: RawRedis = createClient({ url: redisUrl, RESP: 2 });
      raw.on("error", () => {});
      rawClients.push(raw);
      await raw.connect();
      return raw;
    },
    stop: async () => {
      for (const raw of rawClients.splice(0)) raw.destroy();
      for (const c of connections.splice(0)) c.close();
      await bridge.close();
      await stopRedis();
    },
  };
}

/** A private redis-server alone, for measurements: the app connects to it as `npm start` runs it (REDIS_URL). */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Process id of redis-server, for CPU accounting. */
  pid: number;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = await spawnRedis(port);
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopProcess(child) };
}

/** A URL on a port where nothing listens, for "Redis endpoint unreachable" tests. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Resolves once `check` is true, polling every 20 ms; rejects with a clear message after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function spawnRedis(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server on port ${port} did not become ready within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (READY_LINE.test(output)) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      process.off("exit", killOnExit);
      reject(
        e.code === "ENOENT"
          ? new Error(
              "redis-server is not on PATH. Integration tests start a private Redis: install it with `apt-get install redis-server`.",
            )
          : e,
      );
    });
    child.once("exit", (code, signal) => {
      process.off("exit", killOnExit);
      clearTimeout(timer);
      reject(new Error(`redis-server on port ${port} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    // A paused server ignores SIGTERM until resumed.
    child.kill("SIGCONT");
    child.kill("SIGKILL");
  });
}
