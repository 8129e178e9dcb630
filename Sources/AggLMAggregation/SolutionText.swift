/// The part of a model output worth showing a user as the solution.
enum SolutionText {
    /// Removes `<think>…</think>` reasoning blocks (an unclosed block runs to
    /// the end) and trims surrounding blank space. Linear time.
    static func withoutReasoning(_ text: String) -> String {
        let open = Array("<think>".utf8)
        let close = Array("</think>".utf8)
        let bytes = Array(text.utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var index = 0
        var inside = false
        while index < bytes.count {
            if !inside, bytes[index] == UInt8(ascii: "<"), bytes[index...].starts(with: open) {
                inside = true
                index += open.count
            } else if inside, bytes[index] == UInt8(ascii: "<"), bytes[index...].starts(with: close) {
                inside = false
                index += close.count
            } else {
                if !inside { kept.append(bytes[index]) }
                index += 1
            }
        }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }
        let start = kept.firstIndex { !isSpace($0) } ?? kept.endIndex
        let end = kept.lastIndex { !isSpace($0) }.map { $0 + 1 } ?? start
        return String(decoding: kept[start..<max(start, end)], as: UTF8.self)
    }
}
