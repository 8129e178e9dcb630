import AggLMEvaluation
import AggLMSupport
import Foundation

/// A short fingerprint of the training files, stored in the checkpoint so a
/// model can be traced to its data.
public enum DataDigest {
    /// "name=fnv1a64hex" per file (file name only), comma-separated; "unreadable" for a file that cannot be read.
    public static func of(paths: [String]) -> String {
        paths.map { path in
            let name = String(path.split(separator: "/").last ?? Substring(path))
            guard let data = FileManager.default.contents(atPath: path) else { return "\(name)=unreadable" }
            return "\(name)=fnv1a64:" + String(StableHash.fnv1a(bytes: data), radix: 16)
        }.joined(separator: ",")
    }
}
