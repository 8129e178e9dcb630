/// Cuts the sentence after an answer phrase down to the answer itself.
enum AnswerRefiner {
    /// - A box inside the sentence wins.
    /// - A leading choice letter (`D, it can't be A or B`) is the answer.
    /// - Prose (two or more words outside math) is cut after its last " is ", else reduced to its first number
    ///   or math segment (its last one when the sentence has an `=`), else to its first capital choice
    ///   letter.
    static func refine(_ input: [UInt8], depth: Int = 0) -> String? {
        let bytes = TextNormalizer.trimmedAnswerBytes(input)
        guard !bytes.isEmpty else { return nil }
        if let boxed = BoxedAnswerScanner.lastBoxed(in: bytes) { return boxed.answer }
        if let letter = choicePrefix(bytes) { return letter }
        guard proseWordCount(bytes) >= 2 else { return String(decoding: bytes, as: UTF8.self) }
        if depth == 0, let isAt = ByteSearch.lastIndex(of: isMarker, in: bytes, range: 0..<bytes.count) {
            if let refined = refine(Array(bytes[(isAt + 4)...]), depth: 1) { return refined }
        }
        // A marked prose sentence states its answer first (`Réponse : il reste 220 $ à payer d'ici 12 mois`),
        // unless it works it out (`so 3 + 10 = 13 birds`): then the result comes last.
        let worksItOut = bytes.contains(UInt8(ascii: "="))
        if let found = FallbackAnswerScanner.lastAnswer(in: bytes, range: 0..<bytes.count, allowLetters: false,
                                                        first: !worksItOut) { return found }
        return FallbackAnswerScanner.standaloneCapital(in: bytes, first: true)
    }

    /// `D, …`, `(b) …`, `C. …`: a choice letter opening the sentence.
    private static func choicePrefix(_ bytes: [UInt8]) -> String? {
        var cursor = 0
        let parenthesized = bytes[0] == UInt8(ascii: "(")
        if parenthesized { cursor = 1 }
        guard cursor < bytes.count, ByteClass.isLetter(bytes[cursor]) else { return nil }
        let letter = bytes[cursor]
        guard ByteClass.isUpper(letter) || (parenthesized && letter <= UInt8(ascii: "e")) else { return nil }
        cursor += 1
        if parenthesized {
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ")") else { return nil }
            return String(decoding: bytes[0...cursor], as: UTF8.self)
        }
        if cursor == bytes.count { return String(UnicodeScalar(letter)) }
        let next = bytes[cursor]
        if next == UInt8(ascii: ",") || next == UInt8(ascii: ")") || next == UInt8(ascii: ".") || next == UInt8(ascii: ":")
            || (next == UInt8(ascii: " ") && letter <= UInt8(ascii: "E")) {
            return String(UnicodeScalar(letter))
        }
        return nil
    }

    /// Prose words outside `$…$`: three or more ASCII letters (not LaTeX command names or units), or a run
    /// of at least four non-ASCII bytes.
    private static let operatorname = Array("operatorname".utf8)
    private static let isMarker = Array(" is ".utf8)

    static func proseWordCount(_ bytes: [UInt8]) -> Int {
        var count = 0
        var inMath = false
        var cursor = 0
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "$") { inMath.toggle(); cursor += 1; continue }
            if byte == UInt8(ascii: "\\") {
                cursor += 1
                let nameStart = cursor
                while cursor < bytes.count, ByteClass.isLetter(bytes[cursor]) { cursor += 1 }
                // `\operatorname{gcd}`: the braced name is a function's, not a prose word.
                if bytes[nameStart..<cursor].elementsEqual(operatorname), cursor < bytes.count,
                   bytes[cursor] == UInt8(ascii: "{"),
                   let close = bytes[cursor..<min(bytes.count, cursor + 16)].firstIndex(of: UInt8(ascii: "}")) {
                    cursor = close + 1
                }
                continue
            }
            if ByteClass.isLetter(byte) {
                let start = cursor
                while cursor < bytes.count, ByteClass.isLetter(bytes[cursor]) { cursor += 1 }
                // The word is built only when it could count (most letters are in math or short).
                guard !inMath && cursor - start >= 3 else { continue }
                let word = String(decoding: bytes[start..<cursor].map(ByteClass.lowercased), as: UTF8.self)
                if !UnitWords.words.contains(word) { count += 1 }
                continue
            }
            if byte >= 0x80 {
                // Runs of non-ASCII letters (CJK, Arabic, …) are words; single math symbols (π, ≤, ²) are not.
                // A CJK sentence has no spaces, so a long run counts as several words (one per ~two characters,
                // and at least two from three characters on: `，共有 36 个` is a sentence around its number).
                let start = cursor
                while cursor < bytes.count, bytes[cursor] >= 0x80 { cursor += 1 }
                let length = cursor - start
                if !inMath && length >= 4 { count += max(length >= 9 ? 2 : 1, length / 6) }
                continue
            }
            cursor += 1
        }
        return count
    }
}
