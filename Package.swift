// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "commswatch",
    products: [
        .executable(name: "commswatch", targets: ["commswatch"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries used directly, through system-library module maps.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // epoll, eventfd, accept4 and sched_getcpu, which Swift's Glibc module leaves out.
        .systemLibrary(name: "CLinux"),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // The CPU's CRC-32C instruction, for the journal's checksums.
        .systemLibrary(name: "CCRC32C"),

        // Shared Prometheus vocabulary: names, label escaping, number formatting.
        .target(name: "PrometheusModel"),
        // Counters, gauges and histograms with a lock-free hot path.
        .target(name: "MetricRegistry", dependencies: ["PrometheusModel", "CLinux"]),
        // Text 0.0.4 and OpenMetrics 1.0.0 writers over registry snapshots.
        .target(name: "Exposition", dependencies: ["MetricRegistry", "PrometheusModel"]),
        // PromQL syntax: lexer, parser, AST with positions, type checks, printer.
        .target(name: "PromQL", dependencies: ["PrometheusModel"]),
        // Prometheus's PromQL test-script language (load/eval/clear), read into values, and result comparison.
        .target(name: "PromQLTestScript", dependencies: ["PrometheusModel"]),
        // Recent history of the registry's series, for in-process rule evaluation.
        .target(name: "SampleStore", dependencies: ["MetricRegistry", "PrometheusModel", "PromQL"]),
        // Replays PromQL test scripts through the engine over a SampleStore (`commswatch test promql`).
        .target(name: "PromQLConformance", dependencies: ["PromQL", "PromQLTestScript", "SampleStore", "PrometheusModel"]),
        // Prometheus rule files: the YAML schema, and validation that reports every error with its position.
        .target(name: "Rules", dependencies: ["PromQL", "PrometheusModel", "PromQLTestScript", "SampleStore", .product(name: "Yams", package: "Yams")]),
        // gzip streams over zlib, with a bound on decompressed size.
        .target(name: "Gzip", dependencies: ["CZlib"]),
        // Strict JSON reader built for the ingest hot path (a tape of nodes, no per-document allocation).
        .target(name: "JSONReader"),
        // Event catalog, validation, idempotency, event-to-metric rules, and the EventStore port ingest writes through.
        .target(
            name: "Ingest",
            dependencies: ["JSONReader", "MetricRegistry", "PrometheusModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // HTTP/1.1 message values, strict incremental request parser, response encoder.
        .target(name: "HTTPCore", dependencies: ["JSONReader"]),
        // Sockets, epoll event loops, connections, timeouts, routing.
        .target(name: "HTTPServer", dependencies: ["HTTPCore", "CLinux"]),
        // PostgreSQL through libpq: connections, parameterised statements, transactions, migrations.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        // The PostgreSQL event store (DATABASE_URL): events, idempotency keys, dispute state, daily_stats and the
        // alert outbox in PostgreSQL; its versioned schema.
        .target(name: "PostgresStore", dependencies: ["Postgres", "Ingest", "AlertDelivery", "PrometheusModel", "JSONReader"], resources: [.copy("Migrations")]),
        // The POSIX steps behind a durable write: whole writes, directory syncs.
        .target(name: "DurableFiles"),
        // Durable, checksummed, group-committed append-only log of records, written by one committer thread.
        .target(name: "EventJournal", dependencies: ["DurableFiles", "CLinux", "CCRC32C"]),
        // The embedded event store (the default): events in the EventJournal, replay, snapshots.
        .target(name: "JournalStore", dependencies: ["EventJournal", "Ingest", "MetricRegistry", "PrometheusModel"]),
        // Alert notifications: payloads per receiver, routing by labels, a durable outbox, retrying senders.
        .target(name: "AlertDelivery", dependencies: ["PrometheusModel", "PromQL", "DurableFiles", .product(name: "Yams", package: "Yams")]),
        // Grafana dashboards as code, from the metric catalog and the alert rules (`commswatch dashboards`).
        .target(name: "Dashboards", dependencies: ["Ingest", "Rules", "PromQL", "JSONReader"]),
        // Composition root: configuration, route handlers, self-metrics, lifecycle.
        .target(
            name: "CommsWatchApp",
            dependencies: [
                "HTTPCore", "HTTPServer", "MetricRegistry", "Exposition", "Gzip", "PrometheusModel", "Ingest", "Rules", "SampleStore",
                "PromQL", "AlertDelivery", "EventJournal", "JournalStore", "PostgresStore",
            ]
        ),
        .executableTarget(
            name: "commswatch",
            dependencies: [
                "CommsWatchApp", "Ingest", "Gzip", "Rules", "Dashboards", "PromQLConformance", "PromQLTestScript", "AlertDelivery", "EventJournal",
                "JournalStore", "Exposition", "MetricRegistry", "PrometheusModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks for docs/PERFORMANCE.md: swift run -c release commswatch-bench
        .executableTarget(
            name: "commswatch-bench",
            dependencies: ["CommsWatchApp", "Ingest", "MetricRegistry", "Exposition", "Gzip", "Rules", "PromQL", "SampleStore", "PrometheusModel", "EventJournal",
                "JournalStore", "PostgresStore",
            ]
        ),

        .target(name: "TestSupport", dependencies: ["HTTPServer", "HTTPCore"], path: "Tests/TestSupport"),
        .testTarget(name: "PrometheusModelTests", dependencies: ["PrometheusModel"]),
        .testTarget(name: "MetricRegistryTests", dependencies: ["MetricRegistry", "PrometheusModel"]),
        .testTarget(name: "ExpositionTests", dependencies: ["Exposition", "MetricRegistry", "TestSupport"]),
        .testTarget(name: "GzipTests", dependencies: ["Gzip"]),
        .testTarget(name: "EventJournalTests", dependencies: ["EventJournal", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "Postgres", "Ingest", "MetricRegistry", "TestSupport"]),
        .testTarget(name: "AlertDeliveryTests", dependencies: ["AlertDelivery", "PrometheusModel", "HTTPServer", "HTTPCore", "TestSupport"]),
        .testTarget(
            name: "RulesTests",
            dependencies: ["Rules", "PromQL", "PrometheusModel", "SampleStore", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PromQLTests",
            dependencies: ["PromQL", "PrometheusModel", "TestSupport", "SampleStore", "PromQLTestScript", "PromQLConformance"]
        ),
        .testTarget(name: "PromQLTestScriptTests", dependencies: ["PromQLTestScript", "PrometheusModel", "TestSupport"]),
        .testTarget(name: "SampleStoreTests", dependencies: ["SampleStore", "MetricRegistry", "PrometheusModel", "PromQL"]),
        .testTarget(name: "JSONReaderTests", dependencies: ["JSONReader", "TestSupport"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "MetricRegistry", "JSONReader", "TestSupport"]),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore", "TestSupport"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPCore", "TestSupport"]),
        .testTarget(name: "DashboardsTests", dependencies: ["Dashboards", "Ingest", "Rules", "PromQL", "TestSupport"]),
        .testTarget(name: "CommsWatchAppTests", dependencies: ["CommsWatchApp", "MetricRegistry", "Gzip", "TestSupport", "EventJournal", "JournalStore", "Ingest", "HTTPCore", "HTTPServer"]),
        .testTarget(name: "StackConfigTests", dependencies: ["TestSupport", .product(name: "Yams", package: "Yams")]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
