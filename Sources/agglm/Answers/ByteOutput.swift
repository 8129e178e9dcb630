/// JSON Lines output of the answer commands (`grade`, `extract`), collected in a byte buffer and written
/// with `write(2)` a megabyte at a time; or only collected (no descriptor), to be appended to another.
struct ByteOutput {
    private static let flushBytes = 1 << 20
    let fileDescriptor: Int32?
    private var buffer: [UInt8] = []

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    /// An output that only collects, e.g. one thread's share of a batch.
    init() { fileDescriptor = nil }

    mutating func appendVerdict(equal: Bool, gold: String?, prediction: String?) {
        append(equal ? "{\"equal\":true,\"gold\":" : "{\"equal\":false,\"gold\":")
        appendQuoted(gold)
        append(",\"pred\":")
        appendQuoted(prediction)
        endLine()
    }

    mutating func appendUngraded(error: String) {
        append("{\"equal\":false,\"gold\":null,\"pred\":null,\"error\":")
        appendQuoted(error)
        endLine()
    }

    /// Closes the current object and line; writes the buffer out when it is full.
    mutating func endLine() {
        append("}\n")
        if buffer.count >= Self.flushBytes { flush() }
    }

    /// Appends everything `other` collected; writes the buffer out when it is full.
    mutating func append(_ other: ByteOutput) {
        buffer.append(contentsOf: other.buffer)
        if buffer.count >= Self.flushBytes { flush() }
    }

    mutating func append(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string literal (`null` for nil): quotes, backslashes and control characters escaped. Runs
    /// that need no escape are copied whole.
    mutating func appendQuoted(_ text: String?) {
        guard var text else { append("null"); return }
        buffer.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                default:
                    append("\\u00")
                    buffer.append(Self.hexDigits[Int(byte >> 4)])
                    buffer.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes the buffer out; an output without a descriptor keeps collecting.
    mutating func flush() {
        guard let fileDescriptor else { return }
        JSONLines.writeAll(buffer, to: fileDescriptor)
        buffer.removeAll(keepingCapacity: true)
    }
}
