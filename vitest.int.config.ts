import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.int.test.ts", "inngest/**/*.int.test.ts", "db/**/*.int.test.ts"],
    environment: "node",
    globalSetup: ["lib/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Race tests saturate the pool; two files at a time keeps a 2-core machine honest.
    maxWorkers: 2,
    // next-auth imports `next/server` without an extension, which Node's resolver refuses; let Vite
    // resolve it so the Auth.js endpoints themselves can be tested.
    server: { deps: { inline: ["next-auth"] } },
  },
});
