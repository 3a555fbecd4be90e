import Foundation
import Yams

/// The wiring rules of the stack, each a function from file contents to the problems found (empty
/// when the files agree). The tests run them on the committed files, and on broken copies to show
/// that each one catches what it is for.
enum StackChecks {
    static let services = ["commswatch", "postgres", "prometheus", "alertmanager", "grafana"]

    // MARK: docker-compose.yml

    static func composeProblems(_ compose: ComposeFile, pathExists: (String) -> Bool) -> [String] {
        var problems: [String] = []
        for name in services where compose.service(name) == nil { problems.append("no service \(name)") }
        for name in compose.serviceNames {
            for mount in compose.mounts(of: name) {
                if mount.isBind {
                    if mount.source.hasPrefix("/") || mount.source.hasPrefix("~") || mount.source.hasPrefix("../") {
                        problems.append("\(name): bind mount \(mount.source) is outside the repository")
                    } else if !pathExists(mount.source) {
                        problems.append("\(name): bind-mounted \(mount.source) does not exist in the repository")
                    }
                } else if !compose.declaredVolumes.contains(mount.source) {
                    problems.append("\(name): volume \(mount.source) is not declared under volumes:")
                }
            }
            if let listen = compose.listenPort(of: name) {
                for port in compose.publishedContainerPorts(of: name) where port != listen {
                    problems.append("\(name): publishes container port \(port) but listens on \(listen)")
                }
            }
        }
        let commswatch = compose.environment(of: "commswatch")
        if commswatch["COMMSWATCH_LISTEN"].flatMap { HostPort($0) }?.host != "0.0.0.0" {
            problems.append("commswatch: COMMSWATCH_LISTEN must listen on 0.0.0.0 to be reachable from the other containers")
        }
        if let url = commswatch["ALERTMANAGER_URL"], let target = HostPort(url: url) {
            problems += targetProblems(target, what: "commswatch's ALERTMANAGER_URL", compose: compose, expected: "alertmanager")
        } else {
            problems.append("commswatch: no ALERTMANAGER_URL pointing at the alertmanager service")
        }
        problems += databaseURLProblems(compose)
        if compose.service("commswatch")?.at("build") == nil { problems.append("commswatch: not built from the Dockerfile") }
        if compose.service("commswatch")?.at("depends_on", "postgres", "condition")?.text != "service_healthy" {
            problems.append("commswatch: must wait for postgres to be healthy (depends_on.postgres.condition: service_healthy)")
        }
        if compose.service("postgres")?.at("healthcheck", "test") == nil { problems.append("postgres: no healthcheck") }
        return problems
    }

    /// DATABASE_URL names the postgres service, its database and its user.
    static func databaseURLProblems(_ compose: ComposeFile) -> [String] {
        guard let text = compose.environment(of: "commswatch")["DATABASE_URL"], let url = URLComponents(string: text) else {
            return ["commswatch: no DATABASE_URL"]
        }
        var problems: [String] = []
        let postgres = compose.environment(of: "postgres")
        let database = String(url.path.drop { $0 == "/" })
        if let target = HostPort(url: text) {
            problems += targetProblems(target, what: "DATABASE_URL", compose: compose, expected: "postgres")
        }
        if database != (postgres["POSTGRES_DB"] ?? postgres["POSTGRES_USER"] ?? "postgres") {
            problems.append("DATABASE_URL's database \(database) is not the postgres service's POSTGRES_DB")
        }
        if url.user != (postgres["POSTGRES_USER"] ?? "postgres") {
            problems.append("DATABASE_URL's user \(url.user ?? "-") is not the postgres service's POSTGRES_USER")
        }
        if let password = url.password, !isEnvironmentReference(password) {
            problems.append("DATABASE_URL carries a literal password")
        }
        if url.password == nil, compose.environment(of: "commswatch")["PGPASSWORD"] == nil {
            problems.append("commswatch: DATABASE_URL has no password and no PGPASSWORD is set")
        }
        return problems
    }

