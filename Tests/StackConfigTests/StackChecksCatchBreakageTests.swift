import Foundation
import TestSupport
import Testing
import Yams

/// The checks of StackConfigTests, run on the committed files with one thing broken, find it: a
/// check that could not fail would pass these files whatever they said.
struct StackChecksCatchBreakageTests {
    /// `text` with `old` replaced by `new`; fails the test when `old` is not there (the file changed
    /// under the test, which then needs a new way to break it).
    func breaking(_ text: String, _ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(text.contains(old), "\(old) is no longer in the file", sourceLocation: sourceLocation)
        return text.replacingOccurrences(of: old, with: new)
    }

    func problems(_ problems: [String], mention text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(problems.contains { $0.contains(text) }, "no problem mentions \(text): \(problems)", sourceLocation: sourceLocation)
    }

    func composeText() throws -> String { try Repo.text("docker-compose.yml") }
    func yaml(_ path: String) throws -> Node { try parseYAML(Repo.text(path), name: path) }

    @Test func aMissingServiceOrMountSourceIsFound() throws {
        let renamed = try ComposeFile(breaking(composeText(), "\n  grafana:\n", "\n  grafana-oss:\n"))
        problems(StackChecks.composeProblems(renamed, pathExists: Repo.exists), mention: "no service grafana")
        let moved = try ComposeFile(breaking(composeText(), "./grafana/dashboards:", "./grafana/dashboard:"))
        problems(StackChecks.composeProblems(moved, pathExists: Repo.exists), mention: "./grafana/dashboard does not exist")
        let undeclared = try ComposeFile(breaking(composeText(), "  grafana-data:\n", ""))
        problems(StackChecks.composeProblems(undeclared, pathExists: Repo.exists), mention: "volume grafana-data is not declared")
    }

    @Test func aPortOrHostThatNoLongerMatchesIsFound() throws {
        let moved = try ComposeFile(breaking(composeText(), "COMMSWATCH_LISTEN: \"0.0.0.0:9470\"", "COMMSWATCH_LISTEN: \"0.0.0.0:9471\""))
        let prometheus = try yaml("prometheus/prometheus.yml")
        problems(StackChecks.prometheusProblems(prometheus, compose: moved, pathExists: Repo.exists), mention: "commswatch listens on 9471")
        problems(StackChecks.composeProblems(moved, pathExists: Repo.exists), mention: "publishes container port 9470 but listens on 9471")

        let loopback = try ComposeFile(breaking(composeText(), "COMMSWATCH_LISTEN: \"0.0.0.0:9470\"", "COMMSWATCH_LISTEN: \"127.0.0.1:9470\""))
        problems(StackChecks.composeProblems(loopback, pathExists: Repo.exists), mention: "0.0.0.0")

        let alertmanager = try ComposeFile(breaking(composeText(), "ALERTMANAGER_URL: http://alertmanager:9093", "ALERTMANAGER_URL: http://alertmanagr:9093"))
        problems(StackChecks.composeProblems(alertmanager, pathExists: Repo.exists), mention: "alertmanagr:9093 is not a service")

        let scrape = try parseYAML(breaking(Repo.text("prometheus/prometheus.yml"), "commswatch:9470", "commswatch:9000"), name: "prometheus.yml")
        problems(StackChecks.prometheusProblems(scrape, compose: try ComposeFile(composeText()), pathExists: Repo.exists), mention: "commswatch:9000")
    }

    @Test func aDataSourceThatDriftsFromTheServicesIsFound() throws {
        let compose = try ComposeFile(composeText())
        let datasources = try Repo.text("grafana/provisioning/datasources/datasources.yml")
        let host = try parseYAML(breaking(datasources, "http://prometheus:9090", "http://prom:9090"), name: "datasources.yml")
        problems(StackChecks.datasourceProblems(host, compose: compose), mention: "prom:9090 is not a service")
        let database = try parseYAML(breaking(datasources, "database: commswatch", "database: analytics"), name: "datasources.yml")
        problems(StackChecks.datasourceProblems(database, compose: compose), mention: "database analytics is not POSTGRES_DB")
        let uid = try parseYAML(breaking(datasources, "uid: commswatch-postgres", "uid: postgres"), name: "datasources.yml")
        problems(StackChecks.datasourceProblems(uid, compose: compose), mention: "no data source with uid commswatch-postgres")

        let user = try ComposeFile(breaking(composeText(), "postgresql://commswatch@postgres", "postgresql://grafana@postgres"))
        problems(StackChecks.databaseURLProblems(user), mention: "is not the postgres service's POSTGRES_USER")
        problems(StackChecks.datasourceProblems(try parseYAML(datasources, name: "datasources.yml"), compose: user), mention: "DATABASE_URL")

        let unpassed = try ComposeFile(breaking(composeText(), "      # Read by provisioning/datasources/datasources.yml ($POSTGRES_PASSWORD) for the PostgreSQL data source.\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (README, \"Run the full stack\")}\n", ""))
        problems(StackChecks.datasourceProblems(try parseYAML(datasources, name: "datasources.yml"), compose: unpassed), mention: "which the grafana service is not given")
    }

    @Test func aDashboardProviderLookingElsewhereIsFound() throws {
        let providers = try parseYAML(
            breaking(Repo.text("grafana/provisioning/dashboards/dashboards.yml"), "path: /var/lib/grafana/dashboards", "path: /etc/grafana/dashboards"),
            name: "dashboards.yml")
        problems(StackChecks.dashboardProviderProblems(providers, compose: try ComposeFile(composeText())), mention: "provider path /etc/grafana/dashboards")
        let dashboards: [(name: String, json: Any)] = [("x.json", ["panels": [["datasource": ["type": "prometheus", "uid": "prom"]]]])]
        problems(StackChecks.dashboardDatasourceProblems(dashboards: dashboards, datasources: try yaml("grafana/provisioning/datasources/datasources.yml")), mention: "uid prom is not provisioned")
    }

