#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import AggLMSupport

/// Whole-file reads and crash-safe whole-file writes with plain POSIX calls.
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

    /// Writes `bytes` to a fresh temporary file next to `path`, fsyncs it, renames it over `path`
    /// and fsyncs the directory, so a crash leaves either the old or the new file, never a mix.
    static func write(_ bytes: [UInt8], to path: String) throws(SafeTensorsError) {
        let directory = directoryName(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory)/.\(base).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "create", path: temporary, code: errno) }
        var succeeded = false
        defer { if !succeeded { unlink(temporary) } }
        do {
            try SmallFile.writeAllAndClose(fd, bytes: bytes, path: temporary)
        } catch {
            switch error {
            case let .system(operation, failedPath, code): throw .io(operation: operation, path: failedPath, code: code)
            case .tooLarge, .exists: throw .io(operation: "write", path: temporary, code: 0)
            }
        }
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: path, code: errno) }
        succeeded = true
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            // Persists the rename; failure here cannot undo it, so it is not an error.
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}

// File-scope forwarder: inside `enum AtomicFile` the name `read` resolves to its own method.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
