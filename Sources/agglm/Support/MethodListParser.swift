import AggLMAggregation
import AggLMWire
import ArgumentParser
import Foundation

/// Parses `--methods a,b,c` into methods, with an error that lists the names.
enum MethodListParser {
    /// Nil when no list was given.
    static func parse(_ list: String?) throws -> [Agglm_V1_Method]? {
        guard let list else { return nil }
        return try list.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let method = Agglm_V1_Method(cliName: trimmed) else {
                let known = Agglm_V1_Method.reportOrder.map(\.cliName).joined(separator: ",")
                throw ValidationError("Unknown method '\(trimmed)'. Use some of: --methods \(known)")
            }
            return method
        }
    }
}
