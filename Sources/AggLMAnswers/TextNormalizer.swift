/// Byte-level clean-up shared by extraction and canonicalization.
enum TextNormalizer {
    /// Trims whitespace, math delimiters (`$`, `\(`, `\[`), a trailing period, and wrappers that never change
    /// the value (`\boxed{…}`, `\text{…}` around the whole answer is kept for the tokenizer).
    static func trimmedAnswerBytes(_ input: [UInt8]) -> [UInt8] {
        let kept = trimmedAnswerRange(input, within: 0..<input.count)
        // Most answers need no trimming: share the input's buffer instead of copying it.
        return kept.count == input.count ? input : Array(input[kept])
    }

    /// The part of `input[range]` that `trimmedAnswerBytes` keeps, without copying.
    static func trimmedAnswerRange(_ input: [UInt8], within range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        var changed = true
        var rounds = 0
        while changed && lower < upper && rounds < 8 {
            changed = false
            rounds += 1
            while lower < upper, ByteClass.isSpace(input[lower]) || input[lower] == UInt8(ascii: "$") {
                lower += 1; changed = true
            }
            while upper > lower {
                let last = input[upper - 1]
                if ByteClass.isSpace(last) || last == UInt8(ascii: ".") {
                    upper -= 1
                } else if last == UInt8(ascii: "$") {
                    // `\$` (a currency sign) goes with its backslash.
                    upper -= (upper - 2 >= lower && input[upper - 2] == UInt8(ascii: "\\")) ? 2 : 1
                } else {
                    break
                }
                changed = true
            }
            if upper - lower >= 2, input[lower] == UInt8(ascii: "\\"),
               input[lower + 1] == UInt8(ascii: "(") || input[lower + 1] == UInt8(ascii: "[") {
                lower += 2; changed = true
            }
            if upper - lower >= 2, input[upper - 2] == UInt8(ascii: "\\"),
               input[upper - 1] == UInt8(ascii: ")") || input[upper - 1] == UInt8(ascii: "]") {
                upper -= 2; changed = true
            }
        }
        return lower..<upper
    }

    /// Commands that only format text; dropped from text keys.
    private static let formattingCommands: Set<String> = [
        "text", "textnormal", "mbox", "textrm", "textit", "textbf", "mathrm", "mathbf", "mathit", "emph",
        "boxed", "left", "right", "displaystyle", "quad", "qquad", "textsf", "texttt", "operatorname",
    ]

    /// How `textKey` writes the commands it does not copy as written: formatting commands as "" (dropped),
    /// synonyms by their one name (`LatexCommand.textSynonyms`). One table, so one hash per command.
    private static let commandSpellings: [String: String] = {
        var spellings = LatexCommand.textSynonyms
        for name in formattingCommands { spellings[name] = "" }
        return spellings
    }()

    /// Key for answers that are not mathematics: ASCII lowercased, whitespace, `$`, braces and formatting
    /// commands removed, and each command written by one name per meaning (`LatexCommand.textSynonyms`), so
    /// `\text{Evelyn}` and `evelyn` agree, `x \bmod y` and `x \mod y` too, but `odd` and `oddd` do not. TeX's
    /// infix `{x \choose y}` is written as `\binom{x}{y}` first.
    static func textKey(_ written: [UInt8]) -> String {
        // `{x \choose y}` is `\binom{x}{y}` (`InfixBinomial`).
        let bytes = InfixBinomial.rewritten(written) ?? written
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                var end = index + 1
                while end < bytes.count, ByteClass.isLetter(bytes[end]) { end += 1 }
                if end > index + 1 {
                    let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                    if let spelling = commandSpellings[name] {
                        if !spelling.isEmpty {
                            output.append(UInt8(ascii: "\\"))
                            output.append(contentsOf: spelling.utf8)
                        }
                    } else {
                        output.append(UInt8(ascii: "\\"))
                        output.append(contentsOf: bytes[(index + 1)..<end])
                    }
                    index = end
                    continue
                }
                index += 2
                continue
            }
            if ByteClass.isSpace(byte) || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") {
                index += 1
                continue
            }
            output.append(ByteClass.lowercased(byte))
            index += 1
        }
        while let last = output.last, last == UInt8(ascii: ".") { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }
}
