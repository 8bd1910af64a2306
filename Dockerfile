# nbsync container image. Build from the repository root:
#   docker build -t nbsync:0.1.0 .
# Run: docker run -v ./nbsync.yaml:/config/nbsync.yaml:ro -v nbsync-data:/data -p 8080:8080 nbsync:0.1.0
# (server.listen must be 0.0.0.0:8080 inside the container; see docs/getting-started.md).
# Both stages use the same pinned Node 20 image, so the native module built in the first
# (better-sqlite3) runs in the second.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
# Toolchain for better-sqlite3 when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The rest of the context (.dockerignore keeps out state, secrets and what the build does not
# compile). tsconfig.build.json compiles src/, bench/ and the simulators of test/fakes with
# test/fixtures (and the test/helpers they use), which `nbsync demo` runs.
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

FROM node:20.20.2-bookworm-slim AS runtime
# git (+ ssh for sshKeyFile) for the git-inventory sink; ca-certificates for git over https.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 nbsync \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin nbsync \
 && mkdir -p /config /data \
 && chown 10001:10001 /data
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# openapi/nbsync.yaml is served at /docs.
COPY --from=build /src/openapi ./openapi
ENV NODE_ENV=production \
    HOME=/data \
    NBSYNC_CONFIG=/config/nbsync.yaml \
    NBSYNC_HEALTHCHECK_URL=http://127.0.0.1:8080/healthz
USER 10001:10001
VOLUME ["/config", "/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.NBSYNC_HEALTHCHECK_URL,{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/cli/bin.js"]
CMD ["serve", "--config", "/config/nbsync.yaml"]
