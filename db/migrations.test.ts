import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIR = path.join(import.meta.dirname, "migrations");
const journal = JSON.parse(readFileSync(path.join(DIR, "meta", "_journal.json"), "utf8")) as {
  entries: { idx: number; when: number; tag: string }[];
};

describe("the migrations folder", () => {
  it("journals every SQL file once, in numbered order, each with its snapshot", () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    journal.entries.forEach((e, i) => {
      expect(e.idx).toBe(i);
      expect(e.tag.startsWith(String(i).padStart(4, "0") + "_")).toBe(true);
    });
    const snapshots = readdirSync(path.join(DIR, "meta")).filter((f) => f.endsWith("_snapshot.json"));
    expect(snapshots).toHaveLength(journal.entries.length);
  });

  it("gives each migration a later timestamp than the one before, or a deployed database would skip it", () => {
    // The migrator applies only migrations whose timestamp is after the last one the database has
    // recorded; a migration merged with an older timestamp than its predecessor never runs there.
    const whens = journal.entries.map((e) => e.when);
    whens.slice(1).forEach((when, i) => expect(when).toBeGreaterThan(whens[i] ?? 0));
  });
});
