import CZlib

/// Streaming gzip decompression with zlib.
///
/// Accepts concatenated gzip members (as `cat a.gz b.gz` makes) and tells a
/// stream cut short (`isAtMemberBoundary` is false at end of input) from one
/// that is damaged (a thrown `.corruptGzip`).
final class GzipInflater {
    private var stream = z_stream()
    private var output: [UInt8]
    private let file: String
    /// True between members: before the first byte and after each trailer.
    private(set) var isAtMemberBoundary = true

    init(file: String) throws(DatasetError) {
        self.file = file
        self.output = [UInt8](repeating: 0, count: 1 << 18)
        // 15 + 32: the largest window, and detect the gzip (or zlib) header.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw DatasetError(code: .corruptGzip, file: file, message: "zlib could not start (status \(status))")
        }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses one chunk of compressed input, handing every produced
    /// piece of output to `sink`.
    func inflate(
        _ input: UnsafeBufferPointer<UInt8>,
        into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = UInt32(input.count)
        while stream.avail_in > 0 {
            if isAtMemberBoundary {
                isAtMemberBoundary = false
            }
            let outCount = output.count
            let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(outCount)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, outCount - Int(stream.avail_out))
            }
            if produced > 0 {
                try output.withUnsafeBufferPointer { out in
                    try sink(UnsafeBufferPointer(rebasing: out[0..<produced]))
                }
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if produced == 0 && stream.avail_in > 0 && status == Z_BUF_ERROR {
                    throw corrupt("zlib made no progress")
                }
            case Z_STREAM_END:
                isAtMemberBoundary = true
                inflateReset(&stream)
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw corrupt(reason)
            }
        }
    }

    private func corrupt(_ reason: String) -> DatasetError {
        DatasetError(code: .corruptGzip, file: file, message: "corrupt gzip data: \(reason)")
    }
}
