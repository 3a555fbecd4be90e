# syntax=docker/dockerfile:1
# commswatch in a container: compiled with the official Swift image, run on a slim Debian that holds
# only the shared libraries the binary links against. docker-compose.yml builds it as the
# `commswatch` service; on its own: docker build -t commswatch . && docker run -p 9470:9470 commswatch
#
# Both stages are Debian 12 (bookworm), on purpose. swift:6.3-bookworm is the official Swift image's
# Debian variant (plain swift:6.3 is Ubuntu 24.04), and debian:bookworm-slim has the same glibc (2.36)
# and the same sonames of libpq, zlib and libcurl that the binary is linked against in the first
# stage. Debian 12 is also what CI and .ci/install-deps run on, so the image holds the toolchain and
# libraries the test suite ran with. Moving to Ubuntu means changing both FROM lines together
# (swift:6.3-noble and ubuntu:24.04, where the libcurl package is libcurl4t64).

FROM swift:6.3-bookworm AS build

# Headers and pkg-config files of the C libraries used directly: the CLibPQ and CZlib system-library
# targets link -lpq and -lz, found through pkg-config (libpq.pc, zlib.pc). With a static Swift
# runtime the link also needs libcurl.so for FoundationNetworking (the image ships it; listed so the
# build does not depend on that): without it the link fails with "cannot find -lcurl".
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpq-dev zlib1g-dev libcurl4-openssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies first, so a change under Sources/ reuses this layer instead of fetching them again.
# (Package.* always matches Package.swift; Package.resolved comes along when the checkout has one.)
COPY Package.* ./
RUN swift package resolve

# The manifest names test targets too, so their folders must exist even though none is built here.
COPY Sources ./Sources
COPY Tests ./Tests

# Swift's runtime and Foundation are linked in statically; libpq, zlib, libcurl and glibc stay shared.
# SwiftPM puts each target's resources in a bundle directory next to the executable
# (PostgresStore's SQL migrations: commswatch_PostgresStore.resources), and Bundle.module looks for
# it beside the running binary, so it is staged with the binary and must travel with it.
RUN swift build -c release --product commswatch --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && mkdir -p /staging \
    && cp "$bin/commswatch" /staging/commswatch \
    && cp -R "$bin/commswatch_PostgresStore.resources" /staging/commswatch_PostgresStore.resources \
    && /staging/commswatch --help >/dev/null


FROM debian:bookworm-slim

# Only what the binary needs at run time. Its shared libraries (readelf -d: NEEDED) are libpq.so.5,
# libcurl.so.4, libz.so.1, libstdc++.so.6, libgcc_s.so.1 and glibc's; Swift's own are linked in.
#   libpq5             CLibPQ (PostgreSQL, when DATABASE_URL is set)
#   zlib1g             CZlib (gzip request and scrape bodies)
#   libcurl4           FoundationNetworking's URLSession, which delivers alerts (Alertmanager, Slack, ...)
#   libstdc++6, libgcc-s1  the Swift runtime's C++ support (already in the base image; named to keep them)
#   ca-certificates    HTTPS to Slack, Telegram, PagerDuty
#   tzdata             Foundation's time zones
#   curl               the HEALTHCHECK below (the slim image has no HTTP client of its own)
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpq5 zlib1g libcurl4 libstdc++6 libgcc-s1 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user that owns nothing but the data directory.
RUN groupadd --system --gid 10001 commswatch \
    && useradd --system --uid 10001 --gid commswatch --home-dir /app --no-create-home --shell /usr/sbin/nologin commswatch \
    && mkdir -p /app/prometheus /data \
    && chown commswatch:commswatch /data

WORKDIR /app
COPY --from=build /staging/commswatch /app/commswatch
COPY --from=build /staging/commswatch_PostgresStore.resources /app/commswatch_PostgresStore.resources
# The service loads prometheus/alerts.yml from its working directory when --rules is not given, the
# same file Prometheus loads (docker-compose.yml mounts the repository's copy over this one).
COPY prometheus/alerts.yml /app/prometheus/alerts.yml

# Listen on every interface of the container; keep the journal and alert state in the volume.
ENV COMMSWATCH_LISTEN=0.0.0.0:9470 \
    COMMSWATCH_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 9470

# commswatch:commswatch, numerically, so runtimes that require a non-root UID can verify it.
USER 10001:10001

# /healthz answers 200 while the process serves (/readyz would also wait for PostgreSQL and the rules).
# The port is COMMSWATCH_LISTEN's: change both together.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "3", "--output", "/dev/null", "http://127.0.0.1:9470/healthz"]

# SIGTERM (docker stop) makes it stop accepting, finish the requests in flight and exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/commswatch"]
CMD ["serve"]
