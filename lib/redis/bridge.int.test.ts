import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestRedis, waitFor, type RawRedis, type TestRedis } from "@/lib/testing/redis";

let t: TestRedis;
let raw: RawRedis;

beforeAll(async () => {
  t = await startTestRedis();
  raw = await t.connectRaw();
});

afterAll(() => t?.stop());

afterEach(() => {
  vi.restoreAllMocks();
});

function client(options: { autoPipeline?: boolean; base64?: boolean; token?: string } = {}) {
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

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(t.restUrl + path, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json", ...headers },
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const UNICODE = ["😀🎉👩‍👩‍👧", "東京の寿司と한국어", "crème brûlée, naïve façade, Ångström", "mixed: ñ 中 🍣 \u0000 end"];

describe("REST bridge: commands", () => {
  it("runs a single command at POST / and answers {result}", async () => {
    expect(await post("/", JSON.stringify(["set", "b:single", "v1"]))).toEqual({ status: 200, body: { result: "OK" } });
    expect(await post("/", JSON.stringify(["get", "b:single"]))).toEqual({ status: 200, body: { result: "v1" } });
    expect(await raw.get("b:single")).toBe("v1");
  });

  it("passes numbers as arguments and returns integers raw", async () => {
    await post("/", JSON.stringify(["set", "b:num", 41, "px", 60_000]));
    expect(await post("/", JSON.stringify(["incr", "b:num"]), { "upstash-encoding": "base64" })).toEqual({
      status: 200,
      body: { result: 42 },
    });
    const pttl = await raw.pTTL("b:num");
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("answers a Redis error with 400 and its message, and the client throws it", async () => {
    await raw.set("b:text", "abc");
    const res = await post("/", JSON.stringify(["incr", "b:text"]));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringMatching(/not an integer/) });
    await expect(client().incr("b:text")).rejects.toThrow(/not an integer/);
  });

  it("works through @upstash/redis for single commands (POST /)", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const redis = client();
    expect(await redis.set("b:c1", "hello", { px: 10_000 })).toBe("OK");
    expect(await redis.get("b:c1")).toBe("hello");
    expect(await redis.get("b:missing")).toBeNull();
    expect(await redis.incr("b:c2")).toBe(1);
    expect(await redis.ping()).toBe("PONG");
    const urls = fetchSpy.mock.calls.map(([u]) => new URL(String(u)).pathname);
    expect(urls).toEqual(["/", "/", "/", "/", "/"]);
  });

  it("runs an explicit pipeline at /pipeline, keeping per-command errors apart", async () => {
    const redis = client();
    await raw.set("b:p:text", "x");
    const p = redis.pipeline();
    p.set("b:p1", "one");
    p.get("b:p1");
    p.incr("b:p:text");
    p.incr("b:p:n");
    const res = await p.exec({ keepErrors: true });
    expect(res.map((r) => r.result)).toEqual(["OK", "one", undefined, 1]);
    expect(res[2]!.error).toMatch(/not an integer/);
  });

  it("auto-pipelines concurrent commands into one /pipeline request", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const redis = client({ autoPipeline: true });
    await raw.set("b:ap:a", "A");
    await raw.set("b:ap:b", "B");
    const results = await Promise.all([redis.get("b:ap:a"), redis.get("b:ap:b"), redis.get("b:ap:none"), redis.exists("b:ap:a")]);
    expect(results).toEqual(["A", "B", null, 1]);
    const paths = fetchSpy.mock.calls.map(([u]) => new URL(String(u)).pathname);
    expect(paths).toEqual(["/pipeline"]);
  });

  it("runs a transaction at /multi-exec atomically", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const redis = client();
    const tx = redis.multi();
    tx.set("b:m:k", "v");
    tx.incr("b:m:n");
    tx.incr("b:m:n");
    tx.get("b:m:k");
    expect(await tx.exec()).toEqual(["OK", 1, 2, "v"]);
    expect(new URL(String(fetchSpy.mock.calls[0]![0])).pathname).toBe("/multi-exec");
  });

  it("reports a command that fails inside a transaction without undoing the others", async () => {
    await raw.set("b:m2:text", "x");
    const res = await post(
      "/multi-exec",
      JSON.stringify([
        ["set", "b:m2:a", "1"],
        ["incr", "b:m2:text"],
        ["incr", "b:m2:a"],
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ result: "OK" }, { error: expect.stringMatching(/not an integer/) }, { result: 2 }]);
  });

  it("refuses a whole transaction that Redis aborts, with 400", async () => {
    const res = await post("/multi-exec", JSON.stringify([["set", "b:m3", "1"], ["nosuchcommand"]]));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringMatching(/unknown command/i) });
    expect(await raw.exists("b:m3")).toBe(0);
  });
});

