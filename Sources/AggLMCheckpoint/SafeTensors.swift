import AggLMSupport
/// A safetensors file restricted to F32 tensors (https://github.com/huggingface/safetensors):
///
///     [8 bytes: little-endian UInt64 N][N bytes: JSON header][data section]
///     header = { name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
///                "__metadata__": { string: string } }
///
/// Offsets are relative to the data section. `decode` validates every field (see
/// `SafeTensorsError`): bounded header, well-formed JSON, F32 only, shape product x 4 = byte
/// span, offsets in range, non-overlapping and covering the data section exactly, unique names,
/// string metadata. The writer emits tensors in the given order, metadata keys sorted, and pads
/// the header with spaces to a multiple of 8 bytes, so equal inputs give identical bytes.
public struct SafeTensors: Sendable, Equatable {
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        /// Row-major values; count == product of shape.
        public var values: [Float]

        public init(name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// Tensors in data-section order.
    public private(set) var tensors: [Tensor]
    public private(set) var metadata: [String: String]

    static let metadataKey = "__metadata__"
    /// The reference implementation's header limit.
    public static let defaultHeaderLimit = 100_000_000
    /// Generous for this project's checkpoints (a few MB); guards against reading huge files.
    public static let defaultFileLimit = 1 << 30
    static let maximumRank = 8
    /// Real headers nest three deep (header, entry, shape); the cap bounds a hostile one's stack.
    static let headerNestingLimit = 16

    /// Validates names (non-empty, unique, not "__metadata__") and shape/value counts.
    public init(tensors: [Tensor], metadata: [String: String] = [:]) throws(SafeTensorsError) {
        var seen = Set<String>()
        for tensor in tensors {
            guard !tensor.name.isEmpty, tensor.name != Self.metadataKey else {
                throw .invalidTensor(name: tensor.name, reason: "reserved or empty name")
            }
            guard seen.insert(tensor.name).inserted else { throw .duplicateName(tensor.name) }
            guard tensor.shape.count <= Self.maximumRank, tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw .invalidTensor(name: tensor.name, reason: "shape \(tensor.shape) has a negative dimension or rank above \(Self.maximumRank)")
            }
            guard let count = Self.elementCount(tensor.shape), count == tensor.values.count else {
                throw .invalidTensor(name: tensor.name, reason: "shape \(tensor.shape) does not match \(tensor.values.count) values")
            }
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    public func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// Product of the dimensions, nil on overflow (or when the byte size would overflow).
    static func elementCount(_ shape: [Int]) -> Int? {
        var product = 1
        for dimension in shape {
            let (p, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            product = p
        }
        let (_, byteOverflow) = product.multipliedReportingOverflow(by: 4)
        return byteOverflow ? nil : product
    }

    // MARK: writing

    /// The complete file contents.
    public func encoded() -> [UInt8] {
        var entries: [(key: String, value: JSONValue)] = []
        var offset = 0
        for tensor in tensors {
            let bytes = tensor.values.count * 4
            entries.append((tensor.name, .object([
                ("dtype", .string("F32")),
                ("shape", .array(tensor.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(offset)), .number(String(offset + bytes))])),
            ])))
            offset += bytes
        }
        if !metadata.isEmpty {
            let sorted = metadata.keys.sorted().map { (key: $0, value: JSONValue.string(metadata[$0] ?? "")) }
            entries.append((Self.metadataKey, .object(sorted)))
        }
        var header = Array(JSONValue.object(entries).rendered(.compact).utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for tensor in tensors {
            for value in tensor.values {
                var bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Writes atomically: temp file in the same directory, fsync, rename, fsync of the directory.
    public func save(to path: String) throws(SafeTensorsError) {
        do {
            try SmallFile.replace(path, bytes: encoded())
        } catch {
            throw SafeTensorsError(error)
        }
    }

    public static func load(from path: String, headerLimit: Int = defaultHeaderLimit, fileLimit: Int = defaultFileLimit) throws(SafeTensorsError) -> SafeTensors {
        let bytes: [UInt8]
        do {
            bytes = try SmallFile.read(path, limit: fileLimit, sizing: .statSize)
        } catch {
            throw SafeTensorsError(error)
        }
        return try decode(bytes, headerLimit: headerLimit)
    }

    // MARK: reading

    public static func decode(_ bytes: [UInt8], headerLimit: Int = defaultHeaderLimit) throws(SafeTensorsError) -> SafeTensors {
        guard bytes.count >= 8 else { throw .fileTooSmall(byteCount: bytes.count) }
        var declared: UInt64 = 0
        for i in 0..<8 { declared |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard declared <= UInt64(headerLimit) else { throw .headerTooLarge(declared: declared, limit: headerLimit) }
        guard declared <= UInt64(bytes.count - 8) else { throw .headerExceedsFile(declared: declared, available: bytes.count - 8) }
        let headerEnd = 8 + Int(declared)
        let headerBytes = bytes[8..<headerEnd]
        guard String(validating: headerBytes, as: UTF8.self) != nil else { throw .headerNotUTF8 }
        let json: JSONValue
        do {
            json = try JSONValue.parse(headerBytes, maximumDepth: headerNestingLimit)
        } catch {
            throw .malformedJSON(offset: error.offset, reason: error.reason)
        }
        guard case let .object(pairs) = json else { throw .headerNotObject }

        var metadata: [String: String] = [:]
        var seen = Set<String>()
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in pairs {
            guard seen.insert(name).inserted else { throw .duplicateName(name) }
            if name == metadataKey {
                metadata = try decodeMetadata(value)
                continue
            }
            entries.append(try decodeEntry(name: name, value))
        }

        let dataLength = bytes.count - headerEnd
        for entry in entries {
            guard entry.end <= dataLength else { throw .offsetsOutOfRange(name: entry.name, end: entry.end, dataLength: dataLength) }
            guard let count = elementCount(entry.shape) else { throw .invalidShape(name: entry.name, reason: "element count overflows") }
            guard count * 4 == entry.end - entry.begin else {
                throw .shapeByteCountMismatch(name: entry.name, shape: entry.shape, expectedBytes: count * 4, actualBytes: entry.end - entry.begin)
            }
        }
        let ordered = entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var covered = 0
        var previous: String?
        for entry in ordered {
            if entry.begin < covered, let previous { throw .overlappingOffsets(first: previous, second: entry.name) }
            guard entry.begin == covered else { throw .uncoveredData(offset: covered, reason: "gap before tensor \"\(entry.name)\"") }
            covered = entry.end
            if entry.end > entry.begin { previous = entry.name }
        }
        guard covered == dataLength else { throw .uncoveredData(offset: covered, reason: "\(dataLength - covered) trailing bytes") }

        var tensors: [Tensor] = []
        tensors.reserveCapacity(ordered.count)
        for entry in ordered {
            var values = [Float](repeating: 0, count: (entry.end - entry.begin) / 4)
            var p = headerEnd + entry.begin
            for i in values.indices {
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                values[i] = Float(bitPattern: bits)
                p += 4
            }
            tensors.append(Tensor(name: entry.name, shape: entry.shape, values: values))
        }
        return try SafeTensors(tensors: tensors, metadata: metadata)
    }

    private static func decodeMetadata(_ value: JSONValue) throws(SafeTensorsError) -> [String: String] {
        guard case let .object(pairs) = value else { throw .invalidMetadata("not an object") }
        var metadata: [String: String] = [:]
        for (key, item) in pairs {
            guard case let .string(text) = item else { throw .invalidMetadata("value of \"\(key)\" is not a string") }
            guard metadata.updateValue(text, forKey: key) == nil else { throw .invalidMetadata("key \"\(key)\" appears more than once") }
        }
        return metadata
    }

    private static func decodeEntry(name: String, _ value: JSONValue) throws(SafeTensorsError) -> (name: String, shape: [Int], begin: Int, end: Int) {
        guard !name.isEmpty else { throw .invalidTensorEntry(name: name, reason: "empty name") }
        guard case let .object(fields) = value else { throw .invalidTensorEntry(name: name, reason: "entry is not an object") }
        var dtype: JSONValue?, shape: JSONValue?, offsets: JSONValue?
        for (key, item) in fields {
            switch key {
            case "dtype" where dtype == nil: dtype = item
            case "shape" where shape == nil: shape = item
            case "data_offsets" where offsets == nil: offsets = item
            case "dtype", "shape", "data_offsets": throw .invalidTensorEntry(name: name, reason: "field \"\(key)\" repeated")
            default: throw .invalidTensorEntry(name: name, reason: "unknown field \"\(key)\"")
            }
        }
        guard let dtype, let shape, let offsets else {
            throw .invalidTensorEntry(name: name, reason: "needs dtype, shape and data_offsets")
        }
        guard case let .string(dtypeName) = dtype else { throw .invalidTensorEntry(name: name, reason: "dtype is not a string") }
        guard dtypeName == "F32" else { throw .unsupportedDType(name: name, dtype: dtypeName) }
        guard case let .array(dimensionValues) = shape else { throw .invalidShape(name: name, reason: "not an array") }
        guard dimensionValues.count <= maximumRank else { throw .invalidShape(name: name, reason: "rank above \(maximumRank)") }
        var dimensions: [Int] = []
        for d in dimensionValues {
            guard let n = d.integerValue else { throw .invalidShape(name: name, reason: "dimension is not a non-negative integer") }
            dimensions.append(n)
        }
        guard case let .array(bounds) = offsets, bounds.count == 2,
              let begin = bounds[0].integerValue, let end = bounds[1].integerValue
        else { throw .invalidOffsets(name: name, reason: "must be [begin, end] of non-negative integers") }
        guard begin <= end else { throw .invalidOffsets(name: name, reason: "begin \(begin) after end \(end)") }
        return (name, dimensions, begin, end)
    }
}
