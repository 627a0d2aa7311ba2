import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { startBridge } from "@/lib/redis/bridge";

/**
 * Runs the Upstash REST bridge in front of a TCP Redis, for what speaks Upstash's HTTP protocol to a local
 * Redis (the app itself needs none: with REDIS_URL it connects over TCP):
 *   npm run redis:bridge -- [--redis-url redis://127.0.0.1:6379] [--port 8079] [--host 127.0.0.1] [--token T]
 * Defaults come from the app's own settings, so the same environment serves both: REDIS_URL for Redis,
 * UPSTASH_REDIS_REST_TOKEN for the token and the port of UPSTASH_REDIS_REST_URL when it is local.
 */
const { values } = parseArgs({
  options: {
    "redis-url": { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    token: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(
    "Usage: npm run redis:bridge -- [--redis-url URL] [--port N] [--host H] [--token T]\n" +
      "Defaults: REDIS_URL or redis://127.0.0.1:6379; port of UPSTASH_REDIS_REST_URL if local, else 8079;\n" +
      "host 127.0.0.1; token UPSTASH_REDIS_REST_TOKEN, else a random one (printed).",
  );
  process.exit(0);
}

const env = getEnv();
const restUrl = env.UPSTASH_REDIS_REST_URL ? new URL(env.UPSTASH_REDIS_REST_URL) : undefined;
const restIsLocal = restUrl && ["127.0.0.1", "localhost", "[::1]"].includes(restUrl.hostname);

const portText = values.port ?? (restIsLocal && restUrl.port ? restUrl.port : "8079");
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number between 0 and 65535 (got "${portText}").`);
  process.exit(1);
}
const redisUrl = values["redis-url"] ?? env.REDIS_URL ?? "redis://127.0.0.1:6379";
if (!/^rediss?:\/\//.test(redisUrl)) {
  console.error(`--redis-url must be a redis:// or rediss:// URL (got "${redisUrl}").`);
  process.exit(1);
}
const generated = !(values.token ?? env.UPSTASH_REDIS_REST_TOKEN);
const token = values.token ?? env.UPSTASH_REDIS_REST_TOKEN ?? randomBytes(24).toString("hex");

const bridge = await startBridge({ redisUrl, port, host: values.host ?? "127.0.0.1", token });
console.log(`Redis REST bridge on ${bridge.url} → ${redisUrl.replace(/\/\/[^@]*@/, "//***@")}`);
if (generated) console.log(`UPSTASH_REDIS_REST_URL=${bridge.url}\nUPSTASH_REDIS_REST_TOKEN=${token}`);
if (!bridge.isRedisReady()) console.warn("Redis is not reachable yet; answering 503 until it is.");

const shutdown = () => {
  void bridge.close().then(() => process.exit(0));
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
