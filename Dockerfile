# syntax=docker/dockerfile:1
# Tablekeep: one image for the app (Next's standalone server) and a `tools` stage for migrations and
# the Redis REST bridge. `docker compose up` (compose.yaml) runs two app instances behind a proxy.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build

# Migrations (`npx tsx lib/cli/db-migrate.ts`) and the bridge (`npx tsx lib/cli/redis-bridge.ts`):
# they need the sources and tsx, not the app image.
FROM build AS tools
ENV NODE_ENV=production
CMD ["npx", "tsx", "lib/cli/db-migrate.ts"]

FROM node:20-bookworm-slim AS app
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/lib/cli/append-peer.mjs ./append-peer.mjs
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/ping').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# The preload appends the connecting peer to X-Forwarded-For, so TRUSTED_PROXY_HOPS counts proxies.
CMD ["node", "--import", "./append-peer.mjs", "server.js"]
