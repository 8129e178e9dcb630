/// Mathematical equivalence of answers.
///
/// `equivalent(a, b)` is true when the canonical keys are equal, or when the structures match within the
/// numeric tolerance below; it is symmetric by construction (the tolerant match must hold both ways).
///
/// Tolerance (applied leaf by leaf inside tuples, sets, intervals, matrices and complex numbers):
/// - a value written with rounded decimals (`WrittenPrecision`: a literal with at least two decimals or
///   three significant digits, alone or inside a constant expression) matches an exact non-integer value
///   within one unit of its last written digit, carried through the expression (`0.33` ~ `1/3`,
///   `125.663` ~ `40\pi`, `1 + 1.414` ~ `1 + \sqrt2`; not `0.3` ~ `1/3`), and in an expression with variables
///   at every sample point (`x + 1.414 y` ~ `x + \sqrt2 y`);
/// - an exact integer never matches a non-integer by tolerance (`3` vs `3.0001` differ);
/// - two rounded values match when they agree to a relative 1e-6 (`0.066666793` ~ `0.0666668`,
///   but not `2.23` ~ `2.232`);
/// - other values match when they agree to a relative 1e-9 (floating-point noise of irrationals);
/// - a percentage `p%` also matches `p/100` (its tolerance scaled the same way).
/// Clustering does not use this tolerance: it groups by key only, so votes never depend on order.
public enum Equivalence {
    public static func equivalent(_ a: CanonicalAnswer, _ b: CanonicalAnswer) -> Bool {
        if a.key == b.key { return true }
        return NodeMatcher.matches(a.node, b.node, keysDiffer: true) && NodeMatcher.matches(b.node, a.node, keysDiffer: true)
    }

    /// Grades a prediction against a gold answer. Either side may be a bare answer or a full solution text;
    /// both go through the same reading (`GradingReader`), so the result is symmetric except for the
    /// several-boxes rule below. Blank or unreadable answers never match, not even each other.
    public static func equivalent(gold: String, prediction: String) -> Bool {
        guard let goldReading = GradingReader.read(gold), let predictedReading = GradingReader.read(prediction)
        else { return false }
        return equivalent(goldReading, predictedReading)
    }

    /// Grades two readings. When the answers as read differ, two readings that only the other side can
    /// decide are tried, each symmetric:
    /// - an equation against a solved form (`2x + 4y - 3 = 0` vs `y = -\frac12 x + \frac34`, which reads as
    ///   its right side): both read again keeping `y = …` as an equation;
    /// - commas between digits read the other way (`1,22` is 1.22 against `1.22`, a pair against `1, 22`;
    ///   `MathTokenizer.decimalCommaLength`);
    /// - an answer with part labels (`(a) 4; (b) 9`) read without them, as the list `4; 9` (`PartLabels`);
    /// - a prediction given as several separate boxes (one per part of the question) against a gold list of
    ///   n answers: its last n boxes, in order, as that list. Only this way round: a gold written as several
    ///   boxes means its last box (the reference is what it says), so this one rule is not symmetric.
    public static func equivalent(_ gold: GradingReader.Reading, _ prediction: GradingReader.Reading) -> Bool {
        if equivalent(gold.canonical, prediction.canonical) {
            // `x=3, y=4` against `x=4, y=3`: the same list of values, but named values are compared by name
            // (`NamedValues`). Only lists that already match can be told apart this way.
            if (gold.canonical.node.listCount ?? 0) >= 2, (prediction.canonical.node.listCount ?? 0) >= 2,
               NamedValues.match(gold.answer, prediction.answer) == false { return false }
            return true
        }
        if gold.hasDigitComma || prediction.hasDigitComma,
           let goldFlipped = gold.flippedCommas(), let predictedFlipped = prediction.flippedCommas(),
           equivalent(goldFlipped, predictedFlipped) { return true }
        if isEquationAgainstSolved(gold.canonical, prediction.canonical) || isEquationAgainstSolved(prediction.canonical, gold.canonical),
           let goldEquation = gold.asEquation(), let predictedEquation = prediction.asEquation(),
           equivalent(goldEquation, predictedEquation) { return true }
        let goldUnlabelled = gold.withoutPartLabels()
        let predictedUnlabelled = prediction.withoutPartLabels()
        if goldUnlabelled != nil || predictedUnlabelled != nil,
           equivalent(goldUnlabelled ?? gold.canonical, predictedUnlabelled ?? prediction.canonical) { return true }
        return boxesMatchList(gold, prediction)
    }

    private static func isEquationAgainstSolved(_ a: CanonicalAnswer, _ b: CanonicalAnswer) -> Bool {
        a.form == .relation && b.form == .expression
    }

    private static func boxesMatchList(_ list: GradingReader.Reading, _ boxed: GradingReader.Reading) -> Bool {
        guard let count = list.canonical.node.listCount, count >= 2,
              let joined = boxed.lastBoxes(count), let answer = Canonicalizer.canonicalize(joined) else { return false }
        return equivalent(list.canonical, answer)
    }
}

