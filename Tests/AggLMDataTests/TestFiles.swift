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

/// The shared data folder beside the repository (`../shared/data`), or nil
/// with the reason printed when it is absent.
func sharedDataDirectory(filePath: String = #filePath) -> String? {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            let shared = url.deletingLastPathComponent().appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: shared.path) { return shared.path }
            print("skipping: \(shared.path) is absent")
            return nil
        }
        url = url.deletingLastPathComponent()
    }
    print("skipping: package root not found from \(filePath)")
    return nil
}
