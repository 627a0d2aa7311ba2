/** Where the owner specs' own server listens when run with e2e/owner/playwright.local.config.ts. */
export const OWNER_PORT = 3300;
export const OWNER_BASE_URL = `http://127.0.0.1:${OWNER_PORT}`;
export const OWNER_DIST_DIR = ".next-owner";
