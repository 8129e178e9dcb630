/// Recognizes outputs that are programs (Faithful-CoT's symbolic prompts): their answer exists only after
/// running them, so numbers found in their text (step labels, literals) are not answers.
enum ProgramText {
    private static let lineStarts: [[UInt8]] = ["answer =", "answer=", "def ", "from sympy import"]
        .map { Array($0.utf8) }

    /// True when some line begins (after indentation) with an assignment to `answer`, a `def`, or a sympy
    /// import.
    static func looksLikeProgram(_ bytes: [UInt8]) -> Bool {
        var lineStart = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { lineStart = true; index += 1; continue }
            if lineStart && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) { index += 1; continue }
            if lineStart {
                for start in lineStarts where ByteSearch.matches(start, in: bytes, at: index, caseInsensitive: false) {
                    return true
                }
                lineStart = false
            }
            index += 1
        }
        return false
    }
}
