import "./zod-config";
import { z } from "zod";

/**
 * The one mechanical mapping between a contract (camelCase, as services and forms use it) and a
 * snake_case wire (the HTTP API, and the owner forms, whose field names are the API's): the same
 * field schemas under snake_case keys, nested objects too, parsing to the contract's camelCase
 * output, with the contract's cross-field rules run on that output. Field errors come back under
 * the wire names (their paths are snake-cased by the caller: lib/api/request.ts `fieldErrors`).
 * Arrays of plain objects (turn-time rules) are part of the value and keep their keys.
 */

type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/** A contract's input type under snake_case keys (objects nested in objects too; arrays untouched). */
type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

export type SnakeKeys<T> = T extends Date | readonly unknown[] | ((...args: never[]) => unknown)
  ? T
  : T extends object
    ? { [K in keyof T as SnakeCase<K & string>]: SnakeKeys<T[K]> }
    : T;

export const toSnakeCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
export const toCamelCase = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

type AnyObject = z.ZodObject<z.ZodRawShape>;

function wireField(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) return wireField(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodNullable) return wireField(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodObject) return wireObject(schema as AnyObject, {});
  return schema;
}

function wireObject(contract: AnyObject, extra: z.ZodRawShape): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(contract.shape)) shape[toSnakeCase(k)] = wireField(v as z.ZodType);
  const base = contract._zod.def.catchall instanceof z.ZodNever ? z.strictObject({ ...shape, ...extra }) : z.object({ ...shape, ...extra });
  const camelize = (wire: Record<string, unknown>) => Object.fromEntries(Object.entries(wire).map(([k, v]) => [toCamelCase(k), v]));
  const checks = (contract._zod.def.checks ?? []) as unknown as z.core.$ZodCheck<unknown>[];
  if (checks.length === 0) return base.transform(camelize);
  // The contract's cross-field rules, run on the camelCase value (even when a field failed, as the
  // contract itself would), reporting their paths in wire names.
  const rules = z.any().check(...checks);
  return base
    .superRefine((wire, ctx) => {
      const result = rules.safeParse(camelize(wire));
      for (const issue of result.error?.issues ?? []) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path.map((k) => (typeof k === "string" ? toSnakeCase(k) : k)) });
      }
    })
    .transform(camelize);
}

/**
 * `{ specialRequests: text }` → a schema for `{ special_requests }` whose output is `{ specialRequests }`.
 * `extra` adds wire-only fields (e.g. `restaurant_id` for an action), output camelCased as well.
 */
export function snakeCaseBody<C extends AnyObject, E extends z.ZodRawShape = Record<never, never>>(contract: C, extra?: E) {
  return wireObject(contract, extra ?? {}) as unknown as z.ZodType<
    z.output<C> & { [K in keyof E as CamelCase<K & string>]: z.output<E[K]> },
    SnakeKeys<z.input<C>> & { [K in keyof E]: z.input<E[K]> }
  >;
}

/** A form's camelCase values as the snake_case body an owner action or the API takes (top-level keys). */
export function toWireBody<T extends object>(values: T): SnakeKeys<T> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [toSnakeCase(k), v])) as SnakeKeys<T>;
}
