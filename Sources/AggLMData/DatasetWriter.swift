#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import SwiftProtobuf
import AggLMSupport

/// Writes problems (or any other message, such as aggregation results) as
/// JSON Lines in the proto3 JSON mapping, gzip-compressed when the path ends
/// in `.gz` — for problems, the format `DatasetReader` reads.
///
/// The file appears atomically: lines go to a temporary file beside the
/// target, which `finish()` flushes, syncs and renames into place. A writer
/// dropped without `finish()` removes its temporary file and leaves any
/// existing target untouched.
public final class DatasetWriter {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private let deflater: GzipDeflater?
    private var finished = false

    public init(path: String) throws(DatasetError) {
        self.path = path
        let created: (fd: Int32, path: String)
        do {
            created = try SmallFile.createTemporary(beside: path, mode: 0o644)
        } catch {
            throw DatasetError(code: .cannotOpen, file: path, message: "cannot create: \(error)")
        }
        fd = created.fd
        temporaryPath = created.path
        do {
            self.deflater = path.hasSuffix(".gz") ? try GzipDeflater(file: path) : nil
        } catch {
            close(fd)
            unlink(temporaryPath)
            throw error
        }
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Appends one message as one line.
    public func write(_ message: some SwiftProtobuf.Message) throws {
        var line: [UInt8] = try message.jsonUTF8Bytes()
        line.append(UInt8(ascii: "\n"))
        try line.withUnsafeBufferPointer { try emit($0, finish: false) }
    }

    /// Completes the file and moves it into place.
    public func finish() throws {
        guard !finished else { return }
        try emit(UnsafeBufferPointer(start: nil, count: 0), finish: true)
        finished = true
        let synced = fsync(fd) == 0
        let reason = synced ? "" : errnoDescription()
        close(fd)
        guard synced else {
            unlink(temporaryPath)
            throw DatasetError(code: .io, file: path, message: "cannot finish writing: \(reason)")
        }
        do {
            try SmallFile.moveIntoPlace(temporaryPath, path)
        } catch {
            unlink(temporaryPath)
            throw DatasetError(code: .io, file: path, message: "cannot finish writing: \(error)")
        }
    }

    private func emit(_ bytes: UnsafeBufferPointer<UInt8>, finish: Bool) throws {
        if let deflater {
            try deflater.deflate(bytes, finish: finish, into: writeRaw)
        } else {
            try writeRaw(bytes)
        }
    }

    private func writeRaw(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw DatasetError(code: .io, file: path, message: "write failed: \(errnoDescription())")
            }
            offset += n
        }
    }
}