    /// A `host:port` another container connects to: a service of the file, on the port it listens on.
    static func targetProblems(_ target: HostPort, what: String, compose: ComposeFile, expected: String? = nil) -> [String] {
        guard compose.service(target.host) != nil else { return ["\(what): \(target) is not a service of docker-compose.yml"] }
        var problems: [String] = []
        if let expected, target.host != expected { problems.append("\(what): \(target) should be the \(expected) service") }
        if let port = compose.listenPort(of: target.host), port != target.port {
            problems.append("\(what): \(target), but \(target.host) listens on \(port)")
        }
        return problems
    }

    // MARK: prometheus/prometheus.yml

    static func prometheusProblems(_ config: Node, compose: ComposeFile, pathExists: (String) -> Bool) -> [String] {
        var problems: [String] = []
        guard let configFile = compose.flag("--config.file", of: "prometheus") ?? Optional("/etc/prometheus/prometheus.yml"),
            let hostConfig = compose.hostPath(of: configFile, in: "prometheus"), pathExists(hostConfig)
        else {
            return ["prometheus: its --config.file is not a file of the repository mounted into the container"]
        }
        let configDirectory = (hostConfig as NSString).deletingLastPathComponent
        for file in config.at("rule_files")?.items.compactMap(\.text) ?? [] where !file.hasPrefix("/") {
            if !pathExists("\(configDirectory)/\(file)") { problems.append("prometheus.yml: rule file \(file) is not next to it") }
        }
        var jobs: [String: Node] = [:]
        for job in config.at("scrape_configs")?.items ?? [] {
            guard let name = job.at("job_name")?.text else { continue }
            jobs[name] = job
            for target in (job.at("static_configs")?.items ?? []).flatMap({ $0.at("targets")?.items ?? [] }).compactMap(\.text) {
                guard let hostPort = HostPort(target) else {
                    problems.append("prometheus.yml: job \(name): target \(target) is not host:port")
                    continue
                }
                if ["localhost", "127.0.0.1"].contains(hostPort.host) {
                    if name != "prometheus" || hostPort.port != compose.listenPort(of: "prometheus") {
                        problems.append("prometheus.yml: job \(name): \(target) is the Prometheus container itself, not a service")
                    }
                } else {
                    problems += targetProblems(hostPort, what: "prometheus.yml job \(name)", compose: compose)
                }
            }
        }
        if let commswatch = jobs["commswatch"] {
            if commswatch.at("metrics_path")?.text != "/api/metrics/prometheus" {
                problems.append("prometheus.yml: job commswatch must scrape /api/metrics/prometheus")
            }
            let targets = (commswatch.at("static_configs")?.items ?? []).flatMap { $0.at("targets")?.items ?? [] }.compactMap(\.text)
            if !targets.contains(where: { HostPort($0)?.host == "commswatch" }) {
                problems.append("prometheus.yml: job commswatch does not scrape the commswatch service")
            }
        } else {
            problems.append("prometheus.yml: no commswatch job")
        }
        let alertmanagers = (config.at("alerting", "alertmanagers")?.items ?? [])
            .flatMap { $0.at("static_configs")?.items ?? [] }.flatMap { $0.at("targets")?.items ?? [] }.compactMap(\.text)
        if alertmanagers.isEmpty { problems.append("prometheus.yml: sends alerts to no Alertmanager") }
        for target in alertmanagers {
            guard let hostPort = HostPort(target) else {
                problems.append("prometheus.yml: Alertmanager \(target) is not host:port")
                continue
            }
            problems += targetProblems(hostPort, what: "prometheus.yml alerting", compose: compose, expected: "alertmanager")
        }
        return problems
    }

    // MARK: alertmanager

    static func alertmanagerProblems(_ config: Node, compose: ComposeFile, pathExists: (String) -> Bool) -> [String] {
        var problems: [String] = []
        guard let configFile = compose.flag("--config.file", of: "alertmanager") ?? Optional("/etc/alertmanager/alertmanager.yml"),
            let hostConfig = compose.hostPath(of: configFile, in: "alertmanager"), pathExists(hostConfig)
        else {
            return ["alertmanager: its --config.file is not a file of the repository mounted into the container"]
        }
        for (key, value) in leaves(of: config) where key.hasSuffix("_file") {
            guard let host = compose.hostPath(of: value, in: "alertmanager") else {
                problems.append("alertmanager: \(key) \(value) is not mounted into the container")
                continue
            }
            let directory = (host as NSString).deletingLastPathComponent
            if !pathExists(directory) { problems.append("alertmanager: \(key) \(value) comes from \(directory), which is missing") }
        }
        return problems
    }

