import type { z } from "zod";
import { invalidInput, type FieldErrors } from "@/lib/errors";
import { toSnakeCase } from "./wire";

/** zod issues → field errors keyed by the dotted path as the caller named it (`_` for the whole input). */
export function issueFields(error: z.ZodError, keyOf: (key: string) => string = (k) => k, root = "_"): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? root : issue.path.map((p) => keyOf(String(p))).join(".");
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * A service's own check of its input against its contract: callers (actions, routes) have parsed
 * already, so this only fails for a caller that skipped the contract, with a 400, never a 500.
 * `keys: "snake"` reports fields by their wire names, for services whose forms use those names.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: { keys?: "camel" | "snake" } = {}): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw invalidInput("Some fields need attention.", issueFields(result.error, options.keys === "snake" ? toSnakeCase : undefined));
  }
  return result.data;
}
