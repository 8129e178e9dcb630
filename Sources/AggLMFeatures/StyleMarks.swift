/// How a solution is written, as opposed to what it says: LaTeX, markdown and JSON habits that tell
/// generators apart when their names are not given (`CandidateSignals` counts them in its one pass).
public struct StyleMarks: Sendable, Equatable {
    /// Counts of `\\`, `$`, `*`, `#` and `,` bytes.
    public var backslashes = 0
    public var dollars = 0
    public var asterisks = 0
    public var hashMarks = 0
    public var commas = 0
    /// JSON-escaped newlines (`\\n` written out, as in a JSON string field).
    public var escapedNewlines = 0
    /// Inline LaTeX openers `\\(`.
    public var inlineMathOpeners = 0
    /// The words "step" and "therefore".
    public var stepWords = 0
    public var thereforeWords = 0
    /// Whether `\\boxed` occurs, a code fence (three backticks) occurs, and the first non-space byte is `{`.
    public var boxedMarker = false
    public var codeFence = false
    public var startsWithBrace = false

    public init() {}
}
