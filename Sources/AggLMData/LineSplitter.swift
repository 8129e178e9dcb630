/// Splits a byte stream, fed in arbitrary chunks, into lines.
///
/// A line ends at `\n`; a trailing `\r` is dropped. Memory is bounded by
/// `maxLineBytes`: a longer line is reported as too long and its bytes are
/// skipped up to the next newline, so one bad line costs nothing later.
struct LineSplitter {
    enum Line {
        case complete(number: Int, bytes: ArraySlice<UInt8>)
        case tooLong(number: Int, bytes: Int)
    }

    let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var skippingLongLine = false
    private var skippedBytes = 0
    private(set) var lineNumber = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds bytes; `emit` receives each line finished by them.
    mutating func feed<E: Error>(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Line) throws(E) -> Void) throws(E) {
        var start = 0
        while start < bytes.count {
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? bytes.count
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if skippingLongLine {
                skippedBytes += piece.count
            } else if pending.count + piece.count > maxLineBytes {
                skippingLongLine = true
                skippedBytes = pending.count + piece.count
                pending.removeAll(keepingCapacity: false)
            } else {
                pending.append(contentsOf: piece)
            }
            guard newline != nil else { return }
            try finishLine(emit: emit)
            start = end + 1
        }
    }

    /// Emits the last line when the input does not end with a newline.
    mutating func finish<E: Error>(emit: (Line) throws(E) -> Void) throws(E) {
        if skippingLongLine || !pending.isEmpty {
            try finishLine(emit: emit)
        }
    }

    private mutating func finishLine<E: Error>(emit: (Line) throws(E) -> Void) throws(E) {
        lineNumber += 1
        if skippingLongLine {
            skippingLongLine = false
            let skipped = skippedBytes
            skippedBytes = 0
            try emit(.tooLong(number: lineNumber, bytes: skipped))
            return
        }
        var line = pending[...]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        try emit(.complete(number: lineNumber, bytes: line))
        pending.removeAll(keepingCapacity: true)
    }
}