describe("REST bridge: Upstash-only script flags", () => {
  const script = `#!lua flags=allow-key-locking\nreturn redis.call("incr", KEYS[1])`;
  const originalSha = createHash("sha1").update(script).digest("hex");

  it("runs EVAL of a script flagged allow-key-locking, which Redis alone refuses", async () => {
    await expect(raw.eval(script, { keys: ["b:s:direct"] })).rejects.toThrow(/allow-key-locking/);
    expect(await post("/", JSON.stringify(["eval", script, 1, "b:s:1"]))).toEqual({ status: 200, body: { result: 1 } });
  });

  it("answers EVALSHA of the original text's digest in one request once the script was seen", async () => {
    await post("/", JSON.stringify(["eval", script, 1, "b:s:2"]));
    expect(await post("/", JSON.stringify(["evalsha", originalSha, 1, "b:s:2"]))).toEqual({ status: 200, body: { result: 2 } });
  });

  it("returns the original digest from SCRIPT LOAD", async () => {
    const other = `#!lua flags=allow-key-locking,no-writes\nreturn redis.call("get", KEYS[1])`;
    const sha = createHash("sha1").update(other).digest("hex");
    expect(await post("/", JSON.stringify(["script", "load", other]))).toEqual({ status: 200, body: { result: sha } });
    await raw.set("b:s:3", "x");
    expect(await post("/", JSON.stringify(["evalsha", sha, 1, "b:s:3"]))).toEqual({ status: 200, body: { result: "x" } });
  });

  it("lets @upstash/ratelimit run against a plain Redis", async () => {
    const limiter = new Ratelimit({
      redis: client({ autoPipeline: true }),
      limiter: Ratelimit.slidingWindow(2, "60 s"),
      prefix: "b:rl",
      analytics: false,
      ephemeralCache: false,
    });
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await limiter.limit("who")).success);
    expect(results).toEqual([true, true, false]);
  });
});

describe("REST bridge: base64 encoding", () => {
  it("round-trips Unicode values through @upstash/redis (base64 replies)", async () => {
    const redis = client();
    for (const [i, value] of UNICODE.entries()) {
      await redis.set(`b:u:${i}`, value);
      expect(await redis.get(`b:u:${i}`)).toBe(value);
      expect(await raw.get(`b:u:${i}`)).toBe(value);
    }
    expect(await redis.mget(...UNICODE.map((_, i) => `b:u:${i}`), "b:u:none")).toEqual([...UNICODE, null]);
  });

  it("round-trips Unicode values without base64 too", async () => {
    const redis = client({ base64: false });
    for (const [i, value] of UNICODE.entries()) {
      await redis.set(`b:u2:${i}`, value);
      expect(await redis.get(`b:u2:${i}`)).toBe(value);
    }
  });

  it("encodes every string (status and bulk) as base64 of its UTF-8 bytes, and leaves integers and null raw", async () => {
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
    const h = { "upstash-encoding": "base64" };
    expect((await post("/", JSON.stringify(["set", "b:e", "é😀"]), h)).body).toEqual({ result: b64("OK") });
    expect((await post("/", JSON.stringify(["get", "b:e"]), h)).body).toEqual({ result: b64("é😀") });
    expect((await post("/", JSON.stringify(["get", "b:e:none"]), h)).body).toEqual({ result: null });
    expect((await post("/", JSON.stringify(["strlen", "b:e"]), h)).body).toEqual({ result: 6 });
    expect((await post("/", JSON.stringify(["ping"]), h)).body).toEqual({ result: b64("PONG") });
  });

  it("encodes arrays element by element, nested ones too", async () => {
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
    const h = { "upstash-encoding": "base64" };
    const script = `return {1, "é", {"😀", 2, {"中"}}, false}`;
    const res = await post("/", JSON.stringify(["eval", script, 0]), h);
    // Lua false becomes a RESP null.
    expect(res.body).toEqual({ result: [1, b64("é"), [b64("😀"), 2, [b64("中")]], null] });
    const plain = await post("/", JSON.stringify(["eval", script, 0]));
    expect(plain.body).toEqual({ result: [1, "é", ["😀", 2, ["中"]], null] });
  });

  it("decodes nested arrays through @upstash/redis (XRANGE-style replies)", async () => {
    const redis = client();
    const result = await redis.eval(`return {{"a", "ü"}, {"b", "🍣"}}`, [], []);
    expect(result).toEqual([
      ["a", "ü"],
      ["b", "🍣"],
    ]);
  });

  it("encodes pipeline replies with base64 too", async () => {
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
    await raw.set("b:pe", "日本");
    const res = await post("/pipeline", JSON.stringify([["get", "b:pe"], ["incr", "b:pe:n"], ["get", "b:pe:none"]]), {
      "upstash-encoding": "base64",
    });
    expect(res.body).toEqual([{ result: b64("日本") }, { result: 1 }, { result: null }]);
  });
});

