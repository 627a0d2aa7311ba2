import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTcpRequester, RequesterRedis } from "@/lib/redis/direct";
import type { TcpRedis } from "@/lib/redis/tcp";
import { startTestRedis, waitFor, type RawRedis, type TestRedis } from "@/lib/testing/redis";

/**
 * Upstash requests run on a TCP Redis (lib/redis/tcp.ts), reached both ways: in the app's process
 * through the Requester handed to @upstash/redis, and over HTTP through the REST bridge.
 */

let t: TestRedis;
let raw: RawRedis;
let connection: TcpRedis;

beforeAll(async () => {
  t = await startTestRedis();
  connection = t.connect();
  raw = await t.connectRaw();
});

afterAll(() => t?.stop());

afterEach(() => {
  vi.restoreAllMocks();
});

type Path = "/" | "/pipeline" | "/multi-exec";

interface Transport {
  name: string;
  /** An @upstash/redis client on this transport (over HTTP: base64 replies unless `base64: false`). */
  client(options?: { base64?: boolean }): Redis;
  /** One raw request: `ok` is false when the endpoint refused it (HTTP: a status other than 200). */
  send(path: Path, body: unknown, options?: { base64?: boolean }): Promise<{ ok: boolean; body: unknown }>;
  /** True once this transport's connection has noticed that redis-server is gone. */
  noticedDown(): boolean;
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(t.restUrl + path, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json", ...headers },
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

function httpClient(options: { autoPipeline?: boolean; base64?: boolean; token?: string } = {}) {
  return new Redis({
    url: t.restUrl,
    token: options.token ?? t.token,
    enableTelemetry: false,
    automaticDeserialization: false,
    enableAutoPipelining: options.autoPipeline ?? false,
    responseEncoding: options.base64 === false ? false : "base64",
    retry: false,
  });
}

const TRANSPORTS: Transport[] = [
  {
    name: "the app's process (Requester)",
    client: () => new RequesterRedis(createTcpRequester(connection)),
    async send(path, body, options = {}) {
      try {
        const reply = await createTcpRequester(connection).request({
          path: path.split("/").filter(Boolean),
          body,
          headers: options.base64 ? { "Upstash-Encoding": "base64" } : undefined,
        });
        return { ok: Array.isArray(reply) || reply.error === undefined, body: reply };
      } catch (e) {
        return { ok: false, body: { error: (e as Error).message } };
      }
    },
    noticedDown: () => !connection.isReady(),
  },
  {
    name: "HTTP (REST bridge)",
    client: (options) => httpClient(options),
    async send(path, body, options = {}) {
      const res = await post(path, JSON.stringify(body), options.base64 ? { "upstash-encoding": "base64" } : {});
      return { ok: res.status === 200, body: res.body };
    },
    noticedDown: () => !t.bridge.isRedisReady(),
  },
];

const UNICODE = ["😀🎉👩‍👩‍👧", "東京の寿司と한국어", "crème brûlée, naïve façade, Ångström", "mixed: ñ 中 🍣 \u0000 end"];
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe.each(TRANSPORTS)("Upstash requests through $name", (x) => {
  // Keys of their own per transport: both run against the one server.
  let n = 0;
  const k = (name: string) => `${x.name.slice(0, 4)}:${name}:${++n}`;

  describe("commands", () => {
    it("runs a single command and answers {result}", async () => {
      const key = k("single");
      expect(await x.send("/", ["set", key, "v1"])).toEqual({ ok: true, body: { result: "OK" } });
      expect(await x.send("/", ["get", key])).toEqual({ ok: true, body: { result: "v1" } });
      expect(await raw.get(key)).toBe("v1");
    });

    it("passes numbers as arguments and returns integers raw", async () => {
      const key = k("num");
      await x.send("/", ["set", key, 41, "px", 60_000]);
      expect(await x.send("/", ["incr", key], { base64: true })).toEqual({ ok: true, body: { result: 42 } });
      const pttl = await raw.pTTL(key);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(60_000);
    });

    it("answers a Redis error with its message, and the client throws it", async () => {
      const key = k("text");
      await raw.set(key, "abc");
      expect(await x.send("/", ["incr", key])).toEqual({ ok: false, body: { error: expect.stringMatching(/not an integer/) } });
      await expect(x.client().incr(key)).rejects.toThrow(/not an integer/);
    });

    it("works through @upstash/redis for single commands", async () => {
      const redis = x.client();
      const [c1, c2] = [k("c1"), k("c2")];
      expect(await redis.set(c1, "hello", { px: 10_000 })).toBe("OK");
      expect(await redis.get(c1)).toBe("hello");
      expect(await redis.get(k("missing"))).toBeNull();
      expect(await redis.incr(c2)).toBe(1);
      expect(await redis.ping()).toBe("PONG");
    });

    it("runs an explicit pipeline, keeping per-command errors apart", async () => {
      const redis = x.client();
      const [text, p1, pn] = [k("p:text"), k("p1"), k("p:n")];
      await raw.set(text, "x");
      const p = redis.pipeline();
      p.set(p1, "one");
      p.get(p1);
      p.incr(text);
      p.incr(pn);
      const res = await p.exec({ keepErrors: true });
      expect(res.map((r) => r.result)).toEqual(["OK", "one", undefined, 1]);
      expect(res[2]!.error).toMatch(/not an integer/);
    });

    it("runs a transaction atomically", async () => {
      const redis = x.client();
      const [mk, mn] = [k("m:k"), k("m:n")];
      const tx = redis.multi();
      tx.set(mk, "v");
      tx.incr(mn);
      tx.incr(mn);
      tx.get(mk);
      expect(await tx.exec()).toEqual(["OK", 1, 2, "v"]);
    });

    it("reports a command that fails inside a transaction without undoing the others", async () => {
      const [text, a] = [k("m2:text"), k("m2:a")];
      await raw.set(text, "x");
      const res = await x.send("/multi-exec", [
        ["set", a, "1"],
        ["incr", text],
        ["incr", a],
      ]);
      expect(res).toEqual({ ok: true, body: [{ result: "OK" }, { error: expect.stringMatching(/not an integer/) }, { result: 2 }] });
    });

    it("refuses a whole transaction that Redis aborts", async () => {
      const key = k("m3");
      const res = await x.send("/multi-exec", [["set", key, "1"], ["nosuchcommand"]]);
      expect(res).toEqual({ ok: false, body: { error: expect.stringMatching(/unknown command/i) } });
      expect(await raw.exists(key)).toBe(0);
    });

    it("refuses bodies of the wrong shape", async () => {
      for (const body of [{}, [], [1, 2], ["get", null], ["get", { a: 1 }], "get"]) {
        const res = await x.send("/", body);
        expect(res, JSON.stringify(body)).toEqual({ ok: false, body: { error: expect.stringMatching(/Invalid/) } });
      }
      for (const body of [["get", "k"], [], [["get", "k"], "oops"]]) {
        expect((await x.send("/pipeline", body)).ok, JSON.stringify(body)).toBe(false);
        expect((await x.send("/multi-exec", body)).ok, JSON.stringify(body)).toBe(false);
      }
    });

    it("refuses commands that would block or change the shared connection", async () => {
      for (const cmd of [["subscribe", "ch"], ["blpop", "q", 0], ["select", 1], ["multi"], ["xread", "BLOCK", 0, "STREAMS", "s", "$"]]) {
        expect(await x.send("/", cmd), JSON.stringify(cmd)).toEqual({ ok: false, body: { error: expect.stringMatching(/not supported/) } });
      }
    });
  });

  describe("Upstash-only script flags", () => {
    const script = `#!lua flags=allow-key-locking\nreturn redis.call("incr", KEYS[1])`;
    const originalSha = createHash("sha1").update(script).digest("hex");

    it("runs EVAL of a script flagged allow-key-locking, which Redis alone refuses", async () => {
      await expect(raw.eval(script, { keys: [k("s:direct")] })).rejects.toThrow(/allow-key-locking/);
      expect(await x.send("/", ["eval", script, 1, k("s:1")])).toEqual({ ok: true, body: { result: 1 } });
    });

    it("answers EVALSHA of the original text's digest in one request once the script was seen", async () => {
      const key = k("s:2");
      await x.send("/", ["eval", script, 1, key]);
      expect(await x.send("/", ["evalsha", originalSha, 1, key])).toEqual({ ok: true, body: { result: 2 } });
    });

    it("returns the original digest from SCRIPT LOAD", async () => {
      const other = `#!lua flags=allow-key-locking,no-writes\nreturn redis.call("get", KEYS[1])`;
      const sha = createHash("sha1").update(other).digest("hex");
      expect(await x.send("/", ["script", "load", other])).toEqual({ ok: true, body: { result: sha } });
      const key = k("s:3");
      await raw.set(key, "x");
      expect(await x.send("/", ["evalsha", sha, 1, key])).toEqual({ ok: true, body: { result: "x" } });
    });

    it("lets @upstash/ratelimit run against a plain Redis", async () => {
      const limiter = new Ratelimit({
        redis: x.client(),
        limiter: Ratelimit.slidingWindow(2, "60 s"),
        prefix: k("rl"),
        analytics: false,
        ephemeralCache: false,
      });
      const results = [];
      for (let i = 0; i < 3; i++) results.push((await limiter.limit("who")).success);
      expect(results).toEqual([true, true, false]);
    });
  });

  describe("encoding", () => {
    it("round-trips Unicode values through @upstash/redis", async () => {
      for (const base64 of [true, false]) {
        const redis = x.client({ base64 });
        const keys = UNICODE.map(() => k("u"));
        for (const [i, value] of UNICODE.entries()) {
          await redis.set(keys[i]!, value);
          expect(await redis.get(keys[i]!)).toBe(value);
          expect(await raw.get(keys[i]!)).toBe(value);
        }
        expect(await redis.mget(...keys, k("u:none"))).toEqual([...UNICODE, null]);
      }
    });

    it("hands back the exact bytes Redis holds, base64 when asked", async () => {
      const key = k("bytes");
      const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0xc3, 0xa9]);
      await raw.set(key, bytes);
      expect(await x.send("/", ["get", key], { base64: true })).toEqual({ ok: true, body: { result: bytes.toString("base64") } });
    });

    it("encodes every string (status and bulk) as base64 of its UTF-8 bytes, and leaves integers and null raw", async () => {
      const key = k("e");
      const h = { base64: true };
      expect((await x.send("/", ["set", key, "é😀"], h)).body).toEqual({ result: b64("OK") });
      expect((await x.send("/", ["get", key], h)).body).toEqual({ result: b64("é😀") });
      expect((await x.send("/", ["get", k("e:none")], h)).body).toEqual({ result: null });
      expect((await x.send("/", ["strlen", key], h)).body).toEqual({ result: 6 });
      expect((await x.send("/", ["ping"], h)).body).toEqual({ result: b64("PONG") });
    });

    it("encodes arrays element by element, nested ones too", async () => {
      const script = `return {1, "é", {"😀", 2, {"中"}}, false}`;
      // Lua false becomes a RESP null.
      expect((await x.send("/", ["eval", script, 0], { base64: true })).body).toEqual({ result: [1, b64("é"), [b64("😀"), 2, [b64("中")]], null] });
      expect((await x.send("/", ["eval", script, 0])).body).toEqual({ result: [1, "é", ["😀", 2, ["中"]], null] });
    });

    it("decodes nested arrays through @upstash/redis (XRANGE-style replies)", async () => {
      const result = await x.client().eval(`return {{"a", "ü"}, {"b", "🍣"}}`, [], []);
      expect(result).toEqual([
        ["a", "ü"],
        ["b", "🍣"],
      ]);
    });

    it("encodes pipeline replies with base64 too", async () => {
      const key = k("pe");
      await raw.set(key, "日本");
      const res = await x.send("/pipeline", [["get", key], ["incr", k("pe:n")], ["get", k("pe:none")]], { base64: true });
      expect(res.body).toEqual([{ result: b64("日本") }, { result: 1 }, { result: null }]);
    });
  });

  describe("Redis availability", () => {
    it("fails at once while Redis is down, and recovers when it is back", async () => {
      await t.stopRedis();
      try {
        await waitFor(() => x.noticedDown(), 5_000, "the connection to notice Redis stopped");
        const start = performance.now();
        expect(await x.send("/", ["get", "k"])).toEqual({ ok: false, body: { error: expect.stringMatching(/Redis/) } });
        expect((await x.send("/pipeline", [["get", "k"]])).ok).toBe(false);
        expect((await x.send("/multi-exec", [["get", "k"]])).ok).toBe(false);
        // No waiting on a Redis that is known to be gone (a busy machine still takes some milliseconds).
        expect(performance.now() - start).toBeLessThan(1_000);
      } finally {
        await t.startRedis();
      }
      await waitFor(async () => (await x.send("/", ["ping"])).ok, 5_000, "the connection to Redis to come back");
      expect(await x.send("/", ["ping"])).toEqual({ ok: true, body: { result: "PONG" } });
      // The raw test client reconnects on its own; wait for it so later tests can use it.
      await waitFor(() => raw.isReady, 5_000, "the inspection client to reconnect");
    });
  });
});

