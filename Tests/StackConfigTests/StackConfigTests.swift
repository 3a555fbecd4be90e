import Foundation
import TestSupport
import Testing
import Yams

/// docker-compose.yml, the Dockerfile, prometheus/, alertmanager/ and grafana/provisioning/ agree on
/// service names, ports, paths, database and user, and keep every secret out of the repository.
/// Nothing here starts a container: the files are read and cross-checked (and promtool checks
/// prometheus.yml), so a rename in one file that the others miss fails here, not at `docker compose up`.
struct StackConfigTests {
    func compose() throws -> ComposeFile { try ComposeFile(Repo.text("docker-compose.yml")) }
    func yaml(_ path: String) throws -> Node { try parseYAML(Repo.text(path), name: path) }

    @Test func composeRunsTheFiveServicesWiredToTheRepository() throws {
        let compose = try compose()
        #expect(Set(compose.serviceNames) == Set(StackChecks.services))
        let problems = StackChecks.composeProblems(compose, pathExists: Repo.exists)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func everyBindMountedPathIsInTheRepository() throws {
        let compose = try compose()
        let binds = compose.serviceNames.flatMap { compose.mounts(of: $0) }.filter(\.isBind)
        #expect(binds.count >= 5, "\(binds.map(\.source))")
        for mount in binds {
            #expect(Repo.exists(mount.source), "\(mount.source) is mounted at \(mount.target) but is not in the repository")
        }
    }

    @Test func prometheusScrapesAndAlertsTheComposeServices() throws {
        let problems = try StackChecks.prometheusProblems(yaml("prometheus/prometheus.yml"), compose: compose(), pathExists: Repo.exists)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func promtoolAcceptsTheConfigAndItsRules() throws {
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed; run .ci/install-deps")
        let result = try ExternalTool.run(promtool, ["check", "config", Repo.url("prometheus/prometheus.yml").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("SUCCESS: 1 rule files found"), "\(result.stdout)\(result.stderr)")
    }

    @Test func alertmanagerFindsItsConfigAndSecretsThroughTheMount() throws {
        let problems = try StackChecks.alertmanagerProblems(yaml("alertmanager/config.yml"), compose: compose(), pathExists: Repo.exists)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func grafanaDataSourcesPointAtTheComposeServices() throws {
        let datasources = try yaml("grafana/provisioning/datasources/datasources.yml")
        let uids = (datasources.at("datasources")?.items ?? []).compactMap { $0.at("uid")?.text }
        #expect(uids.contains("prometheus") && uids.contains("commswatch-postgres"), "\(uids)")
        let problems = try StackChecks.datasourceProblems(datasources, compose: compose())
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func grafanaLoadsTheDashboardsFromTheirMount() throws {
        let problems = try StackChecks.dashboardProviderProblems(yaml("grafana/provisioning/dashboards/dashboards.yml"), compose: compose())
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Each data source a committed dashboard names by uid is provisioned.
    @Test func dashboardsUseProvisionedDataSources() throws {
        let directory = Repo.url("grafana/dashboards")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".json") }.sorted() ?? []
        try #require(!files.isEmpty, "no dashboards in grafana/dashboards/")
        let dashboards = try files.map { file in
            (name: file, json: try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(file))))
        }
        let problems = try StackChecks.dashboardDatasourceProblems(dashboards: dashboards, datasources: yaml("grafana/provisioning/datasources/datasources.yml"))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func noSecretIsWrittenInTheCommittedConfiguration() throws {
        var problems = try StackChecks.composeSecretProblems(compose())
        for file in ["grafana/provisioning/datasources/datasources.yml", "grafana/provisioning/dashboards/dashboards.yml"] {
            problems += try StackChecks.provisioningSecretProblems(yaml(file), file: file)
        }
        problems += try StackChecks.alertmanagerSecretProblems(yaml("alertmanager/config.yml"))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Where the secrets do live, git does not look: .env, and alertmanager/secrets/ but its .gitignore.
    @Test func secretFilesAreIgnoredByGit() throws {
        let root = try Repo.text(".gitignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(root.contains("/.env") || root.contains(".env"), ".env is not in .gitignore")
        let secrets = try Repo.text("alertmanager/secrets/.gitignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(secrets.contains("*") && secrets.contains("!.gitignore"), "alertmanager/secrets/.gitignore must ignore everything but itself")
    }

    @Test func theDockerfileBuildsStaticallyAndRunsUnprivilegedWithItsResources() throws {
        let compose = try compose()
        let bundles = try PackageManifest.resourceBundles(in: Repo.text("Package.swift"))
        #expect(bundles.contains("commswatch_PostgresStore.resources"), "\(bundles)")
        let dockerfile = Dockerfile(try Repo.text("Dockerfile"))
        #expect(dockerfile.stages.count >= 2)
        let problems = StackChecks.dockerfileProblems(dockerfile, resourceBundles: bundles, listenPort: compose.listenPort(of: "commswatch"))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The build context is what .dockerignore lets through: everything the Dockerfile copies, nothing more.
    @Test func theBuildContextHoldsWhatTheDockerfileCopies() throws {
        let ignore = try Repo.text(".dockerignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(ignore.first == "*", ".dockerignore should start by leaving everything out")
        let allowed = ignore.filter { $0.hasPrefix("!") }.map { String($0.dropFirst()).trimmingSuffix("/") }
        let dockerfile = Dockerfile(try Repo.text("Dockerfile"))
        let sources = dockerfile.stages.flatMap { $0.all("COPY") }.map(Dockerfile.copy).filter { $0.from == nil }.flatMap(\.sources)
        for source in sources {
            let covered = allowed.contains { source == $0 || source.hasPrefix("\($0)/") || (source.hasSuffix("*") && $0.hasPrefix(source.dropLast())) }
            #expect(covered, "the Dockerfile copies \(source), which .dockerignore leaves out")
        }
        for secret in [".env", "alertmanager/secrets", ".build", ".git", "data"] {
            #expect(!allowed.contains { secret == $0 || secret.hasPrefix("\($0)/") }, "\(secret) is sent to the builder")
        }
    }

    /// README's "Run the full stack" names every variable docker-compose.yml reads.
    @Test func readmeDocumentsEveryVariableTheComposeFileReads() throws {
        let readme = try Repo.text("README.md")
        let start = try #require(readme.range(of: "## Run the full stack"), "README has no \"Run the full stack\" section")
        let section = readme[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        let text = section[..<end]
        let variables = try compose().interpolatedVariables
        #expect(variables.contains("POSTGRES_PASSWORD"))
        for variable in variables.sorted() {
            #expect(text.contains("`\(variable)`"), "README's \"Run the full stack\" does not document \(variable)")
        }
    }
}
