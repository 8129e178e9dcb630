@testable import AggLMService
import Glibc
import AggLMSupport

/// A fresh folder under /tmp for one test, removed (with its files) by `remove()`.
struct TemporaryFolder: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/agglm-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TestFailure("mkdtemp failed (errno \(errno))") }
        path = String(cString: created)
    }

    /// A subfolder, created.
    func folder(_ name: String) throws -> String {
        let subfolder = path + "/" + name
        guard mkdir(subfolder, 0o700) == 0 else { throw TestFailure("mkdir \(subfolder) failed (errno \(errno))") }
        return subfolder
    }

    /// Removes the folder tree (two levels: these tests create no deeper ones).
    func remove() {
        let subfolders = ((try? SmallFile.names(inFolder: path, limit: 1000)) ?? []).map { path + "/" + $0 }
        for folder in subfolders + [path] {
            for name in (try? SmallFile.names(inFolder: folder, limit: 1000)) ?? [] { unlink(folder + "/" + name) }
            rmdir(folder)
        }
        for file in subfolders { unlink(file) }
    }
}
