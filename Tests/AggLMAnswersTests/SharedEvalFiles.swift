import Foundation

/// Locates `../shared` relative to the package root (the folder holding Package.swift above this file).
enum SharedEvalFiles {
    static func sharedDirectory(filePath: String = #filePath) -> URL? {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                let shared = directory.deletingLastPathComponent().appendingPathComponent("shared")
                return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Whether ../shared/eval is there: tests that need it are disabled (with this reason) when not.
    static let evalAvailable = sharedDirectory().map {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("eval/equivalence-pairs.jsonl").path)
    } ?? false

    /// JSON objects of a JSON Lines file under ../shared, or nil when absent or unreadable (the tests
    /// that call this are disabled via `evalAvailable` when ../shared/eval is missing, and `#require` it).
    static func jsonLines(_ relativePath: String) -> [[String: Any]]? {
        guard let shared = sharedDirectory() else { return nil }
        let url = shared.appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Prints an agreement table and returns the overall rate.
    static func printTable(title: String, tallies: [String: (agree: Int, total: Int)]) -> Double {
        print("\(title)")
        print("category".padding(toLength: 26, withPad: " ", startingAt: 0) + " agree/total   rate")
        var agree = 0
        var total = 0
        for (category, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            agree += tally.agree
            total += tally.total
            let rate = Double(tally.agree) / Double(max(1, tally.total)) * 100
            print(category.padding(toLength: 26, withPad: " ", startingAt: 0)
                  + " \(tally.agree)/\(tally.total)".padding(toLength: 13, withPad: " ", startingAt: 0)
                  + String(format: "%6.1f%%", rate))
        }
        let overall = Double(agree) / Double(max(1, total))
        print("TOTAL".padding(toLength: 26, withPad: " ", startingAt: 0) + " \(agree)/\(total)   "
              + String(format: "%6.1f%%", overall * 100))
        return overall
    }
}
