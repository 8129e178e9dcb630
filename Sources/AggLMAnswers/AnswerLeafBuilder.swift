/// Turns parsed expressions into answer leaves: numbers (exact or approximate), expressions in variables
/// (sampled), and relations (sampled and normalized).
enum AnswerLeafBuilder {
    static func leaf(for parsed: MathExpression) -> AnswerNode? {
        // A lone literal (the most common leaf) has nothing to fold, no variables and no trigonometry: the
        // general path below gives the same node after three walks of the tree.
        if case .number = parsed {
            return number(parsed, evaluator: MathEvaluator(degreesAsRadians: false), isPercent: false)
        }
        var expression = foldScientificNotation(parsed)
        var variables = expression.variables
        // SymPy prints the imaginary unit as `I` (`a + I b`, `e^{I \pi}`): in an expression without `i` it is `i`.
        // (A lone `I` never gets here: it reads as a choice letter or a Roman numeral.)
        if variables.contains(sympyImaginaryUnit), !variables.contains(ComplexEvaluator.unit) {
            expression = expression.renamingVariable(sympyImaginaryUnit, to: ComplexEvaluator.unit)
            variables = expression.variables
        }
        guard variables.count <= AnswerLimits.maxVariables else { return nil }
        let evaluator = MathEvaluator(degreesAsRadians: expression.containsTrigonometry)
        if variables.isEmpty {
            var isPercent = false
            var core = expression
            if case .percent(let inner) = expression { isPercent = true; core = inner }
            return number(core, evaluator: evaluator, isPercent: isPercent)
        }
        if variables == [ComplexEvaluator.unit], let complex = complexNumber(expression) { return complex }
        let samples = sample(expression, variables: variables)
        guard samples.contains(where: { $0.isFinite }) else { return nil }
        return .expression(variables: variables, samples: samples,
                           tolerances: WrittenPrecision.sampleTolerances(expression, variables: variables))
    }

    private static let sympyImaginaryUnit = "I"

    private static func number(_ expression: MathExpression, evaluator: MathEvaluator, isPercent: Bool) -> AnswerNode? {
        let precision = WrittenPrecision.halfUnit(expression)
        let tolerance = WrittenPrecision.roundingTolerance(expression, evaluator: evaluator)
        if let exact = evaluator.exactValue(expression) {
            return .number(NumericLeaf(exact: exact, value: exact.doubleValue, writtenPrecision: precision,
                                       isPercent: isPercent, roundingTolerance: tolerance))
        }
        let value = evaluator.numericValue(expression)
        // Not real: perhaps complex (`\sqrt{-9}` = 3i).
        guard !value.isNaN else { return isPercent ? nil : complexNumber(expression) }
        if precision == nil, tolerance == 0, let integer = nearInteger(value, zeroByCancellation: expression.canCancel) {
            return .number(NumericLeaf(exact: integer, value: integer.doubleValue, writtenPrecision: nil,
                                       isPercent: isPercent))
        }
        return .number(NumericLeaf(exact: nil, value: value, writtenPrecision: precision, isPercent: isPercent,
                                   roundingTolerance: tolerance))
    }

    /// Results that are integers up to floating-point noise (`\sqrt2^2`, `2^{1/2^{1000}}`) get the exact
    /// key of that integer, so they vote with it. The test is relative (within 1e-9 of the value) for a
    /// non-zero integer. Zero has no relative neighbourhood: a tiny value snaps to 0 (within 1e-9) only when
    /// `zeroByCancellation` says the expression can cancel to zero with rounding noise (a sum, a function
    /// such as `\sin\pi`); a product, quotient or power of non-zero numbers never does, so `13/5e21` stays
    /// 2.6e-21 and does not equal 0.
    private static func nearInteger(_ value: Double, zeroByCancellation: Bool) -> Rational? {
        let rounded = value.rounded()
        guard value.isFinite, abs(value) < 1e15 else { return nil }
        if rounded == 0 {
            guard value == 0 || (zeroByCancellation && abs(value) <= 1e-9) else { return nil }
            return Rational(0)
        }
        guard abs(value - rounded) <= 1e-9 * abs(value) else { return nil }
        return Rational(Int64(rounded))
    }

