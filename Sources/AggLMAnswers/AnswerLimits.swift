/// Hard caps that bound the work done on any input, whatever its content.
///
/// Every scanner and parser in this module checks these before looping or recursing, so the cost of one
/// call is bounded by a constant times the (capped) input length.
enum AnswerLimits {
    /// Raw model outputs longer than this are cut to their last `maxTextBytes` bytes (answers sit at the end).
    static let maxTextBytes = 1 << 20
    /// Answer strings longer than this are not parsed as mathematics (they are prose, not answers).
    static let maxAnswerBytes = 1_024
    /// Token count cap for one answer.
    static let maxTokens = 512
    /// Nesting depth cap for braces, parentheses and recursive parsing.
    static let maxDepth = 32
    /// Nesting depth of `\text{…}`-style arguments (each level is re-tokenized).
    static let maxTextNesting = 4
    /// `\text{…}` contents longer than this are not checked for unit words or connectives.
    static let maxUnitPhraseBytes = 64
    /// Elements in one set, tuple, list or matrix.
    static let maxElements = 128
    /// Distinct variables in one expression.
    static let maxVariables = 12
    /// Literal digits kept exactly; longer literals become floating point.
    static let maxExactDigits = 18
}
