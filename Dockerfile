# A Userstream worker: the headless `userstream run`, built JavaScript only (out/main), as a non-root user.
# Build: docker build -t userstream-worker .    Run: see the `worker` service in docker-compose.yml and README.md.

# Stage 1: install everything, build out/, then drop the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The Electron binary is for the desktop app; the worker never needs it.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx electron-vite build && npm prune --omit=dev --ignore-scripts

# Stage 2: the runtime: production node_modules, the built Node entries and the launcher, nothing else.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    USERSTREAM_DATA_DIR=/data \
    USERSTREAM_METRICS_PORT=9464 \
    USERSTREAM_METRICS_HOST=0.0.0.0
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/out/main ./out/main
COPY --from=build /app/bin/userstream.mjs ./bin/
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 9464
# Ready = consuming with both Kafka and Cassandra reachable (the image has no curl; Node's fetch does it).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.USERSTREAM_METRICS_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) drains: in-flight writes finish, offsets are committed, the heartbeat's tombstone is sent.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/userstream.mjs", "run"]