    @Test func aWrittenDownSecretIsFound() throws {
        let literal = try ComposeFile(breaking(composeText(), "GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?", "GF_SECURITY_ADMIN_PASSWORD: admin #${GRAFANA_ADMIN_PASSWORD:?"))
        problems(StackChecks.composeSecretProblems(literal), mention: "GF_SECURITY_ADMIN_PASSWORD")
        let fallback = try ComposeFile(breaking(composeText(), "PGPASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (README, \"Run the full stack\")}", "PGPASSWORD: ${POSTGRES_PASSWORD:-changeme}"))
        problems(StackChecks.composeSecretProblems(fallback), mention: "PGPASSWORD")
        let inURL = try ComposeFile(breaking(composeText(), "postgresql://commswatch@postgres", "postgresql://commswatch:hunter2@postgres"))
        problems(StackChecks.composeSecretProblems(inURL), mention: "DATABASE_URL holds a literal password")

        let datasource = try parseYAML(breaking(Repo.text("grafana/provisioning/datasources/datasources.yml"), "password: $POSTGRES_PASSWORD", "password: hunter2"), name: "datasources.yml")
        problems(StackChecks.provisioningSecretProblems(datasource, file: "datasources.yml"), mention: "secureJsonData.password is a literal value")

        let alertmanager = try parseYAML(
            breaking(Repo.text("alertmanager/config.yml"), "slack_api_url_file: /etc/alertmanager/secrets/slack_webhook_url", "slack_api_url: https://hooks.slack.com/services/T0/B0/x"),
            name: "config.yml")
        problems(StackChecks.alertmanagerSecretProblems(alertmanager), mention: "global.slack_api_url is written inline")
    }

    @Test func aDockerfileThatWouldNotWorkIsFound() throws {
        let text = try Repo.text("Dockerfile")
        let bundles = try PackageManifest.resourceBundles(in: Repo.text("Package.swift"))
        func check(_ broken: String) -> [String] { StackChecks.dockerfileProblems(Dockerfile(broken), resourceBundles: bundles, listenPort: 9470) }

        problems(check(try breaking(text, "USER 10001:10001", "USER root")), mention: "runs as root")
        problems(check(try breaking(text, "USER 10001:10001", "")), mention: "has no USER")
        problems(check(try breaking(text, "COPY --from=build /staging/commswatch_PostgresStore.resources /app/commswatch_PostgresStore.resources", "")),
                 mention: "commswatch_PostgresStore.resources is not copied next to the binary")
        problems(check(try breaking(text, "/app/commswatch_PostgresStore.resources\n", "/app/resources/commswatch_PostgresStore.resources\n")),
                 mention: "is not copied next to the binary")
        problems(check(try breaking(text, "EXPOSE 9470", "EXPOSE 8080")), mention: "EXPOSE does not include 9470")
        problems(check(try breaking(text, "HEALTHCHECK", "# HEALTHCHECK")), mention: "no HEALTHCHECK")
        problems(check(try breaking(text, "tzdata curl", "tzdata")), mention: "runs curl, which the runtime stage does not install")
        problems(check(try breaking(text, "--static-swift-stdlib \\", "\\")), mention: "--static-swift-stdlib")
        problems(check(try breaking(text, "FROM debian:bookworm-slim", "FROM ubuntu:24.04")), mention: "is not debian:bookworm")
        problems(check(try breaking(text, "COPY prometheus/alerts.yml /app/prometheus/alerts.yml", "COPY prometheus/alerts.yml /app/alerts.yml")),
                 mention: "prometheus/alerts.yml is not copied")
        problems(check(try breaking(text, "COMMSWATCH_LISTEN=0.0.0.0:9470", "COMMSWATCH_LISTEN=127.0.0.1:9470")), mention: "0.0.0.0")
        problems(check(try breaking(text, "VOLUME [\"/data\"]", "")), mention: "is not a VOLUME")

        // Another target with resources would need its bundle copied too.
        let more = StackChecks.dockerfileProblems(Dockerfile(text), resourceBundles: bundles + ["commswatch_Dashboards.resources"], listenPort: 9470)
        problems(more, mention: "commswatch_Dashboards.resources")
        let stages = Dockerfile(try breaking(text, "FROM swift:6.3-bookworm AS build", "")).stages.count
        #expect(stages == 1)
    }

    @Test func theManifestReaderFindsEveryResourceBundle() throws {
        let manifest = """
            let package = Package(
                name: "demo",
                targets: [
                    .target(name: "A", dependencies: ["B"], resources: [.copy("Migrations")]),
                    .target(name: "B"),
                    .executableTarget(
                        name: "C",
                        dependencies: [.product(name: "X", package: "x")],
                        resources: [.process("Static")]
                    ),
                ]
            )
            """
        #expect(try PackageManifest.resourceBundles(in: manifest) == ["demo_A.resources", "demo_C.resources"])
    }

    @Test func promtoolRejectsAConfigWhoseRuleFileIsMissing() throws {
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed; run .ci/install-deps")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stack-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("prometheus.yml")
        try Repo.text("prometheus/prometheus.yml").write(to: config, atomically: true, encoding: .utf8)
        let result = try ExternalTool.run(promtool, ["check", "config", config.path])
        #expect(result.status != 0, "promtool accepted a config without its alerts.yml")
    }
}
