/// Canonical forms of answer strings.
public enum Canonicalizer {
    /// The canonical form of an answer string (already extracted: `\frac{1}{2}`, `x = 3`, `(B)`), or nil when
    /// it is empty, blank, or too long / too deeply nested to be an answer. Text that is not mathematics
    /// gets a normalized `.text` form. Runs in time linear in the (capped) input length.
    public static func canonicalize(_ answer: String) -> CanonicalAnswer? {
        canonicalize(bytes: Array(answer.utf8))
    }

    /// `flipsAmbiguousCommas` reads commas between digits the other way (`MathTokenizer.decimalCommaLength`).
    /// `keepsSolvedEquations` keeps `y = 2x + 1` as an equation (`AnswerStructureParser`).
    static func canonicalize(bytes input: [UInt8], flipsAmbiguousCommas: Bool = false,
                             keepsSolvedEquations: Bool = false) -> CanonicalAnswer? {
        guard input.count <= AnswerLimits.maxAnswerBytes else { return nil }
        let bytes = TextNormalizer.trimmedAnswerBytes(input)
        guard !bytes.isEmpty else { return nil }
        if let letter = ChoiceLetter.leadingLetter(bytes) { return CanonicalAnswer(node: .letter(letter)) }
        guard let tokens = MathTokenizer.tokenize(bytes, flipsAmbiguousCommas: flipsAmbiguousCommas) else { return nil }
        if tokens.isEmpty { return nil }
        if let node = AnswerStructureParser.parse(tokens, keepsSolvedEquations: keepsSolvedEquations) { return CanonicalAnswer(node: node) }
        let text = TextNormalizer.textKey(bytes)
        guard !text.isEmpty else { return nil }
        return CanonicalAnswer(node: .text(text))
    }
}