    // MARK: Grafana provisioning

    static func datasourceProblems(_ datasources: Node, compose: ComposeFile) -> [String] {
        var problems: [String] = []
        let list = datasources.at("datasources")?.items ?? []
        func datasource(uid: String) -> Node? { list.first { $0.at("uid")?.text == uid } }

        if let prometheus = datasource(uid: "prometheus") {
            if prometheus.at("type")?.text != "prometheus" { problems.append("datasource prometheus: type is not prometheus") }
            if prometheus.at("isDefault")?.bool != true { problems.append("datasource prometheus: not the default") }
            if let url = prometheus.at("url")?.text, let target = HostPort(url: url) {
                problems += targetProblems(target, what: "Grafana's Prometheus data source", compose: compose, expected: "prometheus")
            } else {
                problems.append("datasource prometheus: no http URL")
            }
        } else {
            problems.append("no data source with uid prometheus")
        }

        if let postgres = datasource(uid: "commswatch-postgres") {
            let type = postgres.at("type")?.text ?? ""
            if !["postgres", "grafana-postgresql-datasource"].contains(type) { problems.append("datasource commswatch-postgres: type \(type) is not PostgreSQL") }
            if let url = postgres.at("url")?.text, let target = HostPort(url) {
                problems += targetProblems(target, what: "Grafana's PostgreSQL data source", compose: compose, expected: "postgres")
            } else {
                problems.append("datasource commswatch-postgres: url is not host:port")
            }
            let service = compose.environment(of: "postgres")
            let database = postgres.at("jsonData", "database")?.text ?? postgres.at("database")?.text
            if database != service["POSTGRES_DB"] { problems.append("datasource commswatch-postgres: database \(database ?? "-") is not POSTGRES_DB") }
            if postgres.at("user")?.text != service["POSTGRES_USER"] { problems.append("datasource commswatch-postgres: user is not POSTGRES_USER") }
            if let url = compose.environment(of: "commswatch")["DATABASE_URL"].flatMap(URLComponents.init(string:)) {
                if url.user != postgres.at("user")?.text || String(url.path.dropFirst()) != database {
                    problems.append("datasource commswatch-postgres: not the database and user of commswatch's DATABASE_URL")
                }
            }
            if let password = postgres.at("secureJsonData", "password")?.text {
                for name in referencedVariables(password) where compose.environment(of: "grafana")[name] == nil {
                    problems.append("datasource commswatch-postgres: its password reads $\(name), which the grafana service is not given")
                }
            } else {
                problems.append("datasource commswatch-postgres: no password from the environment")
            }
        } else {
            problems.append("no data source with uid commswatch-postgres")
        }
        return problems
    }

    static func dashboardProviderProblems(_ providers: Node, compose: ComposeFile) -> [String] {
        var problems: [String] = []
        let mounts = compose.mounts(of: "grafana")
        let provisioning = compose.environment(of: "grafana")["GF_PATHS_PROVISIONING"] ?? "/etc/grafana/provisioning"
        if !mounts.contains(where: { $0.isBind && normalized($0.source) == "grafana/provisioning" && $0.target == provisioning }) {
            problems.append("grafana: ./grafana/provisioning is not mounted at \(provisioning)")
        }
        guard let dashboards = mounts.first(where: { $0.isBind && normalized($0.source) == "grafana/dashboards" }) else {
            return problems + ["grafana: ./grafana/dashboards is not mounted"]
        }
        let paths = (providers.at("providers")?.items ?? []).compactMap { $0.at("options", "path")?.text }
        if paths.isEmpty { problems.append("dashboards.yml: no file provider with a path") }
        for path in paths where path.trimmingSuffix("/") != dashboards.target.trimmingSuffix("/") {
            problems.append("dashboards.yml: provider path \(path) is not where ./grafana/dashboards is mounted (\(dashboards.target))")
        }
        return problems
    }