    /// `a + bi` where `i` is the only variable; nil when `ComplexEvaluator` cannot evaluate it.
    private static func complexNumber(_ expression: MathExpression) -> AnswerNode? {
        guard let value = ComplexEvaluator().value(expression), value.isFinite else { return nil }
        func leaf(_ exact: Rational?, _ number: Double) -> NumericLeaf {
            if let exact { return NumericLeaf(exact: exact, value: exact.doubleValue, writtenPrecision: nil, isPercent: false) }
            return computedLeaf(number)
        }
        let real = leaf(value.exact?.real, value.real)
        let imaginary = leaf(value.exact?.imaginary, value.imaginary)
        if imaginary.exact?.isZero == true || abs(value.imaginary) <= 1e-12 * max(1, abs(value.real)) {
            return .number(real)
        }
        return .complex(real: real, imaginary: imaginary)
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
            folded.scaled = nil  // describes the literal before folding; not needed after parsing
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
        samplingEvaluators(expression, variables: variables).map { $0.numericValue(expression) }
    }

    /// One evaluator per sample point, with `variables` set to that point's values.
    static func samplingEvaluators(_ expression: MathExpression, variables: [String]) -> [MathEvaluator] {
        let trigonometric = expression.containsTrigonometry
        return (0..<SamplePoints.count).map { point in
            MathEvaluator(degreesAsRadians: trigonometric, variableNames: variables,
                          variableValues: SamplePoints.values(point: point, variableCount: variables.count))
        }
    }

    /// The samples of `x < b` (`upper`) or `x > b` as `relation` would make them, for comparing an inequality
    /// in one unknown with the half-line interval it describes (`x \le 2` ~ `(-\infty, 2]`).
    static func halfLineSamples(bound: Double, upper: Bool) -> [Double] {
        var samples = (0..<SamplePoints.count).map { point in
            let x = SamplePoints.values(point: point, variableCount: 1)[0]
            return upper ? x - bound : bound - x
        }
        if let pivot = samples.first(where: { abs($0) > 1e-12 }) { samples = samples.map { $0 / abs(pivot) } }
        return samples
    }

    /// A value computed in floating point: the exact integer when it is one up to noise (a computation can
    /// cancel, so a tiny value is 0), else the value itself.
    private static func computedLeaf(_ value: Double) -> NumericLeaf {
        if let integer = nearInteger(value, zeroByCancellation: true) {
            return NumericLeaf(exact: integer, value: integer.doubleValue, writtenPrecision: nil, isPercent: false)
        }
        return NumericLeaf(exact: nil, value: value, writtenPrecision: nil, isPercent: false)
    }

    /// `|a x + b| < r` (or `≤`) with constant r > 0 and a ≠ 0: the bounded interval it describes, open
    /// (`<`) or closed (`≤`): `|x| \le 3` is `[-3, 3]`, `|2x - 1| < 5` is `(-2, 3)`. The inside must be linear in
    /// its one variable (checked at five points); nil otherwise, and the relation is read as before.
    static func absoluteValueInterval(_ op: RelationOperator, _ lhs: MathExpression, _ rhs: MathExpression) -> AnswerNode? {
        guard op == .less || op == .lessOrEqual, case .absolute(let inner) = lhs, rhs.variables.isEmpty else { return nil }
        let variables = inner.variables
        guard variables.count == 1 else { return nil }
        let radius = MathEvaluator(degreesAsRadians: false).numericValue(rhs)
        let trigonometric = inner.containsTrigonometry
        func value(at x: Double) -> Double {
            MathEvaluator(degreesAsRadians: trigonometric, variableNames: variables, variableValues: [x]).numericValue(inner)
        }
        let offset = value(at: 0)
        let slope = value(at: 1) - offset
        guard radius.isFinite, radius > 0, offset.isFinite, slope.isFinite, abs(slope) > 1e-12 else { return nil }
        for x in [2, 0.5403023059, -1.6180339887] {
            let expected = offset + slope * x
            guard abs(value(at: x) - expected) <= 1e-9 * max(1, abs(expected)) else { return nil }
        }
        let ends = [(-radius - offset) / slope, (radius - offset) / slope].sorted()
        let leaves = ends.map { AnswerNode.number(computedLeaf($0)) }
        let closed = op == .lessOrEqual
        return .ordered(open: UInt8(ascii: closed ? "[" : "("), close: UInt8(ascii: closed ? "]" : ")"), leaves)
    }

    /// `lhs op rhs` as `f op 0`, `f = lhs - rhs` scaled by its first non-zero sample.
    static func relation(_ op: RelationOperator, _ lhs: MathExpression, _ rhs: MathExpression) -> AnswerNode? {
        if let interval = absoluteValueInterval(op, lhs, rhs) { return interval }
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
