#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How precisely a number was written, and so how far it may sit from an exact value it stands for.
///
/// Rule (see `Equivalence`): a decimal literal counts as a rounded value when it has at least two decimals
/// or at least three significant digits (`0.33`, `1.414`, `125.663`, `12.6`, but not `0.3` or `1.4`). Such a
/// literal may differ from the exact value it stands for by up to one unit in its last written digit —
/// one unit rather than half, because models truncate as often as they round (40π = 125.6637… is written
/// `125.663`). Inside an expression (`1 + 1.414`, `3.14 \cdot 40`) each rounded literal's unit is carried to
/// the value by finite differences: the tolerance is Σ |f(…, dₖ + unitₖ, …) − f(…)| over the literals.
/// In an expression with free variables (`x + 1.414 y`) the same sum is taken at each sample point.
enum WrittenPrecision {
    /// Only the first few literals are perturbed, which bounds the work at a few evaluations.
    private static let maxLiterals = 8

    /// Half a unit in the last written digit of a bare (possibly negated) decimal literal; nil otherwise.
    static func halfUnit(_ expression: MathExpression) -> Double? {
        switch expression {
        case .number(let literal):
            guard literal.isDecimal else { return nil }
            return 0.5 * unit(literal)
        case .negate(let inner): return halfUnit(inner)
        default: return nil
        }
    }

    /// The distance from an exact value within which `expression` (a constant) still reads as that value
    /// rounded; 0 when it holds no rounded literal.
    static func roundingTolerance(_ expression: MathExpression, evaluator: MathEvaluator) -> Double {
        var count = 0
        countRoundedLiterals(expression, into: &count)
        guard count > 0 else { return 0 }
        let base = evaluator.numericValue(expression)
        guard base.isFinite else { return 0 }
        var tolerance = 0.0
        for target in 0..<min(count, maxLiterals) {
            var seen = 0
            let changed = evaluator.numericValue(bumping(expression, target: target, seen: &seen))
            guard changed.isFinite else { return 0 }
            tolerance += abs(changed - base)
        }
        return tolerance
    }

    /// The same tolerance at each sample point of an expression in `variables` (`x + 1.414 y` against
    /// `x + \sqrt2 y`); empty when the expression holds no rounded literal.
    static func sampleTolerances(_ expression: MathExpression, variables: [String]) -> [Double] {
        var count = 0
        countRoundedLiterals(expression, into: &count)
        guard count > 0 else { return [] }
        return AnswerLeafBuilder.samplingEvaluators(expression, variables: variables).map {
            roundingTolerance(expression, evaluator: $0)
        }
    }

    private static func unit(_ literal: NumberLiteral) -> Double {
        MathEvaluator.realPower(10, Double(literal.exponent - literal.fractionalDigits))
    }

    private static func isRounded(_ literal: NumberLiteral) -> Bool {
        guard literal.isDecimal else { return false }
        let decimals = literal.fractionalDigits - literal.exponent
        return decimals >= 2 || significantDigits(literal) >= 3
    }

    private static func significantDigits(_ literal: NumberLiteral) -> Int {
        // Leading zeros (`0.05`) are not significant; trailing ones that were written (`1.40`) are.
        let magnitude = abs(literal.approximate)
        guard magnitude > 0, magnitude.isFinite else { return 0 }
        let leading = Int(log10(magnitude).rounded(.down))
        return max(0, leading + 1 + literal.fractionalDigits - literal.exponent)
    }

    private static func countRoundedLiterals(_ expression: MathExpression, into count: inout Int) {
        guard count <= maxLiterals else { return }
        switch expression {
        case .number(let literal): if isRounded(literal) { count += 1 }
        case .variable, .pi, .euler, .infinity: break
        case .negate(let inner), .factorial(let inner), .percent(let inner), .degrees(let inner),
             .absolute(let inner), .function(_, _, let inner):
            countRoundedLiterals(inner, into: &count)
        case .sum(let terms), .product(let terms):
            for term in terms { countRoundedLiterals(term, into: &count) }
        case .quotient(let left, let right), .power(let left, let right):
            countRoundedLiterals(left, into: &count); countRoundedLiterals(right, into: &count)
        case .root(let index, let radicand):
            if let index { countRoundedLiterals(index, into: &count) }
            countRoundedLiterals(radicand, into: &count)
        }
    }

    /// `expression` with its `target`-th rounded literal (in the order `countRoundedLiterals` visits them)
    /// increased by one unit in its last digit.
    private static func bumping(_ expression: MathExpression, target: Int, seen: inout Int) -> MathExpression {
        switch expression {
        case .number(var literal):
            guard isRounded(literal) else { return expression }
            defer { seen += 1 }
            guard seen == target else { return expression }
            literal.approximate += unit(literal)
            return .number(literal)
        case .variable, .pi, .euler, .infinity: return expression
        case .negate(let inner): return .negate(bumping(inner, target: target, seen: &seen))
        case .factorial(let inner): return .factorial(bumping(inner, target: target, seen: &seen))
        case .percent(let inner): return .percent(bumping(inner, target: target, seen: &seen))
        case .degrees(let inner): return .degrees(bumping(inner, target: target, seen: &seen))
        case .absolute(let inner): return .absolute(bumping(inner, target: target, seen: &seen))
        case .function(let function, let base, let inner):
            return .function(function, logBase: base, bumping(inner, target: target, seen: &seen))
        case .sum(let terms): return .sum(terms.map { bumping($0, target: target, seen: &seen) })
        case .product(let factors): return .product(factors.map { bumping($0, target: target, seen: &seen) })
        case .quotient(let left, let right):
            let newLeft = bumping(left, target: target, seen: &seen)
            return .quotient(newLeft, bumping(right, target: target, seen: &seen))
        case .power(let left, let right):
            let newLeft = bumping(left, target: target, seen: &seen)
            return .power(newLeft, bumping(right, target: target, seen: &seen))
        case .root(let index, let radicand):
            let newIndex = index.map { bumping($0, target: target, seen: &seen) }
            return .root(index: newIndex, bumping(radicand, target: target, seen: &seen))
        }
    }
}
