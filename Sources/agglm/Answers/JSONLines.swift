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

    /// A JSON string literal for `value` (or `null`).
    static func quoted(_ value: String?) -> String {
        guard let value else { return "null" }
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    static func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
