#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back in fixed-size chunks with plain `read(2)`.
///
/// Memory stays at one chunk whatever the file size. The descriptor is
/// closed when the reader is dropped.
struct FileChunkReader: ~Copyable {
    static let chunkBytes = 1 << 18

    private let fd: Int32
    private let path: String
    private var buffer: [UInt8]
    private(set) var bytesRead = 0

    init(path: String) throws(DatasetError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DatasetError(code: .cannotOpen, file: path, message: "cannot open: \(errnoDescription())")
        }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw DatasetError(code: .cannotOpen, file: path, message: "is a directory, not a dataset file")
        }
        self.fd = fd
        self.path = path
        self.buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
    }

    deinit { close(fd) }

    /// Calls `body` with the next chunk; returns false at end of file.
    mutating func withNextChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        let fd = self.fd
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let n = read(fd, raw.baseAddress, raw.count)
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
        if count < 0 {
            throw DatasetError(code: .io, file: path, message: "read failed: \(errnoDescription())")
        }
        if count == 0 { return false }
        bytesRead += count
        try buffer.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[0..<count]))
        }
        return true
    }
}

func errnoDescription() -> String {
    String(cString: strerror(errno))
}
