import Foundation
import TestSupport
import Yams

/// The stack's files, read in place from the repository this test was built from.
enum Repo {
    static var root: URL { SharedData.repositoryRoot }

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    /// Whether `path` (relative to the root, `./` allowed) names an existing file or directory.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: url(path.hasPrefix("./") ? String(path.dropFirst(2)) : path).path)
    }
}

struct StackConfigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A YAML file's root node, through Yams.
func parseYAML(_ text: String, name: String) throws -> Node {
    guard let root = try Yams.compose(yaml: text), root.mapping != nil else { throw StackConfigError("\(name): not a YAML mapping") }
    return root
}

extension Node {
    /// A scalar's text as written (a port stays "9470" whatever type YAML gives it).
    var text: String? { scalar?.string }
    /// A sequence's items; nothing for any other node.
    var items: [Node] { sequence.map { Array($0) } ?? [] }
    /// A mapping's entries with scalar keys, in file order.
    var entries: [(key: String, value: Node)] {
        mapping?.compactMap { pair in pair.key.text.map { (key: $0, value: pair.value) } } ?? []
    }

    /// The node at `keys`, one mapping key after another.
    func at(_ keys: String...) -> Node? {
        keys.reduce(Optional(self)) { node, key in node?[key] }
    }
}

/// `host:port`, as in scrape targets and URLs.
struct HostPort: Equatable, CustomStringConvertible {
    var host: String
    var port: Int
    var description: String { "\(host):\(port)" }

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        self.init(host: String(text[..<colon]), port: port)
    }

    /// The host and port of an http(s) or postgresql URL, with the scheme's default port.
    init?(url text: String) {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else { return nil }
        let defaults = ["http": 80, "https": 443, "postgresql": 5432, "postgres": 5432]
        guard let port = components.port ?? components.scheme.flatMap({ defaults[$0] }) else { return nil }
        self.init(host: host, port: port)
    }
}

/// docker-compose.yml, read the way `docker compose` reads the parts the stack depends on.
struct ComposeFile {
    struct Mount {
        var source: String
        var target: String
        var isBind: Bool
    }

    let root: Node

    init(_ text: String) throws { root = try parseYAML(text, name: "docker-compose.yml") }

    var serviceNames: [String] { root.at("services")?.entries.map(\.key) ?? [] }
    var declaredVolumes: Set<String> { Set(root.at("volumes")?.entries.map(\.key) ?? []) }

    func service(_ name: String) -> Node? { root.at("services", name) }