describe("REST bridge: refusals", () => {
  it("refuses a request without a token with 401", async () => {
    const res = await fetch(t.restUrl, { method: "POST", body: JSON.stringify(["get", "k"]) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("refuses a wrong token with 401, and the client reports it", async () => {
    const res = await post("/", JSON.stringify(["get", "k"]), { authorization: `Bearer ${t.token}x` });
    expect(res.status).toBe(401);
    await expect(client({ token: "wrong" }).get("k")).rejects.toThrow(/Unauthorized/);
  });

  it("answers malformed JSON with 400 and a clear message", async () => {
    expect(await post("/", "{not json")).toEqual({ status: 400, body: { error: "Malformed JSON body" } });
    expect(await post("/pipeline", "[[")).toEqual({ status: 400, body: { error: "Malformed JSON body" } });
    expect((await post("/", "")).status).toBe(400);
  });

  it("answers bodies of the wrong shape with 400", async () => {
    for (const body of ["{}", "[]", "[1, 2]", '["get", null]', '["get", {"a": 1}]', '"get"']) {
      const res = await post("/", body);
      expect(res.status, body).toBe(400);
      expect(res.body, body).toEqual({ error: expect.stringMatching(/Invalid/) });
    }
    for (const body of ['["get", "k"]', "[]", '[["get", "k"], "oops"]']) {
      expect((await post("/pipeline", body)).status, body).toBe(400);
      expect((await post("/multi-exec", body)).status, body).toBe(400);
    }
  });

  it("refuses commands that would block or change the shared connection", async () => {
    for (const cmd of [["subscribe", "ch"], ["blpop", "q", 0], ["select", 1], ["multi"], ["xread", "BLOCK", 0, "STREAMS", "s", "$"]]) {
      const res = await post("/", JSON.stringify(cmd));
      expect(res.status, JSON.stringify(cmd)).toBe(400);
      expect(res.body).toEqual({ error: expect.stringMatching(/not supported/) });
    }
  });

  it("answers unknown paths with 404 and other methods with 405", async () => {
    expect((await post("/nope", JSON.stringify(["get", "k"]))).status).toBe(404);
    const res = await fetch(t.restUrl + "/pipeline", { method: "PUT", headers: { authorization: `Bearer ${t.token}` } });
    expect(res.status).toBe(405);
  });
});

describe("REST bridge: Redis availability", () => {
  it("reports health at GET /healthz without a token", async () => {
    const res = await fetch(`${t.restUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers 503 while Redis is down and recovers when it is back", async () => {
    await t.stopRedis();
    try {
      await waitFor(() => !t.bridge.isRedisReady(), 5_000, "the bridge to notice Redis stopped");
      const res = await post("/", JSON.stringify(["get", "k"]));
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: expect.stringMatching(/Redis/) });
      expect((await post("/pipeline", JSON.stringify([["get", "k"]]))).status).toBe(503);
      expect((await post("/multi-exec", JSON.stringify([["get", "k"]]))).status).toBe(503);
      expect((await fetch(`${t.restUrl}/healthz`)).status).toBe(503);
    } finally {
      await t.startRedis();
    }
    expect(await post("/", JSON.stringify(["ping"]))).toEqual({ status: 200, body: { result: "PONG" } });
    // The raw test client reconnects on its own; wait for it so later tests can use it.
    await waitFor(() => raw.isReady, 5_000, "the inspection client to reconnect");
  });
});