/// One-directional tolerant structural match (see `Equivalence`).
enum NodeMatcher {
    /// `keysDiffer`: the caller already compared the two keys (building a key costs more than most
    /// structural matches, so the top level does not build them again).
    static func matches(_ a: AnswerNode, _ b: AnswerNode, keysDiffer: Bool = false) -> Bool {
        if !keysDiffer, AnswerKey.key(of: a) == AnswerKey.key(of: b) { return true }
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return numbersMatch(x, y)
        case (.complex(let realA, let imaginaryA), .complex(let realB, let imaginaryB)):
            return numbersMatch(realA, realB) && numbersMatch(imaginaryA, imaginaryB)
        case (.expression(let variablesA, let samplesA, let tolerancesA), .expression(let variablesB, let samplesB, let tolerancesB)):
            guard variablesA == variablesB else { return false }
            if samplesMatch(samplesA, samplesB) { return true }
            // Rounded literals against an exact expression: within the rounded side's tolerance at every
            // sample (two rounded sides are only compared as above).
            if tolerancesA.isEmpty == tolerancesB.isEmpty { return false }
            return samplesWithinRounding(samplesA, samplesB, tolerances: tolerancesA.isEmpty ? tolerancesB : tolerancesA)
        case (.relation(let opA, let variablesA, let samplesA), .relation(let opB, let variablesB, let samplesB)):
            return opA == opB && variablesA == variablesB && samplesMatch(samplesA, samplesB)
        case (.relation(let op, let variables, let samples), .ordered(let open, let close, let items)),
             (.ordered(let open, let close, let items), .relation(let op, let variables, let samples)):
            return inequalityMatchesHalfLine(op, variables, samples, open: open, close: close, items)
        case (.ordered(let openA, let closeA, let itemsA), .ordered(let openB, let closeB, let itemsB)):
            return openA == openB && closeA == closeB && pairwise(itemsA, itemsB)
        case (.ordered(UInt8(ascii: "("), UInt8(ascii: ")"), let itemsA), .unordered(let itemsB)),
             (.unordered(let itemsA), .ordered(UInt8(ascii: "("), UInt8(ascii: ")"), let itemsB)):
            // A tuple against a set as written: compare in written order.
            return pairwise(itemsA, itemsB)
        case (.ordered(UInt8(ascii: "["), UInt8(ascii: "]"), let itemsA), .unordered(let itemsB)) where !isInterval(itemsA),
             (.unordered(let itemsA), .ordered(UInt8(ascii: "["), UInt8(ascii: "]"), let itemsB)) where !isInterval(itemsB):
            // A bracketed list that cannot be an interval (`[24, 120, 36]`, a program's output) is a list too.
            return pairwise(itemsA, itemsB)
        case (.unordered(let itemsA), .unordered(let itemsB)), (.union(let itemsA), .union(let itemsB)):
            return unorderedMatch(itemsA, itemsB)
        case (.unordered(let relations), .union(let intervals)) where relations.allSatisfy(\.isRelation),
             (.union(let intervals), .unordered(let relations)) where relations.allSatisfy(\.isRelation):
            // `x < 1 \text{ or } x > 2` against `(-\infty, 1) \cup (2, \infty)`: each inequality is one half-line.
            return unorderedMatch(relations, intervals)
        case (.matrix(let rowsA, let columnsA, let itemsA), .matrix(let rowsB, let columnsB, let itemsB)):
            return rowsA == rowsB && columnsA == columnsB && pairwise(itemsA, itemsB)
        case (.matrix(let rows, let columns, let entries), .ordered(_, _, let items)) where rows == 1 || columns == 1,
             (.ordered(_, _, let items), .matrix(let rows, let columns, let entries)) where rows == 1 || columns == 1:
            // A vector written as a one-column (or one-row) matrix is the tuple of its entries: `[0.5, 1]`.
            return pairwise(entries, items)
        case (.ratio(let itemsA), .ratio(let itemsB)):
            return pairwise(itemsA, itemsB)
        case (.call(let nameA, let argumentsA), .call(let nameB, let argumentsB)):
            return nameA == nameB && unorderedMatch(argumentsA, argumentsB)
        default:
            return false
        }
    }

    /// `x \le 2` against `(-\infty, 2]`, `-x > -1` against `(1, \infty)`: an inequality in one unknown and
    /// a half-line interval with the same end point and strictness.
    private static func inequalityMatchesHalfLine(_ op: RelationOperator, _ variables: [String], _ samples: [Double],
                                                  open: UInt8, close: UInt8, _ items: [AnswerNode]) -> Bool {
        guard variables.count == 1, op == .less || op == .lessOrEqual, items.count == 2,
              case .number(let low) = items[0], case .number(let high) = items[1] else { return false }
        let upper: Bool
        let strict: Bool
        let bound: Double
        if low.value == -.infinity, high.value.isFinite {
            upper = true; strict = close == UInt8(ascii: ")"); bound = high.value
        } else if high.value == .infinity, low.value.isFinite {
            upper = false; strict = open == UInt8(ascii: "("); bound = low.value
        } else {
            return false
        }
        guard strict == (op == .less) else { return false }
        return samplesMatch(samples, AnswerLeafBuilder.halfLineSamples(bound: bound, upper: upper))
    }

    /// Two numbers in ascending order: `[a, b]` may be an interval.
    private static func isInterval(_ items: [AnswerNode]) -> Bool {
        guard items.count == 2, case .number(let low) = items[0], case .number(let high) = items[1] else { return false }
        return low.value < high.value
    }

    private static func pairwise(_ a: [AnswerNode], _ b: [AnswerNode]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
    }

    /// Greedy matching of each element of `a` to a distinct element of `b` (sizes are capped, so O(n²) is
    /// bounded). A set lists each element once: when the sizes differ, an element written twice counts once
    /// (`(3,17),(2,5),(3,17)` is the set of two pairs).
    private static func unorderedMatch(_ a: [AnswerNode], _ b: [AnswerNode]) -> Bool {
        if a.count != b.count {
            let distinctA = distinct(a)
            let distinctB = distinct(b)
            guard distinctA.count == distinctB.count, distinctA.count < a.count || distinctB.count < b.count
            else { return false }
            return unorderedMatch(distinctA, distinctB)
        }
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

    /// The elements with repeats (equal keys) removed, first occurrence kept.
    private static func distinct(_ items: [AnswerNode]) -> [AnswerNode] {
        var seen = Set<String>()
        return items.filter { seen.insert(AnswerKey.key(of: $0)).inserted }
    }

    private static func numbersMatch(_ x: NumericLeaf, _ y: NumericLeaf) -> Bool {
        if valuesMatch(x, 1, y, 1) { return true }
        if x.isPercent && valuesMatch(x, 0.01, y, 1) { return true }
        if y.isPercent && valuesMatch(x, 1, y, 0.01) { return true }
        return false
    }

    /// Compares `x.value * scaleX` with `y.value * scaleY` (a scale of 0.01 reads a percentage as a fraction).
    private static func valuesMatch(_ x: NumericLeaf, _ scaleX: Double, _ y: NumericLeaf, _ scaleY: Double) -> Bool {
        let a = x.value * scaleX
        let b = y.value * scaleY
        guard a.isFinite, b.isFinite else { return a == b }
        let difference = abs(a - b)
        let scale = max(abs(a), abs(b))
        if difference <= 1e-9 * scale { return true }
        let xIsRounded = x.writtenPrecision != nil || x.roundingTolerance > 0
        let yIsRounded = y.writtenPrecision != nil || y.roundingTolerance > 0
        switch (xIsRounded, yIsRounded) {
        case (true, true):
            // Two approximations: equal when they agree to a relative 1e-6.
            return difference <= 1e-6 * scale
        case (true, false):
            return withinRounding(a, rounded: x, scale: scaleX, exact: b, exactLeaf: y)
        case (false, true):
            return withinRounding(b, rounded: y, scale: scaleY, exact: a, exactLeaf: x)
        case (false, false):
            return false
        }
    }

    /// A rounded value against an exact one: within the rounded side's tolerance, and never against an
    /// integer (an integer answer is not "approximately" anything). A bare literal (`1.41`) is the exact
    /// value rounded (within half a unit of its last digit) or truncated (cut toward zero, so at most one
    /// unit short of it in magnitude): `1.414` and `1.41` are √2, `1.42` is not.
    private static func withinRounding(_ value: Double, rounded: NumericLeaf, scale: Double,
                                       exact: Double, exactLeaf: NumericLeaf) -> Bool {
        if exactLeaf.exact?.isInteger == true { return false }
        let tolerance = rounded.roundingTolerance * scale
        guard tolerance > 0 else { return false }
        let difference = abs(value - exact)
        let slack = 1e-9 * tolerance + 1e-15
        guard rounded.writtenPrecision != nil else { return difference <= tolerance + slack }
        if difference <= 0.5 * tolerance + slack { return true }
        let truncated = (value >= 0) == (exact >= 0) && abs(value) <= abs(exact)
        return truncated && difference <= tolerance + slack
    }

    private static func samplesWithinRounding(_ a: [Double], _ b: [Double], tolerances: [Double]) -> Bool {
        a.count == b.count && b.count == tolerances.count && a.indices.allSatisfy { index in
            let difference = abs(a[index] - b[index])
            if a[index].isNaN || b[index].isNaN { return a[index].isNaN && b[index].isNaN }
            return tolerances[index] > 0 && difference <= tolerances[index] * (1 + 1e-9) + 1e-15
        }
    }

    private static func samplesMatch(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { left, right in
            if left.isNaN || right.isNaN { return left.isNaN && right.isNaN }
            return abs(left - right) <= 1e-8 * max(1, abs(left), abs(right))
        }
    }
}
