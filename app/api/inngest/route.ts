import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

/**
 * Inngest calls this endpoint to discover and run the functions. In cloud mode it needs
 * INNGEST_SIGNING_KEY (requests are signed); with INNGEST_DEV=1 it serves the local dev server.
 */
export const { GET, POST, PUT } = serve({ client: inngest, functions });
