/// Turns parsed expressions into answer leaves: numbers (exact or approximate), expressions in variables
/// (sampled), and relations (sampled and normalized).
enum AnswerLeafBuilder {
    static func leaf(for parsed: MathExpression) -> AnswerNode? {
        let expression = foldScientificNotation(parsed)
        let variables = expression.variables
        guard variables.count <= AnswerLimits.maxVariables else { return nil }
        let evaluator = MathEvaluator(degreesAsRadians: expression.containsTrigonometry)
        if variables.isEmpty {
            var isPercent = false
            var core = expression
            if case .percent(let inner) = expression { isPercent = true; core = inner }
            return number(core, evaluator: evaluator, isPercent: isPercent)
        }
        let samples = sample(expression, variables: variables)
        guard samples.contains(where: { $0.isFinite }) else { return nil }
        return .expression(variables: variables, samples: samples)
    }

    private static func number(_ expression: MathExpression, evaluator: MathEvaluator, isPercent: Bool) -> AnswerNode? {
        let precision = writtenPrecision(expression)
        if let exact = evaluator.exactValue(expression) {
            return .number(NumericLeaf(exact: exact, value: exact.doubleValue, writtenPrecision: precision,
                                       isPercent: isPercent))
        }
        let value = evaluator.numericValue(expression)
        guard !value.isNaN else { return nil }
        // Results that are integers up to floating-point noise (`\sqrt2^2`, `2^{1/2^{1000}}`) get the exact
        // key of that integer, so they vote with it.
        let rounded = value.rounded()
        if value.isFinite, abs(value) < 1e15, abs(value - rounded) <= 1e-9 * max(1, abs(value)),
           precision == nil {
            let exact = Rational(Int64(rounded))
            return .number(NumericLeaf(exact: exact, value: rounded, writtenPrecision: nil, isPercent: isPercent))
        }
        return .number(NumericLeaf(exact: nil, value: value, writtenPrecision: precision, isPercent: isPercent))
    }

    /// Half a unit in the last written digit of a bare (possibly negated) decimal literal.
    private static func writtenPrecision(_ expression: MathExpression) -> Double? {
        switch expression {
        case .number(let literal):
            guard literal.isDecimal else { return nil }
            return 0.5 * MathEvaluator.realPower(10, Double(literal.exponent - literal.fractionalDigits))
        case .negate(let inner): return writtenPrecision(inner)
        default: return nil
        }
    }

    /// `2.31 \times 10^{-3}` is the literal 2.31e-3 (so it keeps its written precision).
    private static func foldScientificNotation(_ expression: MathExpression) -> MathExpression {
        switch expression {
        case .negate(let inner): return .negate(foldScientificNotation(inner))
        case .product(let factors) where factors.count == 2:
            guard case .number(let mantissa) = factors[0], case .power(let base, let power) = factors[1],
                  case .number(let ten) = base, !ten.isDecimal, ten.exact == Rational(10) else { return expression }
            var exponent: Int64
            switch power {
            case .number(let literal) where !literal.isDecimal:
                guard let value = literal.exact else { return expression }
                exponent = value.numerator
            case .negate(.number(let literal)) where !literal.isDecimal:
                guard let value = literal.exact else { return expression }
                exponent = -value.numerator
            default: return expression
            }
            guard abs(exponent) <= 300 else { return expression }
            var folded = mantissa
            folded.exponent += Int(exponent)
            folded.approximate = mantissa.approximate * MathEvaluator.realPower(10, Double(exponent))
            if let exact = mantissa.exact, let scale = Rational(10).power(exponent) {
                folded.exact = exact.multiplying(scale)
            } else {
                folded.exact = nil
            }
            return .number(folded)
        default:
            return expression
        }
    }

    static func sample(_ expression: MathExpression, variables: [String]) -> [Double] {
        let trigonometric = expression.containsTrigonometry
        return (0..<SamplePoints.count).map { point in
            MathEvaluator(degreesAsRadians: trigonometric, variableNames: variables,
                          variableValues: SamplePoints.values(point: point, variableCount: variables.count))
                .numericValue(expression)
        }
    }

    /// `lhs op rhs` as `f op 0`, `f = lhs - rhs` scaled by its first non-zero sample.
    static func relation(_ op: RelationOperator, _ lhs: MathExpression, _ rhs: MathExpression) -> AnswerNode? {
        let difference = MathExpression.sum([lhs, .negate(rhs)])
        let variables = difference.variables
        guard variables.count <= AnswerLimits.maxVariables else { return nil }
        var samples = sample(difference, variables: variables)
        guard samples.allSatisfy({ $0.isFinite }) else { return nil }
        if let pivot = samples.first(where: { abs($0) > 1e-12 }) {
            let scale = (op == .less || op == .lessOrEqual) ? abs(pivot) : pivot
            samples = samples.map { $0 / scale }
        } else {
            samples = samples.map { _ in 0 }
        }
        return .relation(op, variables: variables, samples: samples)
    }
}
