import type { TestProject } from "vitest/node";
import { createMigratedDatabase, dropDatabase, uniqueName } from "./db";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/** One migrated template per run; each integration test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const name = await createMigratedDatabase(uniqueName("tk_tpl"));
  project.provide("templateDb", name);
  return async () => {
    await dropDatabase(name);
  };
}
