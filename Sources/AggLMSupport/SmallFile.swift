#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small whole files (key files, `/proc` entries) with plain POSIX calls and explicit limits, and the
/// steps every crash-safe file writer here shares: a fresh temporary file beside the target, write then
/// fsync, and a rename (or link) into place followed by an fsync of the folder.
public enum SmallFile {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A system call failed; `code` is errno.
        case system(operation: String, path: String, code: Int32)
        /// `byteCount` when the size was known before reading (`ReadSizing.statSize`).
        case tooLarge(path: String, limit: Int, byteCount: Int? = nil)
        case exists(path: String)

        public var description: String {
            switch self {
            case let .system(operation, path, code):
                let reason = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
                return "\(path): \(operation) failed: \(reason)"
            case let .tooLarge(path, limit, _): return "\(path): larger than \(limit) bytes; not a file this reads"
            case let .exists(path): return "\(path) already exists; not overwriting it (move it away or pick another name)"
            }
        }
    }

    /// How `read` sizes its buffer.
    public enum ReadSizing: Sendable {
        /// A buffer of `limit + 1` bytes, the limit enforced while reading: for small files and for `/proc`
        /// files, which report size 0.
        case upToLimit
        /// A buffer of the `fstat` size, refused before reading when over the limit: for files that can be
        /// large (a checkpoint), where `limit` is far above the usual size. A file growing meanwhile is cut
        /// at the size it had.
        case statSize
    }

    /// The bytes of `path`, refusing files over `limit` bytes.
    public static func read(_ path: String, limit: Int, sizing: ReadSizing = .upToLimit) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        let capacity: Int
        switch sizing {
        case .upToLimit: capacity = limit + 1
        case .statSize:
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw .system(operation: "fstat", path: path, code: errno) }
            let size = Int(info.st_size)
            guard size <= limit else { throw .tooLarge(path: path, limit: limit, byteCount: size) }
            capacity = size
        }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var done = 0
        while done < capacity {
            let count = bytes.withUnsafeMutableBytes { buffer in posixRead(fd, buffer.baseAddress.map { $0 + done }, capacity - done) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "read", path: path, code: errno)
            }
            if count == 0 { break }  // end of file (or the file shrank while reading)
            done += count
        }
        guard done <= limit else { throw .tooLarge(path: path, limit: limit) }
        return done == capacity ? bytes : Array(bytes.prefix(done))
    }

    /// Creates `path` holding `bytes` with permissions `mode`, atomically and never replacing a file: the
    /// bytes go to a temporary file (created with `mode` from the start, so a secret is never readable by
    /// others, not even briefly), which is fsynced and then hard-linked to `path`; `link(2)` fails if `path`
    /// exists, so two writers racing cannot overwrite each other and a crash leaves no partial `path`.
    public static func createNew(_ path: String, bytes: [UInt8], mode: UInt32) throws(Failure) {
        let (fd, temporary) = try createTemporary(beside: path, mode: mode)
        defer { unlink(temporary) }
        // The process umask may have cleared bits of `mode`; it may not add any, so a secret stays 0600.
        _ = fchmod(fd, mode_t(mode))
        try writeAllAndClose(fd, bytes: bytes, path: temporary)
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw .exists(path: path) }
            throw .system(operation: "link", path: path, code: errno)
        }
        syncFolder(of: path)
    }

    /// Replaces `path` with `bytes` so a crash leaves either the old or the new file, never a mix: the
    /// bytes go to a fresh temporary file beside it, which is fsynced and renamed over `path`.
    public static func replace(_ path: String, bytes: [UInt8]) throws(Failure) {
        let (fd, temporary) = try createTemporary(beside: path, mode: 0o644)
        var moved = false
        defer { if !moved { unlink(temporary) } }
        try writeAllAndClose(fd, bytes: bytes, path: temporary)
        try moveIntoPlace(temporary, path)
        moved = true
    }

    /// A new, empty file beside `path` (same folder, so a rename into place stays atomic) with a name no
    /// other writer uses, opened for writing; the caller closes it and removes it unless moved into place.
    public static func createTemporary(beside path: String, mode: UInt32) throws(Failure) -> (fd: Int32, path: String) {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(folder(of: path))/.\(base).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw .system(operation: "create", path: temporary, code: errno) }
        return (fd, temporary)
    }

    /// Renames the (written, fsynced and closed) `temporary` over `path` and persists the rename.
    public static func moveIntoPlace(_ temporary: String, _ path: String) throws(Failure) {
        guard rename(temporary, path) == 0 else { throw .system(operation: "rename", path: path, code: errno) }
        syncFolder(of: path)
    }

    /// The folder part of `path` ("." for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Persists a new name in `path`'s folder; a failure cannot undo the rename or link, so it is not an error.
    private static func syncFolder(of path: String) {
        let fd = open(folder(of: path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Writes all of `bytes` to `fd` (opened on `path`, named in errors), fsyncs and closes it; `fd` is
    /// closed whatever happens.
    static func writeAllAndClose(_ fd: Int32, bytes: [UInt8], path: String) throws(Failure) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in posixWrite(fd, buffer.baseAddress.map { $0 + done }, bytes.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw .system(operation: "write", path: path, code: code)
            }
            done += count
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw .system(operation: "fsync", path: path, code: code)
        }
        guard close(fd) == 0 else { throw .system(operation: "close", path: path, code: errno) }
    }

    /// Whether something exists at `path` (a dangling symlink counts: creating there would still fail).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The permission bits of `path`, nil when it cannot be examined.
    public static func permissions(_ path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode & 0o7777)
    }

    /// The names in folder `path` (not `.` and `..`), at most `limit` of them, sorted.
    public static func names(inFolder path: String, limit: Int) throws(Failure) -> [String] {
        guard let folder = opendir(path) else { throw .system(operation: "open folder", path: path, code: errno) }
        defer { closedir(folder) }
        var names: [String] = []
        while names.count < limit, let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

// File-scope forwarders: inside `enum SmallFile` the names `read`/`write` resolve to its own methods.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
