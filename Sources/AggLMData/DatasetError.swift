/// Why a dataset file, or one line of it, could not be read.
///
/// Every error names the file and, when it concerns one line, the 1-based
/// line number, so a message reads like a compiler diagnostic:
/// `data.jsonl:17: invalid JSON: ...`.
public struct DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The file does not exist or cannot be opened.
        case cannotOpen = "cannot-open"
        /// A read or write failed part-way.
        case io = "io"
        /// The gzip stream is damaged.
        case corruptGzip = "corrupt-gzip"
        /// The gzip stream ends before its trailer: the file was cut short.
        case truncatedGzip = "truncated-gzip"
        /// A line is longer than `DatasetReader.maxLineBytes`.
        case lineTooLong = "line-too-long"
        /// A line is not valid UTF-8.
        case invalidUTF8 = "invalid-utf8"
        /// A line is not a JSON object in the proto3 JSON mapping of `Problem`.
        case invalidJSON = "invalid-json"
    }

    public let code: Code
    public let file: String
    /// 1-based line number, or nil for errors about the whole file.
    public let line: Int?
    public let message: String

    public init(code: Code, file: String, line: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(message) [\(code.rawValue)]"
    }
}
