public import AggLMWire
import SwiftProtobuf

/// Reads dataset files: JSON Lines, one `Agglm_V1_Problem` per line in the
/// proto3 JSON mapping, plain or gzip-compressed (recognised by content,
/// not by name).
///
/// Invariants:
/// - Memory is bounded by one read chunk plus `maxLineBytes`, however large
///   the file; problems are handed to the caller one at a time.
/// - A bad line (too long, not UTF-8, not a `Problem`) is reported with its
///   line number and reading goes on, so no good line is lost. Blank lines
///   are skipped.
/// - Whole-file failures (cannot open, I/O, corrupt or truncated gzip) are
///   thrown, after every line before the failure has been delivered.
public struct DatasetReader: Sendable {
    /// The longest line accepted; the largest shared problem is about 1 MB.
    public static let defaultMaxLineBytes = 64 << 20

    public var maxLineBytes: Int

    /// One line's outcome.
    public enum Entry {
        case problem(Agglm_V1_Problem, line: Int)
        case invalid(DatasetError)
    }

    /// What one pass over a file saw.
    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var problems = 0
        public var invalidLines = 0
        /// Bytes read from disk (compressed size for gzip files).
        public var fileBytes = 0
        /// Bytes of JSON Lines text after decompression.
        public var textBytes = 0
        public var isGzip = false
    }

    public init(maxLineBytes: Int = DatasetReader.defaultMaxLineBytes) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Streams the problems of `path` to `body`, in file order.
    ///
    /// Throws a `DatasetError` for whole-file failures, and rethrows what
    /// `body` throws (which stops reading).
    @discardableResult
    public func read(path: String, _ body: (Entry) throws -> Void) throws -> Summary {
        var summary = Summary()
        var file = try FileChunkReader(path: path)
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var inflater: GzipInflater?
        var sawFirstChunk = false
        var decodeOptions = JSONDecodingOptions()
        decodeOptions.ignoreUnknownFields = true
        decodeOptions.messageDepthLimit = 16

        func handleLine(_ line: LineSplitter.Line) throws {
            summary.lines += 1
            switch line {
            case let .tooLong(number, bytes):
                summary.invalidLines += 1
                try body(.invalid(DatasetError(
                    code: .lineTooLong, file: path, line: number,
                    message: "line of \(bytes) bytes is over the \(maxLineBytes)-byte limit")))
            case let .complete(number, bytes):
                if bytes.allSatisfy(Self.isJSONWhitespace) {
                    summary.lines -= 1  // blank lines are not records
                    return
                }
                switch Self.decode(bytes, file: path, line: number, options: decodeOptions) {
                case .success(let problem):
                    summary.problems += 1
                    try body(.problem(problem, line: number))
                case .failure(let error):
                    summary.invalidLines += 1
                    try body(.invalid(error))
                }
            }
        }
        func feedText(_ text: UnsafeBufferPointer<UInt8>) throws {
            summary.textBytes += text.count
            try splitter.feed(text, emit: handleLine)
        }

        while try file.withNextChunk({ chunk in
            if !sawFirstChunk {
                sawFirstChunk = true
                if chunk.count >= 2 && chunk[0] == 0x1f && chunk[1] == 0x8b {
                    inflater = try GzipInflater(file: path)
                    summary.isGzip = true
                }
            }
            if let inflater {
                try inflater.inflate(chunk, into: feedText)
            } else {
                try feedText(chunk)
            }
        }) {}
        summary.fileBytes = file.bytesRead
        if let inflater, !inflater.isAtMemberBoundary {
            throw DatasetError(
                code: .truncatedGzip, file: path,
                message: "gzip stream ends early (file cut short?) after line \(splitter.lineNumber); "
                    + "the lines before it were read")
        }
        try splitter.finish(emit: handleLine)
        return summary
    }

    /// Reads every problem of every file into memory.
    ///
    /// - Parameters:
    ///   - strict: when true, the first bad line throws; otherwise bad lines
    ///     go to `onInvalid` and are skipped.
    public func readAll(
        paths: [String], strict: Bool = false, onInvalid: (DatasetError) -> Void = { _ in }
    ) throws -> [Agglm_V1_Problem] {
        var problems: [Agglm_V1_Problem] = []
        for path in paths {
            try read(path: path) { entry in
                switch entry {
                case .problem(let problem, _): problems.append(problem)
                case .invalid(let error):
                    if strict { throw error }
                    onInvalid(error)
                }
            }
        }
        return problems
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a
    }

    private static func decode(
        _ bytes: ArraySlice<UInt8>, file: String, line: Int, options: JSONDecodingOptions
    ) -> Result<Agglm_V1_Problem, DatasetError> {
        let array = Array(bytes)
        if String(validating: array, as: UTF8.self) == nil {
            return .failure(DatasetError(code: .invalidUTF8, file: file, line: line, message: "line is not valid UTF-8"))
        }
        do {
            return .success(try Agglm_V1_Problem(jsonUTF8Bytes: array, options: options))
        } catch {
            return .failure(DatasetError(
                code: .invalidJSON, file: file, line: line,
                message: "not a Problem in the proto3 JSON mapping: \(error)"))
        }
    }
}
