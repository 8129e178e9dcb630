#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where a model output stops answering and starts writing a new question.
///
/// Small models prompted with a template (`## Question: … ## Instruction … {"answer": "___"}`) often
/// answer, then go on to invent a new question, answer that, and finally echo the template with its
/// placeholder. The last answer in such a text belongs to a question nobody asked. On ZeroEval MATH
/// level 5, 316 outputs write a new question after their answer; read to the end, 3 of them are
/// right, read up to the new question (when an answer stands before it) 46 are.
enum QuestionEcho {
    /// The offset of the first line (not the first one of the text) that opens a question section:
    /// optional `#` marks, then `Question` or `Problem`, optionally a number, then `:` or the end of
    /// the line. nil when there is none. One pass over the bytes.
    static func continuationStart(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var from = 0
            // memchr: this runs on every candidate, and most texts have no heading at all.
            while from < buffer.count, let hit = memchr(base + from, Int32(UInt8(ascii: "\n")), buffer.count - from) {
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if opensQuestion(bytes, at: newline + 1) { return newline }
                from = newline + 1
            }
            return nil
        }
    }

    private static let headings = [Array("Question".utf8), Array("Problem".utf8)]

    private static func opensQuestion(_ bytes: [UInt8], at start: Int) -> Bool {
        var cursor = skip(bytes, from: start) { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "#") }
        // Most lines start with neither heading: decide on one byte before touching the patterns.
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "Q") || bytes[cursor] == UInt8(ascii: "P"),
              let heading = headings.first(where: { ByteSearch.matches($0, in: bytes, at: cursor, caseInsensitive: false) })
        else { return false }
        cursor += heading.count
        cursor = skip(bytes, from: cursor) { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        cursor = skip(bytes, from: cursor) { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        cursor = skip(bytes, from: cursor) { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return cursor >= bytes.count || bytes[cursor] == UInt8(ascii: ":") || bytes[cursor] == UInt8(ascii: "\n")
            || bytes[cursor] == UInt8(ascii: "\r")
    }

    private static func skip(_ bytes: [UInt8], from start: Int, while matches: (UInt8) -> Bool) -> Int {
        var cursor = start
        while cursor < bytes.count, matches(bytes[cursor]) { cursor += 1 }
        return cursor
    }
}
