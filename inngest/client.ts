import { Inngest, type ClientOptions } from "inngest";
import { getEnv } from "@/lib/env";

/**
 * The Inngest client, configured from lib/env.ts rather than letting the SDK find process.env
 * itself. INNGEST_DEV=1 talks to a local dev server (`npx inngest-cli@latest dev`); otherwise it is
 * cloud mode, which needs INNGEST_EVENT_KEY to send and INNGEST_SIGNING_KEY to serve.
 */
export function createInngestClient(overrides: Partial<ClientOptions> = {}): Inngest {
  const env = getEnv();
  return new Inngest({
    id: "tablekeep",
    isDev: env.INNGEST_DEV,
    ...(env.INNGEST_EVENT_KEY ? { eventKey: env.INNGEST_EVENT_KEY } : {}),
    ...(env.INNGEST_SIGNING_KEY ? { signingKey: env.INNGEST_SIGNING_KEY } : {}),
    ...(env.INNGEST_BASE_URL ? { baseUrl: env.INNGEST_BASE_URL } : {}),
    ...overrides,
  });
}

export const inngest = createInngestClient();