    /// Dashboards name data sources by uid: each must be provisioned (template variables and Grafana's
    /// built-in sources aside).
    static func dashboardDatasourceProblems(dashboards: [(name: String, json: Any)], datasources: Node) -> [String] {
        let provisioned = Set((datasources.at("datasources")?.items ?? []).compactMap { $0.at("uid")?.text })
        var problems: [String] = []
        func visit(_ value: Any, in name: String) {
            if let object = value as? [String: Any] {
                if let datasource = object["datasource"] as? [String: Any], let uid = datasource["uid"] as? String,
                    !uid.hasPrefix("$"), !uid.hasPrefix("-- "), uid != "grafana", !provisioned.contains(uid)
                {
                    problems.append("\(name): data source uid \(uid) is not provisioned")
                }
                for child in object.values { visit(child, in: name) }
            } else if let array = value as? [Any] {
                for child in array { visit(child, in: name) }
            }
        }
        for (name, json) in dashboards { visit(json, in: name) }
        return Array(Set(problems)).sorted()
    }

    // MARK: Secrets

    /// Values that hold a secret must come from the environment: in the compose file, `${NAME}` with
    /// no default (or an empty one); in Grafana's provisioning, `$NAME`; in Alertmanager's, a file.
    static func composeSecretProblems(_ compose: ComposeFile) -> [String] {
        var problems: [String] = []
        for name in compose.serviceNames {
            for (key, value) in compose.environment(of: name) where isSecretName(key) {
                if !isComposeInterpolationWithoutDefault(value) {
                    problems.append("\(name): \(key) is not taken from the environment as ${NAME}, ${NAME:?…} or ${NAME:-}")
                }
            }
            for (key, value) in compose.environment(of: name) where value.contains("://") {
                if let password = URLComponents(string: value)?.password, !isComposeInterpolationWithoutDefault(password) {
                    problems.append("\(name): \(key) holds a literal password")
                }
            }
        }
        return problems
    }

    static func provisioningSecretProblems(_ document: Node, file: String) -> [String] {
        leaves(of: document).filter { isSecretName($0.key) }.compactMap { key, value in
            isEnvironmentReference(value) ? nil : "\(file): \(key) is a literal value, not $NAME from the environment"
        }
    }

