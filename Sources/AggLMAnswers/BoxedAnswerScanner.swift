#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the last `\boxed{…}` / `\fbox{…}` and joins it with directly preceding boxes separated only by
/// connectives (`\boxed{1} and \boxed{2}` → `1, 2`), as written for multi-part answers.
enum BoxedAnswerScanner {
    private static let commands = [Array("\\boxed".utf8), Array("\\fbox".utf8)]
    private static let connectives: Set<String> = ["and", "or", "quad", "qquad", "text", "textrm", "mbox", "hbox", "textnormal"]
    private static let maxJoined = 16
    /// Only the last occurrences are candidates; earlier ones can never be the final answer.
    private static let maxCandidates = 64

    private struct Box {
        let start: Int
        let contentStart: Int
        let contentEnd: Int
        let end: Int
    }

    /// The position of the last box and its (joined) content. Content may be empty (`\boxed{}`).
    static func lastBoxed(in bytes: [UInt8]) -> (position: Int, answer: String)? {
        var starts = commandStarts(in: bytes)
        guard var box = nextBox(in: bytes, from: &starts) else { return nil }
        var parts = [ByteSearch.string(bytes, box.contentStart..<box.contentEnd)]
        let position = box.start
        while parts.count < maxJoined, let previous = nextBox(in: bytes, from: &starts),
              previous.end <= box.start, isConnective(bytes, previous.end..<box.start) {
            parts.append(ByteSearch.string(bytes, previous.contentStart..<previous.contentEnd))
            box = previous
        }
        return (position, parts.reversed().joined(separator: ", "))
    }

    /// The contents of the last `count` boxes in text order, joined as a list; nil when there are fewer.
    static func lastBoxes(in bytes: [UInt8], count: Int) -> String? {
        guard count >= 1, count <= maxJoined else { return nil }
        var starts = commandStarts(in: bytes)
        var parts: [String] = []
        var earliestStart = Int.max
        while parts.count < count, let box = nextBox(in: bytes, from: &starts) {
            // A box nested in a later one was already read as part of it.
            guard box.end <= earliestStart else { continue }
            parts.append(ByteSearch.string(bytes, box.contentStart..<box.contentEnd))
            earliestStart = box.start
        }
        guard parts.count == count else { return nil }
        return parts.reversed().joined(separator: ", ")
    }

    /// Start positions (with command length) of the last `maxCandidates` commands, in text order; one pass.
    private static func commandStarts(in bytes: [UInt8]) -> [(start: Int, length: Int)] {
        var starts: [(start: Int, length: Int)] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            // memchr: this runs on every text read, and most bytes are not backslashes.
            while index < buffer.count, let hit = memchr(base + index, Int32(UInt8(ascii: "\\")), buffer.count - index) {
                index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                for command in commands where ByteSearch.matches(command, in: bytes, at: index, caseInsensitive: false) {
                    starts.append((index, command.count))
                    if starts.count > 2 * maxCandidates { starts.removeFirst(maxCandidates) }
                    break
                }
                index += 1
            }
        }
        return Array(starts.suffix(maxCandidates))
    }

    /// Pops candidates from the end until one forms a box.
    private static func nextBox(in bytes: [UInt8], from starts: inout [(start: Int, length: Int)]) -> Box? {
        while let (start, length) = starts.popLast() {
            var cursor = start + length
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
            if cursor > start + length, cursor < bytes.count,
               ByteClass.isWordByte(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "-") {
                // `\boxed 5`: one token.
                var end = cursor
                while end < bytes.count, !ByteClass.isSpace(bytes[end]), bytes[end] != UInt8(ascii: "$") { end += 1 }
                return Box(start: start, contentStart: cursor, contentEnd: end, end: end)
            }
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
