import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * Next's recommended rules, type-aware promise rules, and the layering of the README's architecture:
 * app/ → lib/<domain> services → db/ and lib/redis, one direction only.
 */

const DB_IMPORTS = {
  group: ["@/db", "@/db/*"],
  message: "app/ and components/ reach the database through lib/ services (layering). Import from lib/ instead.",
};
const APP_IMPORTS = {
  group: ["@/app", "@/app/*"],
  message: "lib/ and db/ never import app/: routes depend on services, not the other way round.",
};
const COMPONENT_IMPORTS = {
  group: ["@/components", "@/components/*"],
  message: "db/ holds data access only; it never imports UI.",
};
const NEXT_IMPORTS = {
  group: ["next", "next/*", "next-auth", "next-auth/*"],
  message:
    "Services never import next/* so actions, route handlers, jobs, scripts and tests share them. " +
    "Only lib/auth may use next-auth and next/*.",
};

const NEXT_AUTH_IMPORTS = {
  group: ["next-auth", "next-auth/*"],
  message: "Only lib/auth uses next-auth; call its functions instead.",
};

const restrict = (...patterns) => ["error", { patterns }];

export default defineConfig([
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "node_modules/**",
    ".data/**",
    "db/migrations/**",
    "next-env.d.ts",
    "coverage/**",
    "test-results/**",
    "playwright-report/**",
    "bench-results/**",
    "out/**",
  ]),
  ...nextVitals,
  ...nextTs,
  {
    name: "tablekeep/type-aware",
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // JSX handlers such as onSubmit={handleSubmit(save)} may return a promise; React ignores it.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  {
    // Playwright fixtures receive a callback named `use`, which the React hooks rules mistake for React's.
    name: "tablekeep/playwright",
    files: ["e2e/**/*.ts", "playwright.config.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    name: "tablekeep/layers/app-and-components",
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrict(DB_IMPORTS) },
  },
  {
    name: "tablekeep/layers/lib-services",
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/auth/**", "lib/actions/**", "lib/cli/**", "lib/testing/**"],
    rules: { "no-restricted-imports": restrict(APP_IMPORTS, NEXT_IMPORTS) },
  },
  {
    name: "tablekeep/layers/lib-auth",
    files: ["lib/auth/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrict(APP_IMPORTS) },
  },
  {
    // The server-action wrapper reads the request's headers; it reaches sessions through lib/auth.
    name: "tablekeep/layers/lib-actions",
    files: ["lib/actions/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrict(APP_IMPORTS, NEXT_AUTH_IMPORTS) },
  },
  {
    // Scripts and test helpers may drive Next itself (next build, next start), but not sessions.
    name: "tablekeep/layers/lib-scripts",
    files: ["lib/cli/**/*.{ts,tsx}", "lib/testing/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrict(APP_IMPORTS, NEXT_AUTH_IMPORTS) },
  },
  {
    name: "tablekeep/layers/db",
    files: ["db/**/*.ts"],
    rules: { "no-restricted-imports": restrict(APP_IMPORTS, COMPONENT_IMPORTS, NEXT_IMPORTS) },
  },
]);
