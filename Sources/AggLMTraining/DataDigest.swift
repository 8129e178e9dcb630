import AggLMEvaluation
import Foundation

/// A short fingerprint of the training files, stored in the checkpoint so a
/// model can be traced to its data.
public enum DataDigest {
    /// "name=fnv1a64hex" per file (file name only), comma-separated; "unreadable" for a file that cannot be read.
    public static func of(paths: [String]) -> String {
        paths.map { path in
            let name = String(path.split(separator: "/").last ?? Substring(path))
            guard let data = FileManager.default.contents(atPath: path) else { return "\(name)=unreadable" }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return "\(name)=fnv1a64:" + String(hash, radix: 16)
        }.joined(separator: ",")
    }
}
