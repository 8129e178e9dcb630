#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import AggLMSupport

/// Whole-file reads sized by `fstat` (a checkpoint can be large, so the buffer is never the limit), and
/// crash-safe whole-file writes (`SmallFile.replace`), with safetensors errors.
enum AtomicFile {
    /// Reads the file at `path`, refusing files larger than `limit` bytes.
    static func read(_ path: String, limit: Int) throws(SafeTensorsError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "fstat", path: path, code: errno) }
        let size = Int(info.st_size)
        guard size <= limit else { throw .fileTooLarge(byteCount: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { buffer in
                posixRead(fd, buffer.baseAddress.map { $0 + done }, size - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, code: errno)
            }
            if n == 0 { break }  // the file shrank while reading
            done += n
        }
        return done == size ? bytes : Array(bytes[0..<done])
    }

    /// Replaces `path` with `bytes`; a crash leaves either the old or the new file, never a mix.
    static func write(_ bytes: [UInt8], to path: String) throws(SafeTensorsError) {
        do {
            try SmallFile.replace(path, bytes: bytes)
        } catch {
            switch error {
            case let .system(operation, failedPath, code): throw .io(operation: operation, path: failedPath, code: code)
            case .tooLarge, .exists: throw .io(operation: "write", path: path, code: 0)
            }
        }
    }
}

// File-scope forwarder: inside `enum AtomicFile` the name `read` resolves to its own method.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
