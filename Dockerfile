# syntax=docker/dockerfile:1
# Conduct in a container, for self-hosting (compose.yaml) or any container platform. The image runs
# the compiled build on a slim Node image, as the unprivileged "node" user, with production
# dependencies only. It needs MONGODB_URI and the settings in .env.example (docs/deploy.md).
ARG NODE_VERSION=20

# npm install rather than npm ci: the lockfile records only the optional native packages of the
# platform it was made on, which npm ci refuses; with a lockfile, npm install still installs exactly
# the locked versions. No install scripts run: nothing Conduct uses needs them.
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-slim AS production-dependencies
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
# Owned by root and only readable by "node": the running service cannot change its own code.
COPY --from=production-dependencies /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY --from=build /build/tab/dist ./tab/dist
COPY package.json ./
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--optimize-for-size", "dist/src/main.js"]
