import { z } from "zod";

/**
 * The one mechanical mapping between a contract (camelCase, as services and forms use it) and the
 * HTTP wire (snake_case): the same field schemas under snake_case keys, parsing to the contract's
 * camelCase output. Field errors come back under the wire names (lib/api/request.ts `fieldErrors`).
 */

type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

export type SnakeShape<Shape extends z.ZodRawShape> = { [K in keyof Shape as SnakeCase<K & string>]: Shape[K] };

export const toSnakeCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
export const toCamelCase = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `{ specialRequests: text }` → a schema for `{ special_requests }` whose output is `{ specialRequests }`. */
export function snakeCaseBody<Shape extends z.ZodRawShape>(contract: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(Object.entries(contract.shape).map(([k, v]) => [toSnakeCase(k), v])) as SnakeShape<Shape>;
  return z
    .object(shape)
    .transform((wire) => Object.fromEntries(Object.entries(wire).map(([k, v]) => [toCamelCase(k), v])) as z.output<z.ZodObject<Shape>>);
}
