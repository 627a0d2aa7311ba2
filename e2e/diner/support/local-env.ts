/** Where the diner specs' own server listens when run with e2e/diner/playwright.local.config.ts. */
export const DINER_PORT = 3200;
export const DINER_BASE_URL = `http://127.0.0.1:${DINER_PORT}`;
export const DINER_DIST_DIR = ".next-diner";
