import AggLMSupport

/// Everything that can be wrong with a safetensors file or with tensors handed to the writer.
/// Loading reports one of these for any corruption; it never traps.
public enum SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileTooSmall(byteCount: Int)
    case fileTooLarge(byteCount: Int, limit: Int)
    case headerTooLarge(declared: UInt64, limit: Int)
    case headerExceedsFile(declared: UInt64, available: Int)
    case headerNotUTF8
    case malformedJSON(offset: Int, reason: String)
    case headerNotObject
    case duplicateName(String)
    case invalidTensorEntry(name: String, reason: String)
    case unsupportedDType(name: String, dtype: String)
    case invalidShape(name: String, reason: String)
    case invalidOffsets(name: String, reason: String)
    case shapeByteCountMismatch(name: String, shape: [Int], expectedBytes: Int, actualBytes: Int)
    case offsetsOutOfRange(name: String, end: Int, dataLength: Int)
    case overlappingOffsets(first: String, second: String)
    /// Bytes of the data section not owned by any tensor (a gap or trailing bytes).
    case uncoveredData(offset: Int, reason: String)
    case invalidMetadata(String)
    /// The writer was given an unusable tensor (bad name, shape/value count mismatch).
    case invalidTensor(name: String, reason: String)
    /// A system call failed; `code` is errno.
    case io(operation: String, path: String, code: Int32)

    public var description: String {
        switch self {
        case let .fileTooSmall(n): "safetensors: file has \(n) bytes, fewer than the 8-byte header length"
        case let .fileTooLarge(n, limit): "safetensors: file has \(n) bytes, above the limit of \(limit)"
        case let .headerTooLarge(declared, limit): "safetensors: header length \(declared) exceeds the limit of \(limit) bytes"
        case let .headerExceedsFile(declared, available): "safetensors: header length \(declared) exceeds the \(available) bytes after the length field"
        case .headerNotUTF8: "safetensors: header is not valid UTF-8"
        case let .malformedJSON(offset, reason): "safetensors: malformed header JSON at byte \(offset): \(reason)"
        case .headerNotObject: "safetensors: header JSON is not an object"
        case let .duplicateName(name): "safetensors: name \"\(name)\" appears more than once"
        case let .invalidTensorEntry(name, reason): "safetensors: tensor \"\(name)\": \(reason)"
        case let .unsupportedDType(name, dtype): "safetensors: tensor \"\(name)\" has dtype \(dtype); only F32 is supported"
        case let .invalidShape(name, reason): "safetensors: tensor \"\(name)\" has an invalid shape: \(reason)"
        case let .invalidOffsets(name, reason): "safetensors: tensor \"\(name)\" has invalid data_offsets: \(reason)"
        case let .shapeByteCountMismatch(name, shape, expected, actual):
            "safetensors: tensor \"\(name)\" has shape \(shape) (\(expected) bytes of F32) but data_offsets span \(actual) bytes"
        case let .offsetsOutOfRange(name, end, length): "safetensors: tensor \"\(name)\" ends at byte \(end) of a \(length)-byte data section"
        case let .overlappingOffsets(first, second): "safetensors: tensors \"\(first)\" and \"\(second)\" overlap"
        case let .uncoveredData(offset, reason): "safetensors: data byte \(offset) belongs to no tensor: \(reason)"
        case let .invalidMetadata(reason): "safetensors: invalid __metadata__: \(reason)"
        case let .invalidTensor(name, reason): "safetensors: cannot write tensor \"\(name)\": \(reason)"
        case let .io(operation, path, code): "safetensors: \(operation) \(path) failed (errno \(code))"
        }
    }
}

extension SafeTensorsError {
    /// A file-layer failure in safetensors terms.
    init(_ failure: SmallFile.Failure) {
        switch failure {
        case let .system(operation, path, code): self = .io(operation: operation, path: path, code: code)
        case let .tooLarge(_, limit, byteCount): self = .fileTooLarge(byteCount: byteCount ?? limit + 1, limit: limit)
        // Never thrown by `read` or `replace`; kept an I/O error rather than a trap.
        case let .exists(path): self = .io(operation: "write", path: path, code: 0)
        }
    }
}
