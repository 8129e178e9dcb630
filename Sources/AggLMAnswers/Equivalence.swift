/// Mathematical equivalence of answers.
///
/// `equivalent(a, b)` is true when the canonical keys are equal, or when the structures match within the
/// numeric tolerance below; it is symmetric by construction (the tolerant match must hold both ways).
///
/// Tolerance (applied leaf by leaf inside tuples, sets, intervals and matrices):
/// - a bare decimal literal written with at least two decimals matches an exact or irrational value that
///   rounds to it (`0.33` ~ `1/3`, `1.732` ~ `\sqrt3`): |a − b| ≤ half a unit in its last digit;
/// - two decimal literals match when they agree to a relative 1e-6 (`0.066666793` ~ `0.0666668`,
///   but not `2.23` ~ `2.232`);
/// - other values match when they agree to a relative 1e-9 (floating-point noise of irrationals);
/// - a percentage `p%` also matches `p/100`.
/// Clustering does not use this tolerance: it groups by key only, so votes never depend on order.
public enum Equivalence {
    public static func equivalent(_ a: CanonicalAnswer, _ b: CanonicalAnswer) -> Bool {
        if a.key == b.key { return true }
        return NodeMatcher.matches(a.node, b.node) && NodeMatcher.matches(b.node, a.node)
    }

    /// Grades a prediction against a gold answer. Either side may be a bare answer or a full solution text;
    /// both go through the same reading (`GradingReader`), so the result is symmetric. Blank or unreadable
    /// answers never match, not even each other.
    public static func equivalent(gold: String, prediction: String) -> Bool {
        guard let goldAnswer = GradingReader.canonical(gold),
              let predictedAnswer = GradingReader.canonical(prediction) else { return false }
        return equivalent(goldAnswer, predictedAnswer)
    }
}

/// Reads a string that may be a bare answer or a whole solution, for grading.
public enum GradingReader {
    /// Marked answers first (box, "the answer is", JSON, `####`), then the whole string if it is
    /// mathematics or contains no prose words, then the unmarked fallback (last number or math segment), then the string as text.
    public static func canonical(_ text: String) -> CanonicalAnswer? {
        let bytes = AnswerExtractor.prepared(text)
        if let marked = AnswerExtractor.markedAnswer(bytes) { return Canonicalizer.canonicalize(marked) }
        let whole = Canonicalizer.canonicalize(bytes: bytes)
        if let whole, whole.form != .text || AnswerRefiner.proseWordCount(bytes) == 0 { return whole }
        if let fallback = FallbackAnswerScanner.lastAnswer(in: bytes, range: 0..<bytes.count) {
            return Canonicalizer.canonicalize(fallback)
        }
        return whole
    }
}

/// One-directional tolerant structural match (see `Equivalence`).
enum NodeMatcher {
    static func matches(_ a: AnswerNode, _ b: AnswerNode) -> Bool {
        if AnswerKey.key(of: a) == AnswerKey.key(of: b) { return true }
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return numbersMatch(x, y)
        case (.expression(let variablesA, let samplesA), .expression(let variablesB, let samplesB)):
            return variablesA == variablesB && samplesMatch(samplesA, samplesB)
        case (.relation(let opA, let variablesA, let samplesA), .relation(let opB, let variablesB, let samplesB)):
            return opA == opB && variablesA == variablesB && samplesMatch(samplesA, samplesB)
        case (.ordered(let openA, let closeA, let itemsA), .ordered(let openB, let closeB, let itemsB)):
            return openA == openB && closeA == closeB && pairwise(itemsA, itemsB)
        case (.ordered(UInt8(ascii: "("), UInt8(ascii: ")"), let itemsA), .unordered(let itemsB)),
             (.unordered(let itemsA), .ordered(UInt8(ascii: "("), UInt8(ascii: ")"), let itemsB)):
            // A tuple against a set as written: compare in written order.
            return pairwise(itemsA, itemsB)
        case (.unordered(let itemsA), .unordered(let itemsB)), (.union(let itemsA), .union(let itemsB)):
            return unorderedMatch(itemsA, itemsB)
        case (.matrix(let rowsA, let columnsA, let itemsA), .matrix(let rowsB, let columnsB, let itemsB)):
            return rowsA == rowsB && columnsA == columnsB && pairwise(itemsA, itemsB)
        case (.ratio(let itemsA), .ratio(let itemsB)):
            return pairwise(itemsA, itemsB)
        default:
            return false
        }
    }

    private static func pairwise(_ a: [AnswerNode], _ b: [AnswerNode]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
    }

    /// Greedy matching of each element of `a` to a distinct element of `b` (sizes are capped, so O(n²) is
    /// bounded).
    private static func unorderedMatch(_ a: [AnswerNode], _ b: [AnswerNode]) -> Bool {
        guard a.count == b.count else { return false }
        var used = [Bool](repeating: false, count: b.count)
        outer: for item in a {
            for index in b.indices where !used[index] && matches(item, b[index]) {
                used[index] = true
                continue outer
            }
            return false
        }
        return true
    }

    private static func numbersMatch(_ x: NumericLeaf, _ y: NumericLeaf) -> Bool {
        if valuesMatch(x, x.value, y, y.value) { return true }
        if x.isPercent && valuesMatch(x, x.value / 100, y, y.value) { return true }
        if y.isPercent && valuesMatch(x, x.value, y, y.value / 100) { return true }
        return false
    }

    private static func valuesMatch(_ x: NumericLeaf, _ a: Double, _ y: NumericLeaf, _ b: Double) -> Bool {
        guard a.isFinite, b.isFinite else { return a == b }
        let difference = abs(a - b)
        let scale = max(abs(a), abs(b))
        switch (x.writtenPrecision, y.writtenPrecision) {
        case (.some, .some):
            return difference <= 1e-6 * scale
        case (.some(let precision), .none), (.none, .some(let precision)):
            // Only literals with at least two decimals (or scientific notation) count as rounded values.
            let threshold = precision <= 0.005 ? precision * (1 + 1e-9) + 1e-15 : 0
            return difference <= max(threshold, 1e-9 * scale)
        case (.none, .none):
            return difference <= 1e-9 * scale
        }
    }

    private static func samplesMatch(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { left, right in
            if left.isNaN || right.isNaN { return left.isNaN && right.isNaN }
            return abs(left - right) <= 1e-8 * max(1, abs(left), abs(right))
        }
    }
}
