import { z } from "zod";

/**
 * In the browser zod parses without compiling code. Its compiled fast path first probes with
 * `new Function`, which our Content-Security-Policy (no 'unsafe-eval') refuses and reports as a
 * violation even though zod catches it. The probe runs when the first object schema is built, so
 * every module that builds schemas for the browser imports this one before building any.
 * The server keeps the fast path.
 */
if (typeof window !== "undefined") z.config({ jitless: true });
