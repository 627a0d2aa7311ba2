import { isIP } from "node:net";
import { getEnv } from "@/lib/env";
import { invalidInput, type FieldErrors } from "@/lib/errors";
import type { z } from "zod";

/**
 * The client's address, the one every limit, audit and idempotency scope uses. Each proxy appends the
 * address it saw to X-Forwarded-For, and the app's own server appends its peer (lib/cli/serve.ts), so
 * only the rightmost `TRUSTED_PROXY_HOPS + 1` entries were written by machines we trust: the entry
 * that many places from the right is the client. Anything further left is whatever the client sent.
 */
export function clientAddress(headers: Headers, hops = getEnv().TRUSTED_PROXY_HOPS): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) return "unknown";
  // Fewer entries than trusted hops: the request skipped a proxy; the leftmost is the best we know.
  return normalizeAddress(entries[Math.max(0, entries.length - 1 - hops)]!);
}

/** `::ffff:203.0.113.5` and `203.0.113.5` are one client; anything that is not an address is "unknown". */
function normalizeAddress(raw: string): string {
  const address = raw.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(address) ? address.toLowerCase() : "unknown";
}

const tooLarge = (max: number) => invalidInput(`The request body is too large (at most ${max} bytes).`);

/**
 * Reads the body as text, refusing more than `max` bytes: by Content-Length when the client sends
 * one, and by counting while reading, since Content-Length may be absent or wrong.
 */
export async function readBodyText(req: Request, max: number): Promise<string> {
  const all = await readBodyBytes(req, max);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw invalidInput("The request body is not valid UTF-8.");
  }
}

/** The body's bytes, at most `max` (else `tooBig()`, by default a 400 naming the limit), read as readBodyText reads. */
export async function readBodyBytes(req: Request, max: number, tooBig: () => Error = () => tooLarge(max)): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > max) throw tooBig();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return all;
}

/** Parses JSON text; an empty body is `{}` so a missing body reports the missing fields. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidInput("The request body is not valid JSON.");
  }
}

export function toSnakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** zod issues → `fields` keyed by the snake_case path (`policy.hold_minutes`, `days.2`). */
export function fieldErrors(error: z.ZodError, root = "_"): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? root : issue.path.map((p) => toSnakeCase(String(p))).join(".");
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Query string → plain object; a repeated parameter keeps its first value. */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in out)) out[k] = v;
  return out;
}