    static func alertmanagerSecretProblems(_ config: Node) -> [String] {
        let inline = ["api_url", "slack_api_url", "routing_key", "service_key", "auth_password", "auth_secret", "bot_token", "api_key", "password", "webhook_url"]
        return leaves(of: config).compactMap { key, value in
            let bare = key.split(separator: ".").last.map(String.init) ?? key
            guard inline.contains(bare) || inline.contains(bare.replacingOccurrences(of: "smtp_", with: "")) else { return nil }
            // Telegram's bot_token has no _file form in Alertmanager 0.25: a NAME_IN_CAPITALS placeholder is allowed.
            if value.wholeMatch(of: #/[A-Z][A-Z0-9_]*/#) != nil { return nil }
            return "alertmanager: \(key) is written inline; use its _file form under /etc/alertmanager/secrets/"
        }
    }

    // MARK: Dockerfile

    static func dockerfileProblems(_ dockerfile: Dockerfile, resourceBundles: [String], listenPort: Int?) -> [String] {
        var problems: [String] = []
        guard dockerfile.stages.count >= 2, let runtime = dockerfile.stages.last, let build = dockerfile.stages.first else {
            return ["Dockerfile: needs a build stage and a runtime stage (at least two FROM)"]
        }
        // Build stage: the official Swift image, the libraries' headers, a static, release build of the product.
        if !build.image.hasPrefix("swift:6.3") { problems.append("Dockerfile: the build stage is not the official swift:6.3 image (\(build.image))") }
        let buildRuns = build.all("RUN").map(\.arguments).joined(separator: "\n")
        for package in ["libpq-dev", "zlib1g-dev"] where !buildRuns.contains(package) {
            problems.append("Dockerfile: the build stage does not install \(package)")
        }
        for flag in ["swift build", "-c release", "--product commswatch", "--static-swift-stdlib"] where !buildRuns.contains(flag) {
            problems.append("Dockerfile: the build does not run with \(flag)")
        }
        // The runtime image is the build image's distribution, so glibc and sonames match.
        let runtimeFor: [(suffix: String, image: String)] = [("-bookworm", "debian:bookworm"), ("-noble", "ubuntu:24.04"), ("-jammy", "ubuntu:22.04")]
        let expected = runtimeFor.first { build.image.hasSuffix($0.suffix) }?.image ?? "ubuntu:24.04"
        if !runtime.image.hasPrefix(expected) {
            problems.append("Dockerfile: the runtime image \(runtime.image) is not \(expected), the distribution \(build.image) builds on")
        }
        let runtimeRuns = runtime.all("RUN").map(\.arguments).joined(separator: "\n")
        for package in ["libpq5", "zlib1g", "libcurl4", "ca-certificates", "tzdata"] where !runtimeRuns.contains(package) {
            problems.append("Dockerfile: the runtime stage does not install \(package)")
        }
        if runtimeRuns.contains("-dev ") || runtimeRuns.hasSuffix("-dev") { problems.append("Dockerfile: the runtime stage installs -dev packages") }

        // Not root.
        if let user = runtime.last("USER")?.arguments {
            let name = String(user.split(separator: ":").first ?? "")
            if name == "root" || name == "0" { problems.append("Dockerfile: the runtime stage runs as root (USER \(user))") }
        } else {
            problems.append("Dockerfile: the runtime stage has no USER, so it runs as root")
        }

        // Listening, exposed and health-checked on one port.
        let listen = runtime.environment["COMMSWATCH_LISTEN"].flatMap { HostPort($0) }
        if listen?.host != "0.0.0.0" { problems.append("Dockerfile: COMMSWATCH_LISTEN does not listen on 0.0.0.0") }
        if let listenPort, listen?.port != listenPort {
            problems.append("Dockerfile: COMMSWATCH_LISTEN's port is not \(listenPort), docker-compose.yml's")
        }
        let exposed = runtime.all("EXPOSE").flatMap { Dockerfile.words($0.arguments) }.compactMap { Int($0.split(separator: "/").first ?? "") }
        if let port = listen?.port, !exposed.contains(port) { problems.append("Dockerfile: EXPOSE does not include \(port)") }
        if let healthcheck = runtime.last("HEALTHCHECK")?.arguments {
            if !healthcheck.contains("/healthz") { problems.append("Dockerfile: the HEALTHCHECK does not ask /healthz") }
            if let port = listen?.port, !healthcheck.contains(":\(port)/") { problems.append("Dockerfile: the HEALTHCHECK does not use port \(port)") }
            // HEALTHCHECK [--option=…]… CMD ["program", …] | CMD program …: the program must be in the image.
            if let command = healthcheck.firstMatch(of: #/(?:^|\s)CMD\s+(.*)$/#)?.output.1 {
                let program = Dockerfile.words(String(command)).first ?? ""
                if ["curl", "wget"].contains(program), !runtimeRuns.contains(" \(program)") {
                    problems.append("Dockerfile: the HEALTHCHECK runs \(program), which the runtime stage does not install")
                }
            } else {
                problems.append("Dockerfile: the HEALTHCHECK has no CMD")
            }
        } else {
            problems.append("Dockerfile: no HEALTHCHECK in the runtime stage")
        }

        // The binary, its resource bundles beside it, the alert rules where the service looks for them.
        let copies = runtime.all("COPY").map(Dockerfile.copy)
        let buildNames = Set(dockerfile.stages.dropLast().compactMap(\.name) + dockerfile.stages.dropLast().indices.map(String.init))
        let fromBuild = copies.filter { $0.from.map(buildNames.contains) ?? false }
        func installedPath(_ copy: Dockerfile.Copy) -> [String] {
            copy.destination.hasSuffix("/") ? copy.sources.map { copy.destination + ($0 as NSString).lastPathComponent } : [copy.destination]
        }
        let installed = fromBuild.flatMap(installedPath).map { $0.hasPrefix("/") ? $0 : "\(runtime.workdir)/\($0)" }
        guard let binary = installed.first(where: { ($0 as NSString).lastPathComponent == "commswatch" }) else {
            return problems + ["Dockerfile: the runtime stage does not copy the commswatch binary from the build stage"]
        }
        let binDirectory = (binary as NSString).deletingLastPathComponent
        for bundle in resourceBundles where !installed.contains("\(binDirectory)/\(bundle)") {
            problems.append("Dockerfile: \(bundle) is not copied next to the binary (\(binDirectory)/\(bundle)); Bundle.module looks for it there")
        }
        for bundle in resourceBundles where !buildRuns.contains(bundle) {
            problems.append("Dockerfile: the build stage does not stage \(bundle) from the build folder")
        }
        let entrypoint = Dockerfile.words(runtime.last("ENTRYPOINT")?.arguments ?? "")
        if entrypoint.first != binary { problems.append("Dockerfile: ENTRYPOINT is not \(binary)") }

        let rulesDestination = runtime.environment["COMMSWATCH_RULES"] ?? "\(runtime.workdir)/prometheus/alerts.yml"
        let rules = copies.filter { $0.from == nil && $0.sources.contains("prometheus/alerts.yml") }.flatMap(installedPath)
            .map { $0.hasPrefix("/") ? $0 : "\(runtime.workdir)/\($0)" }
        if !rules.contains(rulesDestination) {
            problems.append("Dockerfile: prometheus/alerts.yml is not copied to \(rulesDestination), where the service loads its rules")
        }

        // The data directory is a volume the user may write.
        let dataDirectory = runtime.environment["COMMSWATCH_DATA_DIR"] ?? "\(runtime.workdir)/data"
        let volumes = runtime.all("VOLUME").flatMap { Dockerfile.words($0.arguments) }
        if !volumes.contains(dataDirectory) { problems.append("Dockerfile: the data directory \(dataDirectory) is not a VOLUME") }
        if !runtimeRuns.contains("chown") || !runtimeRuns.contains(dataDirectory) {
            problems.append("Dockerfile: the data directory \(dataDirectory) is not given to the service's user")
        }

        for instruction in dockerfile.stages.flatMap({ $0.all("ENV") + $0.all("ARG") }) {
            for word in Dockerfile.words(instruction.arguments) {
                let key = String(word.split(separator: "=").first ?? "")
                if isSecretName(key), word.contains("=") { problems.append("Dockerfile: line \(instruction.line) bakes a secret into the image (\(key))") }
            }
        }
        return problems
    }

    // MARK: Helpers

    /// Names of settings that hold secrets.
    static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        if upper.hasSuffix("_FILE") || upper.hasSuffix("_USER") { return false }
        return ["PASSWORD", "PASSWD", "TOKEN", "SECRET", "PII_KEY", "ROUTING_KEY", "API_KEY", "WEBHOOK_URL", "PRIVATE_KEY"]
            .contains { upper.contains($0) }
    }

