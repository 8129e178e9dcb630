#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluates an expression whose only variable is `i` as a complex number, `i` being the imaginary unit
/// (`i(2-i)` = 1 + 2i, `\frac{1}{i}` = -i, `\sqrt{-4}` = 2i).
///
/// Exact (Gaussian rationals) while every step stays rational; otherwise floating point. Anything it does
/// not model (functions of complex arguments, non-integer powers of complex values) returns nil, and the
/// caller keeps the expression as it was. Recursion follows the parsed expression, whose height the parser
/// capped; integer powers are capped at `maxPower` multiplications.
struct ComplexEvaluator {
    static let unit = "i"
    private static let maxPower: Int64 = 64
    private let realEvaluator = MathEvaluator(degreesAsRadians: false)

    struct Value {
        var real: Double
        var imaginary: Double
        /// Both parts exactly, when every step was rational.
        var exact: (real: Rational, imaginary: Rational)?

        static func exactly(_ real: Rational, _ imaginary: Rational) -> Value {
            Value(real: real.doubleValue, imaginary: imaginary.doubleValue, exact: (real, imaginary))
        }

        var isFinite: Bool { real.isFinite && imaginary.isFinite }
    }

    func value(_ expression: MathExpression) -> Value? {
        switch expression {
        case .variable(let name):
            return name == Self.unit ? .exactly(.zero, .one) : nil
        case .negate(let inner):
            return value(inner).map(negated)
        case .sum(let terms):
            var total = Value.exactly(.zero, .zero)
            for term in terms {
                guard let next = value(term) else { return nil }
                total = add(total, next)
            }
            return total
        case .product(let factors):
            var total = Value.exactly(.one, .zero)
            for factor in factors {
                guard let next = value(factor) else { return nil }
                total = multiply(total, next)
            }
            return total
        case .quotient(let numerator, let denominator):
            guard let top = value(numerator), let bottom = value(denominator) else { return nil }
            return divide(top, bottom)
        case .power(.euler, let exponent) where !exponent.variables.isEmpty:
            // Euler's formula: e^{a + bi} = e^a (cos b + i sin b), the exponential form `\sqrt2 e^{i\pi/4}`.
            guard let power = value(exponent), power.isFinite else { return nil }
            let magnitude = exp(power.real)
            return Self.snapped(Value(real: magnitude * cos(power.imaginary), imaginary: magnitude * sin(power.imaginary),
                                      exact: nil))
        case .absolute(let inner) where !inner.variables.isEmpty:
            // The modulus |a + bi| = √(a² + b²), a real number (exact when the square root is).
            guard let number = value(inner) else { return nil }
            if let parts = number.exact, let real = parts.real.multiplying(parts.real),
               let imaginary = parts.imaginary.multiplying(parts.imaginary), let norm = real.adding(imaginary),
               let root = MathEvaluator.exactRoot(norm, degree: 2) {
                return .exactly(root, .zero)
            }
            return Value(real: (number.real * number.real + number.imaginary * number.imaginary).squareRoot(),
                         imaginary: 0, exact: nil)
        case .power(let base, let exponent):
            guard let baseValue = value(base), exponent.variables.isEmpty,
                  let power = realEvaluator.exactValue(exponent), power.isInteger,
                  abs(power.numerator) <= Self.maxPower else { return realOnly(expression) }
            var result = Value.exactly(.one, .zero)
            for _ in 0..<abs(power.numerator) { result = multiply(result, baseValue) }
            return power.numerator < 0 ? divide(.exactly(.one, .zero), result) : result
        case .root(nil, let radicand) where radicand.variables.isEmpty:
            // The principal square root of a negative real is imaginary.
            let exact = realEvaluator.exactValue(radicand)
            let number = exact?.doubleValue ?? realEvaluator.numericValue(radicand)
            guard number < 0 else { return realOnly(expression) }
            if let exact, let root = MathEvaluator.exactRoot(exact.negated(), degree: 2) { return .exactly(.zero, root) }
            return Value(real: 0, imaginary: (-number).squareRoot(), exact: nil)
        default:
            return realOnly(expression)
        }
    }

    /// A part that is floating-point noise next to the other (cos(π/2) ≈ 6e-17) is zero, so that
    /// `e^{i\pi}` is the real number -1.
    private static func snapped(_ value: Value) -> Value {
        let scale = max(abs(value.real), abs(value.imaginary))
        var result = value
        if abs(value.real) <= 1e-12 * scale { result.real = 0 }
        if abs(value.imaginary) <= 1e-12 * scale { result.imaginary = 0 }
        return result
    }

    /// A subexpression without `i` is a real number.
    private func realOnly(_ expression: MathExpression) -> Value? {
        guard expression.variables.isEmpty else { return nil }
        if let exact = realEvaluator.exactValue(expression) { return .exactly(exact, .zero) }
        let number = realEvaluator.numericValue(expression)
        return number.isNaN ? nil : Value(real: number, imaginary: 0, exact: nil)
    }

    private func negated(_ a: Value) -> Value {
        Value(real: -a.real, imaginary: -a.imaginary, exact: a.exact.map { ($0.real.negated(), $0.imaginary.negated()) })
    }

    private func add(_ a: Value, _ b: Value) -> Value {
        var exact: (real: Rational, imaginary: Rational)?
        if let x = a.exact, let y = b.exact, let real = x.real.adding(y.real),
           let imaginary = x.imaginary.adding(y.imaginary) { exact = (real, imaginary) }
        return Value(real: a.real + b.real, imaginary: a.imaginary + b.imaginary, exact: exact)
    }

    private func multiply(_ a: Value, _ b: Value) -> Value {
        var exact: (real: Rational, imaginary: Rational)?
        if let x = a.exact, let y = b.exact,
           let rr = x.real.multiplying(y.real), let ii = x.imaginary.multiplying(y.imaginary),
           let ri = x.real.multiplying(y.imaginary), let ir = x.imaginary.multiplying(y.real),
           let real = rr.adding(ii.negated()), let imaginary = ri.adding(ir) { exact = (real, imaginary) }
        return Value(real: a.real * b.real - a.imaginary * b.imaginary,
                     imaginary: a.real * b.imaginary + a.imaginary * b.real, exact: exact)
    }

    private func divide(_ a: Value, _ b: Value) -> Value? {
        let norm = b.real * b.real + b.imaginary * b.imaginary
        guard norm != 0 else { return nil }
        var exact: (real: Rational, imaginary: Rational)?
        if let y = b.exact, let rr = y.real.multiplying(y.real), let ii = y.imaginary.multiplying(y.imaginary),
           let exactNorm = rr.adding(ii), let inverseReal = y.real.dividing(by: exactNorm),
           let inverseImaginary = y.imaginary.negated().dividing(by: exactNorm) {
            let inverse = Value.exactly(inverseReal, inverseImaginary)
            if a.exact != nil {
                let product = multiply(a, inverse)
                if product.exact != nil { exact = product.exact }
            }
        }
        let real = (a.real * b.real + a.imaginary * b.imaginary) / norm
        let imaginary = (a.imaginary * b.real - a.real * b.imaginary) / norm
        return Value(real: exact?.real.doubleValue ?? real, imaginary: exact?.imaginary.doubleValue ?? imaginary,
                     exact: exact)
    }
}