describe("REST bridge: HTTP", () => {
  it("answers a Redis error with 400, as Upstash does", async () => {
    await raw.set("b:text", "abc");
    expect((await post("/", JSON.stringify(["incr", "b:text"]))).status).toBe(400);
    expect((await post("/multi-exec", JSON.stringify([["nosuchcommand"]]))).status).toBe(400);
  });

  it("sends single commands to POST / and auto-pipelined ones to /pipeline", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    await httpClient().get("b:c1");
    await raw.set("b:ap:a", "A");
    await raw.set("b:ap:b", "B");
    const redis = httpClient({ autoPipeline: true });
    expect(await Promise.all([redis.get("b:ap:a"), redis.get("b:ap:b"), redis.get("b:ap:none"), redis.exists("b:ap:a")])).toEqual(["A", "B", null, 1]);
    const tx = httpClient().multi();
    tx.get("b:ap:a");
    await tx.exec();
    expect(fetchSpy.mock.calls.map(([u]) => new URL(String(u)).pathname)).toEqual(["/", "/pipeline", "/multi-exec"]);
  });

  it("refuses a request without a token with 401", async () => {
    const res = await fetch(t.restUrl, { method: "POST", body: JSON.stringify(["get", "k"]) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("refuses a wrong token with 401, and the client reports it", async () => {
    const res = await post("/", JSON.stringify(["get", "k"]), { authorization: `Bearer ${t.token}x` });
    expect(res.status).toBe(401);
    await expect(httpClient({ token: "wrong" }).get("k")).rejects.toThrow(/Unauthorized/);
  });

  it("answers malformed JSON and bodies of the wrong shape with 400 and a clear message", async () => {
    expect(await post("/", "{not json")).toEqual({ status: 400, body: { error: "Malformed JSON body" } });
    expect(await post("/pipeline", "[[")).toEqual({ status: 400, body: { error: "Malformed JSON body" } });
    expect((await post("/", "")).status).toBe(400);
    expect((await post("/", "[]")).status).toBe(400);
    expect((await post("/", '["subscribe", "ch"]')).status).toBe(400);
  });

  it("answers unknown paths with 404 and other methods with 405", async () => {
    expect((await post("/nope", JSON.stringify(["get", "k"]))).status).toBe(404);
    const res = await fetch(t.restUrl + "/pipeline", { method: "PUT", headers: { authorization: `Bearer ${t.token}` } });
    expect(res.status).toBe(405);
  });

  it("reports health at GET /healthz without a token, and 503 while Redis is down", async () => {
    const res = await fetch(`${t.restUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    await t.stopRedis();
    try {
      await waitFor(() => !t.bridge.isRedisReady(), 5_000, "the bridge to notice Redis stopped");
      expect((await fetch(`${t.restUrl}/healthz`)).status).toBe(503);
      expect((await post("/", JSON.stringify(["get", "k"]))).status).toBe(503);
    } finally {
      await t.startRedis();
    }
    await waitFor(() => raw.isReady, 5_000, "the inspection client to reconnect");
  });
});