    /// `${NAME}`, `${NAME:?message}`, `${NAME?message}`, `${NAME:-}` or `${NAME-}`: the value comes from
    /// the environment, and no fallback secret is written down.
    static func isComposeInterpolationWithoutDefault(_ value: String) -> Bool {
        value.wholeMatch(of: #/\$\{[A-Za-z_][A-Za-z0-9_]*(?:\}|:?\?[^}]*\}|:?-\})/#) != nil
    }

    /// `$NAME`, `${NAME…}`, Grafana's `$__env{NAME}` or `$__file{path}`.
    static func isEnvironmentReference(_ value: String) -> Bool {
        value.wholeMatch(of: #/\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+-][^}]*)?\}|__env\{[^}]+\}|__file\{[^}]+\})/#) != nil
    }

    static func referencedVariables(_ value: String) -> [String] {
        value.matches(of: #/\$(?:__env)?\{?([A-Za-z_][A-Za-z0-9_]*)/#).map { String($0.output.1) }
    }

    /// Every scalar of a YAML document with its dotted key path (sequence items keep their parent's key).
    static func leaves(of node: Node, path: String = "") -> [(key: String, value: String)] {
        if let text = node.text { return [(path, text)] }
        if node.mapping != nil {
            return node.entries.flatMap { leaves(of: $0.value, path: path.isEmpty ? $0.key : "\(path).\($0.key)") }
        }
        return node.items.flatMap { leaves(of: $0, path: path) }
    }

    static func normalized(_ source: String) -> String {
        source.hasPrefix("./") ? String(source.dropFirst(2)).trimmingSuffix("/") : source.trimmingSuffix("/")
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) && count > suffix.count ? String(dropLast(suffix.count)) : self
    }
}
