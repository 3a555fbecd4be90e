import Foundation
import PrometheusModel

/// The alerts' `ALERTS_FOR_STATE` samples, saved in the data directory after every evaluation so a
/// restart can restore how long each alert has been pending. Prometheus reads them back from its
/// TSDB; commswatch's history is in memory, so it keeps this small file instead.
struct AlertForStateFile: Sendable {
    let path: String

    private struct Document: Codable {
        var series: [Entry]
    }

    private struct Entry: Codable {
        var labels: [String: String]
        /// When the sample was written, Unix ms.
        var timestamp: Int64
        /// The alert's `activeAt`, Unix seconds (the sample's value).
        var activeAt: Double

        enum CodingKeys: String, CodingKey {
            case labels, timestamp
            case activeAt = "active_at"
        }
    }

    /// Replaces the file atomically (a temporary file renamed over it), so a crash mid-write leaves
    /// the previous state.
    func save(_ series: [Labels: Sample]) throws {
        let entries = series.sorted { $0.key < $1.key }.map { labels, sample in
            Entry(
                labels: Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0.value) }), timestamp: sample.timestamp,
                activeAt: sample.value)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(Document(series: entries)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The saved samples; empty when nothing was saved yet.
    func load() throws -> [Labels: Sample] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        var series: [Labels: Sample] = [:]
        for entry in document.series {
            series[Labels(entry.labels.map { ($0.key, $0.value) })] = Sample(timestamp: entry.timestamp, value: entry.activeAt)
        }
        return series
    }
}
