import { errors, Redis, type Requester, type UpstashRequest, type UpstashResponse } from "@upstash/redis";
import { ErrorReply } from "redis";
import { upstashMode, UpstashRequestError, type TcpRedis } from "@/lib/redis/tcp";

/**
 * @upstash/redis's transport on a TCP connection in this process: each request it would POST to an
 * Upstash REST endpoint runs on `redis` instead, with no HTTP, JSON or second process in between.
 * Replies come back as the HTTP transport hands them to the client (already decoded), unless the
 * request asks for Upstash's base64 encoding itself.
 */
export function createTcpRequester(redis: TcpRedis): Requester {
  return {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const mode = upstashMode((req.path ?? []).join("/"));
      if (!mode) throw new errors.UpstashError(`Unknown endpoint /${(req.path ?? []).join("/")}: use /, /pipeline or /multi-exec`);
      try {
        // A pipeline's reply is a list of responses, as the pipeline expects from this same call over HTTP.
        return (await redis.execute(mode, req.body, asksBase64(req.headers))) as UpstashResponse<TResult>;
      } catch (e) {
        // What the REST endpoint answers with a 400, which the HTTP transport throws as an UpstashError.
        if (e instanceof UpstashRequestError || e instanceof ErrorReply) throw new errors.UpstashError(e.message);
        throw e;
      }
    },
  };
}

function asksBase64(headers: Record<string, string> | undefined): boolean {
  if (!headers) return false;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "upstash-encoding") return value.toLowerCase() === "base64";
  }
  return false;
}

/**
 * The client on a Requester of its own. Its constructor takes no options then, so this sets the one that
 * matters as the HTTP client is configured: values come back as stored and are parsed by the caller,
 * where a malformed one can be treated as a miss.
 */
export class RequesterRedis extends Redis {
  constructor(requester: Requester) {
    super(requester);
    this.opts = { automaticDeserialization: false };
  }
}
