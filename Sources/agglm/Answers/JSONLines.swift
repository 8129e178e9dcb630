import ArgumentParser
import Foundation

/// JSON Lines input and output for the answer commands.
enum JSONLines {
    /// Calls `body` with each line of `path` ("-" = standard input), parsed as a JSON object (nil when the
    /// line is not one). Blank lines are passed as nil too, so output stays aligned one line per input line.
    static func forEachObject(in path: String, _ body: ([String: Any]?) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" { handle = FileHandle.standardInput } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw ValidationError("cannot open \(path)")
            }
            handle = opened
        }
        let data = handle.readDataToEndOfFile()
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let line = data[start..<end]
            let object = line.isEmpty ? nil : (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
            try body(object)
            start = end < data.endIndex ? data.index(after: end) : end
        }
    }

    static func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
