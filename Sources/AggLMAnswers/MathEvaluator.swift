#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluates `MathExpression`s exactly (rationals) where possible and numerically otherwise.
///
/// Pure functions of their inputs; recursion follows the expression, whose height the parser capped.
struct MathEvaluator {
    /// When true, `°` converts to radians (only inside trigonometry); otherwise a degree mark is dropped so
    /// that `90^\circ` equals `90`.
    let degreesAsRadians: Bool
    /// Variable values, indexed like `variableNames`.
    let variableNames: [String]
    let variableValues: [Double]

    init(degreesAsRadians: Bool, variableNames: [String] = [], variableValues: [Double] = []) {
        self.degreesAsRadians = degreesAsRadians
        self.variableNames = variableNames
        self.variableValues = variableValues
    }

    // MARK: Exact

    /// The exact rational value, or nil if the expression is irrational, has variables, or overflows.
    func exactValue(_ expression: MathExpression) -> Rational? {
        switch expression {
        case .number(let literal): return literal.exact
        case .variable, .pi, .euler, .infinity, .function: return nil
        case .negate(let inner): return exactValue(inner)?.negated()
        case .sum(let terms):
            var total = Rational.zero
            for term in terms {
                guard let value = exactValue(term), let next = total.adding(value) else { return nil }
                total = next
            }
            return total
        case .product(let factors):
            var total = Rational.one
            for factor in factors {
                guard let value = exactValue(factor), let next = total.multiplying(value) else { return nil }
                total = next
            }
            return total
        case .quotient(let numerator, let denominator):
            guard let top = exactValue(numerator), let bottom = exactValue(denominator) else { return nil }
            return top.dividing(by: bottom)
        case .power(let base, let exponent):
            guard let baseValue = exactValue(base), let exponentValue = exactValue(exponent) else { return nil }
            if exponentValue.isInteger { return baseValue.power(exponentValue.numerator) }
            guard exponentValue.denominator <= 12, let root = MathEvaluator.exactRoot(baseValue, degree: exponentValue.denominator)
            else { return nil }
            return root.power(exponentValue.numerator)
        case .root(let index, let radicand):
            guard let value = exactValue(radicand) else { return nil }
            var degree: Int64 = 2
            if let index {
                guard let indexValue = exactValue(index), indexValue.isInteger, indexValue.numerator >= 1,
                      indexValue.numerator <= 12 else { return nil }
                degree = indexValue.numerator
            }
            return MathEvaluator.exactRoot(value, degree: degree)
        case .factorial(let inner):
            guard let value = exactValue(inner), value.isInteger, value.numerator >= 0, value.numerator <= 20
            else { return nil }
            var result: Int64 = 1
            if value.numerator > 1 { for factor in 2...value.numerator { result *= factor } }
            return Rational(result)
        case .percent(let inner):
            return exactValue(inner)?.dividing(by: Rational(100))
        case .degrees(let inner):
            return degreesAsRadians ? nil : exactValue(inner)
        case .absolute(let inner):
            guard let value = exactValue(inner) else { return nil }
            return value.numerator < 0 ? value.negated() : value
        }
    }

    /// The exact `degree`-th root of a rational when both parts are perfect powers (negative only for odd
    /// degrees), else nil.
    static func exactRoot(_ value: Rational, degree: Int64) -> Rational? {
        guard degree >= 1 else { return nil }
        if degree == 1 { return value }
        if value.numerator < 0 {
            guard degree % 2 == 1, let positive = exactRoot(value.negated(), degree: degree) else { return nil }
            return positive.negated()
        }
        guard let top = integerRoot(value.numerator, degree: degree),
              let bottom = integerRoot(value.denominator, degree: degree) else { return nil }
        return Rational(numerator: top, denominator: bottom)
    }

    private static func integerRoot(_ value: Int64, degree: Int64) -> Int64? {
        if value < 2 { return value }
        let estimate = Int64(pow(Double(value), 1.0 / Double(degree)).rounded())
        for candidate in max(0, estimate - 1)...(estimate + 1) {
            if let power = Rational(candidate).power(degree), power.isInteger, power.numerator == value {
                return candidate
            }
        }
        return nil
    }

    // MARK: Numeric

    func numericValue(_ expression: MathExpression) -> Double {
        switch expression {
        case .number(let literal): return literal.approximate
        case .variable(let name):
            guard let index = variableNames.firstIndex(of: name) else { return .nan }
            return variableValues[index]
        case .pi: return Double.pi
        case .euler: return M_E
        case .infinity: return .infinity
        case .negate(let inner): return -numericValue(inner)
        case .sum(let terms): return terms.reduce(0) { $0 + numericValue($1) }
        case .product(let factors): return factors.reduce(1) { $0 * numericValue($1) }
        case .quotient(let numerator, let denominator): return numericValue(numerator) / numericValue(denominator)
        case .power(let base, let exponent):
            return MathEvaluator.realPower(numericValue(base), numericValue(exponent))
        case .root(let index, let radicand):
            let degree = index.map(numericValue) ?? 2
            return MathEvaluator.realPower(numericValue(radicand), 1 / degree, oddRootDegree: degree)
        case .function(let function, let base, let inner):
            return MathEvaluator.apply(function, logBase: base, numericValue(inner))
        case .factorial(let inner):
            let value = numericValue(inner)
            guard value >= 0, value <= 170, value == value.rounded() else { return .nan }
            return tgamma(value + 1)
        case .percent(let inner): return numericValue(inner) / 100
        case .degrees(let inner):
            let value = numericValue(inner)
            return degreesAsRadians ? value * Double.pi / 180 : value
        case .absolute(let inner): return abs(numericValue(inner))
        }
    }

    /// Real power that, unlike `pow`, takes odd roots of negative numbers (`\sqrt[3]{-8}` = -2).
    static func realPower(_ base: Double, _ exponent: Double, oddRootDegree: Double? = nil) -> Double {
        if base < 0, let degree = oddRootDegree, degree == degree.rounded(), Int(degree) % 2 != 0 {
            return -pow(-base, exponent)
        }
        return pow(base, exponent)
    }

    static func apply(_ function: MathFunction, logBase: Double?, _ value: Double) -> Double {
        switch function {
        case .sin: return sin(value)
        case .cos: return cos(value)
        case .tan: return tan(value)
        case .sec: return 1 / cos(value)
        case .csc: return 1 / sin(value)
        case .cot: return 1 / tan(value)
        case .arcsin: return asin(value)
        case .arccos: return acos(value)
        case .arctan: return atan(value)
        case .sinh: return sinh(value)
        case .cosh: return cosh(value)
        case .tanh: return tanh(value)
        case .ln: return log(value)
        case .exp: return exp(value)
        case .log:
            if let logBase { return log(value) / log(logBase) }
            return log10(value)
        }
    }
}
