/// Finds the last `\boxed{…}` / `\fbox{…}` and joins it with directly preceding boxes separated only by
/// connectives (`\boxed{1} and \boxed{2}` → `1, 2`), as written for multi-part answers.
enum BoxedAnswerScanner {
    private static let commands = [Array("\\boxed".utf8), Array("\\fbox".utf8)]
    private static let connectives: Set<String> = ["and", "or", "quad", "qquad", "text", "textrm", "mbox", "hbox", "textnormal"]
    private static let maxJoined = 16

    struct Box {
        let start: Int
        let contentStart: Int
        let contentEnd: Int
        let end: Int
    }

    /// The position of the last box and its (joined) content. Content may be empty (`\boxed{}`).
    static func lastBoxed(in bytes: [UInt8]) -> (position: Int, answer: String)? {
        guard var box = lastBox(in: bytes, before: bytes.count) else { return nil }
        var parts = [ByteSearch.string(bytes, box.contentStart..<box.contentEnd)]
        let position = box.start
        while parts.count < maxJoined, let previous = lastBox(in: bytes, before: box.start),
              isConnective(bytes, previous.end..<box.start) {
            parts.append(ByteSearch.string(bytes, previous.contentStart..<previous.contentEnd))
            box = previous
        }
        return (position, parts.reversed().joined(separator: ", "))
    }

    /// The last box starting before `limit`.
    private static func lastBox(in bytes: [UInt8], before limit: Int) -> Box? {
        var searchEnd = limit
        while searchEnd > 0 {
            var found: Int?
            var commandLength = 0
            for command in commands {
                if let index = ByteSearch.lastIndex(of: command, in: bytes, range: 0..<searchEnd), index > (found ?? -1) {
                    found = index
                    commandLength = command.count
                }
            }
            guard let start = found else { return nil }
            var cursor = start + commandLength
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "{") {
                if let close = ByteSearch.matchingBrace(in: bytes, from: cursor, limit: bytes.count) {
                    return Box(start: start, contentStart: cursor + 1, contentEnd: close, end: close + 1)
                }
                // Unclosed box: take the rest of the line.
                var end = cursor + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "$") { end += 1 }
                return Box(start: start, contentStart: cursor + 1, contentEnd: end, end: end)
            }
            if cursor > start + commandLength, cursor < bytes.count, ByteClass.isWordByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "-") {
                // `\boxed 5`: one token.
                var end = cursor
                while end < bytes.count, !ByteClass.isSpace(bytes[end]), bytes[end] != UInt8(ascii: "$") { end += 1 }
                return Box(start: start, contentStart: cursor, contentEnd: end, end: end)
            }
            searchEnd = start
        }
        return nil
    }

    /// A gap between two boxes is a connective when it holds at most one word that is not "and"/"or" or
    /// spacing markup (`\quad \text{and} \quad`, ` papers and `, `\) and \( y_2 = `).
    private static func isConnective(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        guard range.count <= 80 else { return false }
        var otherWords = 0
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            guard ByteClass.isWordByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "_") else { cursor += 1; continue }
            let start = cursor
            while cursor < range.upperBound, ByteClass.isWordByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "_") { cursor += 1 }
            let word = String(decoding: bytes[start..<cursor].map(ByteClass.lowercased), as: UTF8.self)
            if !connectives.contains(word) { otherWords += 1 }
        }
        return otherWords <= 1
    }
}
