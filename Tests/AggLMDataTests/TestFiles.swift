import Foundation

/// A fresh temporary directory per test, removed when the value is dropped.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("agglm-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }
}

/// The shared data folder beside the repository (`../shared/data`), or nil when it is absent
/// (tests that need it are disabled with that reason).
func sharedDataDirectory(filePath: String = #filePath) -> String? {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            let shared = url.deletingLastPathComponent().appendingPathComponent("shared/data")
            return FileManager.default.fileExists(atPath: shared.path) ? shared.path : nil
        }
        url = url.deletingLastPathComponent()
    }
    return nil
}