    /// `environment:` as a mapping or as a list of `NAME=value`.
    func environment(of name: String) -> [String: String] {
        guard let environment = service(name)?.at("environment") else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in environment.entries { result[key] = value.text ?? "" }
        for item in environment.items {
            guard let text = item.text else { continue }
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    /// `volumes:` in the short (`source:target[:mode]`) or the long syntax. A source that is a path
    /// (`./…`, `../…`, `/…`, `~…`) is a bind mount; any other names a volume.
    func mounts(of name: String) -> [Mount] {
        (service(name)?.at("volumes")?.items ?? []).compactMap { item in
            if let text = item.text {
                let parts = text.split(separator: ":").map(String.init)
                guard parts.count >= 2 else { return Mount(source: "", target: parts.first ?? "", isBind: false) }
                let isPath = ["./", "../", "/", "~"].contains { parts[0].hasPrefix($0) } || parts[0] == "."
                return Mount(source: parts[0], target: parts[1], isBind: isPath)
            }
            guard let target = item.at("target")?.text else { return nil }
            let type = item.at("type")?.text ?? "volume"
            return Mount(source: item.at("source")?.text ?? "", target: target, isBind: type == "bind")
        }
    }

    /// Container ports published by `ports:` (`"9470:9470"`, `"127.0.0.1:9470:9470"`, `"9470/tcp"`).
    func publishedContainerPorts(of name: String) -> [Int] {
        (service(name)?.at("ports")?.items ?? []).compactMap { item in
            if let text = item.text {
                let withoutProtocol = text.split(separator: "/").first.map(String.init) ?? text
                return withoutProtocol.split(separator: ":").last.flatMap { Int($0) }
            }
            return item.at("target")?.text.flatMap { Int($0) }
        }
    }

    /// The `command:` arguments, as a list or as one string.
    func command(of name: String) -> [String] {
        guard let command = service(name)?.at("command") else { return [] }
        if let text = command.text { return text.split(separator: " ").map(String.init) }
        return command.items.compactMap(\.text)
    }

    /// The value of a `--flag=value` in `command:`.
    func flag(_ flag: String, of name: String) -> String? {
        command(of: name).first { $0.hasPrefix("\(flag)=") }.map { String($0.dropFirst(flag.count + 1)) }
    }

    /// The path in the repository a container path of `service` comes from, through its bind mounts
    /// (the longest mount target that contains it).
    func hostPath(of containerPath: String, in name: String) -> String? {
        let candidates = mounts(of: name).filter { mount in
            mount.isBind && (containerPath == mount.target || containerPath.hasPrefix(mount.target.hasSuffix("/") ? mount.target : mount.target + "/"))
        }
        guard let mount = candidates.max(by: { $0.target.count < $1.target.count }) else { return nil }
        let rest = containerPath.dropFirst(mount.target.count).drop { $0 == "/" }
        return rest.isEmpty ? mount.source : "\(mount.source)/\(rest)"
    }

    /// The port each of the stack's services listens on inside its container: the images' defaults,
    /// changed by the flags and variables that move them.
    func listenPort(of name: String) -> Int? {
        switch name {
        case "commswatch": return environment(of: name)["COMMSWATCH_LISTEN"].flatMap { HostPort($0) }?.port
        case "prometheus": return flag("--web.listen-address", of: name).flatMap { HostPort($0) }?.port ?? 9090
        case "alertmanager": return flag("--web.listen-address", of: name).flatMap { HostPort($0) }?.port ?? 9093
        case "grafana": return environment(of: name)["GF_SERVER_HTTP_PORT"].flatMap { Int($0) } ?? 3000
        case "postgres": return 5432
        default: return nil
        }
    }

    /// Every variable the file's values interpolate (`$NAME`, `${NAME…}`), `$$` being a literal dollar.
    var interpolatedVariables: Set<String> {
        let values = StackChecks.leaves(of: root).map { $0.value.replacingOccurrences(of: "$$", with: "") }
        return Set(values.flatMap { $0.matches(of: #/\$\{?([A-Za-z_][A-Za-z0-9_]*)/#).map { String($0.output.1) } })
    }
}

/// A Dockerfile's stages and instructions: continuation lines joined, comments and blank lines dropped.
struct Dockerfile {
    struct Instruction {
        var keyword: String
        var arguments: String
        var line: Int
    }

    struct Stage {
        var image: String
        var name: String?
        var instructions: [Instruction] = []

        func all(_ keyword: String) -> [Instruction] { instructions.filter { $0.keyword == keyword } }
        func last(_ keyword: String) -> Instruction? { all(keyword).last }

        /// `ENV` settings of this stage, both `NAME=value …` and the old `NAME value` form.
        var environment: [String: String] {
            var result: [String: String] = [:]
            for instruction in all("ENV") {
                let words = Dockerfile.words(instruction.arguments)
                if words.count == 2, !words[0].contains("=") {
                    result[words[0]] = words[1]
                } else {
                    for word in words {
                        let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                        if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
                    }
                }
            }
            return result
        }

        /// The last `WORKDIR`, `/` without one.
        var workdir: String { last("WORKDIR")?.arguments ?? "/" }
    }

    /// `COPY`'s options, sources and destination.
    struct Copy {
        var from: String?
        var sources: [String]
        var destination: String
    }

    var stages: [Stage] = []

    init(_ text: String) {
        var logical: [(text: String, line: Int)] = []
        var pending = "", start = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && pending.isEmpty) { continue }
            if pending.isEmpty { start = index + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
            } else {
                pending += line
                if !pending.trimmingCharacters(in: .whitespaces).isEmpty { logical.append((pending, start)) }
                pending = ""
            }
        }
        for (text, line) in logical {
            let keyword = String(text.prefix { !$0.isWhitespace }).uppercased()
            let arguments = text.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            if keyword == "FROM" {
                let words = Self.words(arguments).filter { !$0.hasPrefix("--") }
                let name = words.count >= 3 && words[1].uppercased() == "AS" ? words[2] : nil
                stages.append(Stage(image: words.first ?? "", name: name))
            } else if !stages.isEmpty {
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments, line: line))
            }
        }
    }

    /// Whitespace-separated words, or the strings of an exec-form JSON array.
    static func words(_ arguments: String) -> [String] {
        if arguments.hasPrefix("["), let data = arguments.data(using: .utf8),
            let array = try? JSONSerialization.jsonObject(with: data) as? [String]
        {
            return array
        }
        return arguments.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    static func copy(_ instruction: Instruction) -> Copy {
        let words = words(instruction.arguments)
        let options = words.filter { $0.hasPrefix("--") }
        let paths = words.filter { !$0.hasPrefix("--") }
        let from = options.first { $0.hasPrefix("--from=") }.map { String($0.dropFirst("--from=".count)) }
        return Copy(from: from, sources: Array(paths.dropLast()), destination: paths.last ?? "")
    }
}

/// What Package.swift says about the resource bundles SwiftPM builds next to the executable.
enum PackageManifest {
    /// `<package>_<target>.resources` for every target that declares `resources:`.
    static func resourceBundles(in manifest: String) throws -> [String] {
        guard let package = manifest.firstMatch(of: #/Package\(\s*name:\s*"([^"]+)"/#)?.output.1 else {
            throw StackConfigError("Package.swift: no package name")
        }
        var bundles: [String] = []
        var searchFrom = manifest.startIndex
        while let open = manifest[searchFrom...].firstMatch(of: #/\.(?:target|executableTarget)\(/#) {
            var depth = 0, end = open.range.upperBound
            for index in manifest[manifest.index(before: open.range.upperBound)...].indices {
                if manifest[index] == "(" { depth += 1 }
                if manifest[index] == ")" { depth -= 1 }
                if depth == 0 { end = index; break }
            }
            let declaration = manifest[open.range.lowerBound...end]
            if declaration.contains("resources:"), let name = declaration.firstMatch(of: #/name:\s*"([^"]+)"/#)?.output.1 {
                bundles.append("\(package)_\(name).resources")
            }
            searchFrom = manifest.index(after: end)
        }
        return bundles
    }
}
