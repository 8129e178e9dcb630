/// JSON Lines output of the answer commands (`grade`, `extract`), collected in a byte buffer and written
/// with `write(2)` a megabyte at a time.
struct ByteOutput {
    private static let flushBytes = 1 << 20
    let fileDescriptor: Int32
    private var buffer: [UInt8] = []

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

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

    mutating func append(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string literal (`null` for nil): quotes, backslashes and control characters escaped.
    mutating func appendQuoted(_ text: String?) {
        guard let text else { append("null"); return }
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    mutating func flush() {
        JSONLines.writeAll(buffer, to: fileDescriptor)
        buffer.removeAll(keepingCapacity: true)
    }
}
