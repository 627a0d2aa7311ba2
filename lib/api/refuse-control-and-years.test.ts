import { describe, expect, it } from "vitest";
import { z } from "zod";
import { API_ROUTES } from "@/lib/api/openapi";
import { INSTANTS, LOCAL_DATES, NUL } from "@/lib/testing/contract-cases";

/**
 * Every API route's body and query schema refuses a NUL byte in any text field and dates or instants
 * in absurd years (400, never a 500 from Postgres or date arithmetic). Each route's documentation
 * carries a valid example (`doc.example`, shown in the reference); the test checks that it parses, then
 * breaks it one field at a time, and also tries every string field the schema declares that the
 * example leaves out.
 */

/** A password is hashed, never stored or shown, and may contain anything. */
const exempt = (field: string) => /password$/.test(field);

type Path = (string | number)[];

function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [{ path, value }];
}

function withValue(value: Record<string, unknown>, path: Path, leaf: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let cur: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    cur[k] ??= {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = leaf;
  return copy;
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; allOf?: JsonSchema[] };

/** Paths of every property the schema says may be a string (the example may leave some out). */
function stringProperties(schema: JsonSchema, path: Path = []): Path[] {
  const alternatives = [schema, ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  const out: Path[] = [];
  if (path.length > 0 && alternatives.some((s) => s.type === "string" || (Array.isArray(s.type) && s.type.includes("string")))) out.push(path);
  for (const alt of alternatives) for (const [k, v] of Object.entries(alt.properties ?? {})) out.push(...stringProperties(v, [...path, k]));
  return out;
}

const routes = API_ROUTES.filter((r) => r.body || r.query).map((r) => ({ key: `${r.method} ${r.path}`, route: r }));

describe("every API route schema refuses NUL bytes and absurd years", () => {
  it("has an example for every route with a body or a query", () => {
    expect(routes.filter(({ route }) => (route.body && !route.example?.body) || (route.query && !route.example?.query)).map((r) => r.key)).toEqual([]);
  });

  for (const { key, route } of routes) {
    for (const part of ["body", "query"] as const) {
      const schema = route[part] as z.ZodType | undefined;
      if (!schema) continue;
      const example = route.example?.[part] ?? {};

      it(`${key} ${part}: the example is valid`, () => {
        const parsed = schema.safeParse(example);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      });

      // The fields come from what the reference shows; the parser that runs decides.
      const shown = (part === "body" ? route.bodyShown : undefined) ?? schema;
      const declared = stringProperties(z.toJSONSchema(shown, { io: "input", unrepresentable: "any" }) as JsonSchema);
      const fromExample = leaves(example).filter((l) => typeof l.value === "string").map((l) => l.path);
      const textPaths = [...new Map([...declared, ...fromExample].map((p) => [p.join("."), p])).values()].filter(
        (p) => !exempt(String(p[p.length - 1])),
      );

      it(`${key} ${part}: a NUL byte in any text field is refused (${textPaths.map((p) => p.join(".")).join(", ")})`, () => {
        for (const path of textPaths) {
          const current = leaves(example).find((l) => l.path.join(".") === path.join("."))?.value;
          const bad = withValue(example, path, `${typeof current === "string" ? current : "x"}${NUL}`);
          expect(schema.safeParse(bad).success, `${path.join(".")} accepted a NUL`).toBe(false);
        }
      });

      const temporal = leaves(example).filter((l) => typeof l.value === "string" && /^\d{4}-\d{2}-\d{2}/.test(l.value));
      if (temporal.length > 0) {
        it(`${key} ${part}: years 0001 and 9999 are refused (${temporal.map((l) => l.path.join(".")).join(", ")})`, () => {
          for (const { path, value } of temporal) {
            const isInstant = (value as string).includes("T");
            for (const absurd of isInstant ? [INSTANTS.year0001, INSTANTS.year9999] : [LOCAL_DATES.year0001, LOCAL_DATES.year9999]) {
              expect(schema.safeParse(withValue(example, path, absurd)).success, `${path.join(".")} = ${absurd}`).toBe(false);
            }
          }
        });
      }
    }
  }
});
