# One image recipe for every Bun app of the repository; APP names the folder whose
# src/main.ts the container runs (config-server, gateway, services/products, ...).
#   docker build --build-arg APP=services/products -t shopfront/products .
ARG BUN_VERSION=1.4.4

FROM oven/bun:${BUN_VERSION}-slim AS deps
WORKDIR /app
# the workspace manifests first: the dependency layer is rebuilt only when they change
COPY package.json bun.lock ./
# patches of dependencies (package.json's patchedDependencies), applied by the install
COPY patches/ patches/
COPY registry/package.json registry/
COPY config-server/package.json config-server/
COPY gateway/package.json gateway/
COPY mail-inbox/package.json mail-inbox/
COPY payment-sandbox/package.json payment-sandbox/
COPY services/kit/package.json services/kit/
COPY services/products/package.json services/products/
COPY services/cart/package.json services/cart/
COPY services/users/package.json services/users/
COPY services/sales/package.json services/sales/
COPY services/support/package.json services/support/
COPY services/web/package.json services/web/
COPY dev/package.json dev/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY deploy/package.json deploy/
COPY backup/package.json backup/
RUN bun install --frozen-lockfile --production --ignore-scripts

FROM oven/bun:${BUN_VERSION}-slim
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY --from=deps --chown=bun:bun /app /app
COPY --chown=bun:bun . .
RUN test -f "${APP}/src/main.ts" || (echo "APP=${APP} has no src/main.ts" && exit 1)
# where an app keeps files (the payment sandbox's payments, the nightly backups); a named
# volume mounted here inherits the owner
RUN mkdir -p /app/.data /app/backups && chown bun:bun /app/.data /app/backups
USER bun
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 CMD ["bun", "deploy/healthcheck.ts"]
CMD ["sh", "-c", "exec bun \"$APP/src/main.ts\""]
