import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON Lines input and output for the answer commands.
enum JSONLines {
    /// Calls `body` with the string values of `keys` in each line of `path` ("-" = standard input), read
    /// by `JSONStringFields` (no Foundation JSON): `.success` with one value per key (nil where absent or not
    /// a string), `.failure` for a line that is not a JSON object (blank lines included), nil for a line
    /// longer than `maxLineBytes`. One call per line, so output stays aligned with the input.
    static func forEachRecord(in path: String, keys: [String], maxLineBytes: Int = 16 << 20,
                              _ body: (Result<[String?], JSONStringFields.Failure>?) throws -> Void) throws {
        let keyBytes = keys.map { Array($0.utf8) }
        try forEachLine(in: path, maxLineBytes: max(1, maxLineBytes)) { line in
            try body(line.map { JSONStringFields.read($0, keys: keyBytes) })
        }
    }

    /// Calls `body` with each line of `path` ("-" = standard input), without its `\n` (or `\r\n`), read
    /// in fixed-size chunks so memory stays bounded by one chunk plus `maxLineBytes`. A longer line is
    /// passed as nil once and skipped, so output stays aligned one line per input line. A final line
    /// without a newline counts; an empty file has no lines.
    static func forEachLine(in path: String, maxLineBytes: Int,
                            _ body: (UnsafeBufferPointer<UInt8>?) throws -> Void) throws {
        let descriptor: Int32
        if path == "-" { descriptor = 0 } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))") }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        let chunkBytes = 1 << 20
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        var pending: [UInt8] = []
        var skippingLongLine = false

        func deliver(_ line: ArraySlice<UInt8>) throws {
            var end = line.endIndex
            if end > line.startIndex, line[end - 1] == 0x0D { end -= 1 }
            try line[line.startIndex..<end].withUnsafeBufferPointer { try body($0) }
        }

        while true {
            let count = chunk.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress, chunkBytes) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            var start = 0
            while start < count {
                // memchr: the C library's vectorized search, far faster than a byte loop on long lines.
                let found: Int? = chunk.withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress, let hit = memchr(base + start, 0x0A, count - start) else { return nil }
                    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                guard let newline = found else {
                    if !skippingLongLine {
                        pending.append(contentsOf: chunk[start..<count])
                        if pending.count > maxLineBytes {
                            try body(nil)
                            pending.removeAll(keepingCapacity: true)
                            skippingLongLine = true
                        }
                    }
                    break
                }
                if skippingLongLine {
                    skippingLongLine = false
                } else if pending.isEmpty {
                    if newline - start > maxLineBytes { try body(nil) } else { try deliver(chunk[start..<newline]) }
                } else {
                    pending.append(contentsOf: chunk[start..<newline])
                    if pending.count > maxLineBytes { try body(nil) } else { try deliver(pending[...]) }
                    pending.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
        }
        if !pending.isEmpty { try deliver(pending[...]) }
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR; gives up on other errors
    /// (a closed pipe), as `print` would.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
