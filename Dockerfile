# Candlewire: one image with the built web app and BFF, run by the production command (no npm,
# no wrapper: node is the process that gets SIGTERM, and it closes every client with 1012).
#   docker build --build-arg BUILD_COMMIT=$(git rev-parse --short HEAD) -t candlewire .
#   docker run --rm -p 8080:8080 --env-file .env candlewire

# --- build: install everything, build web + BFF, then keep production dependencies only ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/bff/package.json apps/bff/
COPY apps/web/package.json apps/web/
COPY packages/protocol/package.json packages/protocol/
COPY packages/market/package.json packages/market/
COPY packages/client/package.json packages/client/
RUN npm ci --no-audit --no-fund
COPY . .
ARG BUILD_COMMIT=unknown
RUN BUILD_COMMIT=$BUILD_COMMIT npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: node, the bundles, production node_modules; non-root ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/apps/bff/package.json /app/apps/bff/node-flags.json ./apps/bff/
COPY --from=build --chown=node:node /app/apps/bff/dist ./apps/bff/dist
COPY --from=build --chown=node:node /app/apps/bff/fixtures ./apps/bff/fixtures
COPY --from=build --chown=node:node /app/apps/web/dist ./apps/web/dist
USER node
EXPOSE 8080
# /readyz: pipeline loaded and the source up (node's fetch: the slim image has no curl).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The production command; its flags are apps/bff/node-flags.json (kept in step by a test).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "--max-semi-space-size=2", "apps/bff/dist/main.js"]
