import CZlib

/// Streaming gzip compression with zlib (one gzip member).
final class GzipDeflater {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private let file: String

    init(file: String, level: Int32 = 6) throws(DatasetError) {
        self.file = file
        // 15 + 16: the largest window, with a gzip header and trailer.
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw DatasetError(code: .io, file: file, message: "zlib could not start compressing (status \(status))")
        }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `input` (or, with `finish`, flushes the trailer), handing
    /// compressed bytes to `sink`.
    func deflate(
        _ input: UnsafeBufferPointer<UInt8>, finish: Bool,
        into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        stream.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
        stream.avail_in = UInt32(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            let outCount = output.count
            let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(outCount)
                let status = CZlib.deflate(&stream, flush)
                return (status, outCount - Int(stream.avail_out))
            }
            if status == Z_STREAM_ERROR {
                throw DatasetError(code: .io, file: file, message: "zlib compression failed")
            }
            if produced > 0 {
                try output.withUnsafeBufferPointer { out in
                    try sink(UnsafeBufferPointer(rebasing: out[0..<produced]))
                }
            }
            if finish ? status == Z_STREAM_END : (stream.avail_in == 0 && stream.avail_out > 0) {
                return
            }
        }
    }
}
