import JSONReader
import HTTPCore
import Ingest

extension IngestReport {
    /// `{"accepted": n, "duplicates": d, "rejected": [{"index": i, "code": "...", "message": "..."}]}`.
    var json: String {
        var out = "{\"accepted\":\(accepted),\"duplicates\":\(duplicates),\"rejected\":["
        for (position, item) in rejected.enumerated() {
            if position > 0 { out += "," }
            out += "{\"index\":\(item.index),\"code\":\"\(item.rejection.code.rawValue)\","
                + "\"message\":\"\(jsonEscaped(item.rejection.message))\"}"
        }
        return out + "]}\n"
    }
}
