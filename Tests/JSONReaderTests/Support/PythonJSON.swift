import Foundation
import TestSupport

/// Python's `json` module as an independent oracle.
///
/// Each document is decoded as strict UTF-8 and then given to `json.loads` with `parse_constant` raising (so `NaN`
/// and `Infinity`, which Python accepts and RFC 8259 forbids, are rejections). The answer per document is one line:
/// `ERR` if Python rejects it; `LONE` if it accepts it but a string holds an unpaired surrogate from a `\u` escape
/// (Python allows those, RFC 8259 §8.2 leaves them undefined, we reject them); otherwise `OK ` and a canonical form
/// that `Canonical.form(of:)` reproduces from a tape.
enum PythonJSON {
    enum Verdict: Equatable {
        case rejected
        case loneSurrogate
        case accepted(String)
    }

    static func verdicts(for documents: [[UInt8]]) throws -> [Verdict] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jsonreader-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in")
        let output = directory.appendingPathComponent("out")
        var framed: [UInt8] = []
        for document in documents {
            framed += Array("\(document.count)\n".utf8) + document
        }
        try Data(framed).write(to: input)

        let python = try ExternalTool.run("python3", ["-c", script, input.path, output.path])
        guard python.status == 0 else { throw OracleFailure(status: python.status, stderr: python.stderr) }

        let lines = try String(contentsOf: output, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.dropLast().map { line in
            switch line {
            case "ERR": .rejected
            case "LONE": .loneSurrogate
            default: .accepted(String(line.dropFirst(3)))
            }
        }
    }

    struct OracleFailure: Error {
        var status: Int32
        var stderr: String
    }

    static let script = #"""
        import json, math, struct, sys

        class Obj(list):
            pass

        def refuse(name):
            raise ValueError(name)

        def bits(x):
            return struct.pack('>d', x).hex()

        def canon(v, out):
            if isinstance(v, Obj):
                out.append('{')
                for i, (k, x) in enumerate(v):
                    if i:
                        out.append(',')
                    canon(k, out)
                    out.append(':')
                    canon(x, out)
                out.append('}')
            elif isinstance(v, list):
                out.append('[')
                for i, x in enumerate(v):
                    if i:
                        out.append(',')
                    canon(x, out)
                out.append(']')
            elif isinstance(v, str):
                out.append('s' + v.encode('utf-8').hex())
            elif v is True:
                out.append('T')
            elif v is False:
                out.append('F')
            elif v is None:
                out.append('N')
            elif isinstance(v, int):
                try:
                    f = float(v)
                except OverflowError:
                    f = math.inf if v > 0 else -math.inf
                out.append('i%d/%s' % (v, bits(f)))
            else:
                out.append('f' + bits(v))

        data = open(sys.argv[1], 'rb').read()
        results = []
        pos = 0
        while pos < len(data):
            newline = data.index(b'\n', pos)
            length = int(data[pos:newline])
            doc = data[newline + 1:newline + 1 + length]
            pos = newline + 1 + length
            try:
                value = json.loads(doc.decode('utf-8'), object_pairs_hook=Obj, parse_constant=refuse)
            except ValueError:
                results.append('ERR')
                continue
            out = []
            try:
                canon(value, out)
            except UnicodeEncodeError:
                results.append('LONE')
                continue
            results.append('OK ' + ''.join(out))
        with open(sys.argv[2], 'w') as f:
            f.write('\n'.join(results) + '\n')
        """#
}
