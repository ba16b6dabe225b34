# berthd (and the berth CLI) built from this repository.
# The daemon runs its own containerd (runc, CNI plugins, a static busybox for test images) inside
# this container, so the container must be privileged; its state lives in BERTH_DATA_DIR.
FROM node:20-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends containerd runc busybox-static containernetworking-plugins iptables iproute2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (better-sqlite3 builds from source here: node:20-bookworm has python3, make, g++).
COPY package.json package-lock.json ./
RUN npm ci

# Only what the build reads (not the host's node_modules, dist or data).
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
# The containerd .proto files are read at run time from libs/runtime/src (tsc does not emit them).
RUN npm run build && npm prune --omit=dev

ENV NODE_ENV=production \
    BERTH_DATA_DIR=/var/lib/berth \
    BERTH_HTTP_ADDR=0.0.0.0:8420
VOLUME ["/var/lib/berth"]
EXPOSE 8420

HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8420/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

CMD ["node", "dist/apps/berthd/main.js"]
