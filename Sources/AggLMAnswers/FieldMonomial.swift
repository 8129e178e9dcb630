/// gcd and lcm of monomials over a field, SymPy's convention when a coefficient is not an integer: with a
/// decimal (`0.4x`, `8.85 \cdot 10^{-12}`) or a non-integer rational (`8/3`, `x/2`) among the arguments and a
/// variable in at least one, SymPy computes in polynomials over a field, where every non-zero constant is a
/// unit, and returns the monic result: gcd = Π variable^(least exponent), lcm = Π variable^(greatest
/// exponent), the coefficient 1. So `\gcd(0.4x, 8/3)` = 1, `\lcm(0.4x, 8/3)` = x, `\gcd(x/2, x^2/3)` = x,
/// `\lcm(1.5a, 2b)` = ab. Arguments must be a non-zero constant times variables to non-negative integer
/// powers (no sums, π, e or functions); integer coefficients alone keep the integer rules (`MonomialGCD`).
enum FieldMonomial {
    /// At most this many variable factors in a result (and per argument), so the emitted product is short.
    static let maxDegree = 16

    private struct Reading {
        var powers: [String: Int] = [:]
        /// A decimal or a non-integer rational coefficient was seen.
        var field = false
    }

    /// The result's variable factors, sorted, each repeated by its exponent (empty for 1); nil when the
    /// arguments are not such monomials or none makes the field case.
    static func combine(_ arguments: [MathExpression], lcm: Bool) -> [String]? {
        guard arguments.count >= 2 else { return nil }
        var readings: [Reading] = []
        for argument in arguments {
            guard let reading = read(argument, depth: 0) else { return nil }
            readings.append(reading)
        }
        guard readings.contains(where: { $0.field }), readings.contains(where: { !$0.powers.isEmpty }) else { return nil }
        var names = Set<String>()
        for reading in readings { names.formUnion(reading.powers.keys) }
        var factors: [String] = []
        for name in names.sorted() {
            let exponents = readings.map { $0.powers[name] ?? 0 }
            let exponent = (lcm ? exponents.max() : exponents.min()) ?? 0
            guard factors.count + exponent <= maxDegree else { return nil }
            factors.append(contentsOf: repeatElement(name, count: exponent))
        }
        return factors
    }

    private static func read(_ expression: MathExpression, depth: Int) -> Reading? {
        guard depth < 16 else { return nil }
        switch expression {
        case .number(let literal):
            guard literal.approximate != 0, literal.approximate.isFinite else { return nil }
            var reading = Reading()
            reading.field = literal.isDecimal || !(literal.exact?.isInteger ?? false)
            return reading
        case .variable(let name):
            return Reading(powers: [name: 1])
        case _ where expression.variables.isEmpty:
            // Another rational constant (`10^{-12}`, `\frac{8}{3}`); π, e and radicals are generators, not constants.
            guard let value = MathEvaluator(degreesAsRadians: false).exactValue(expression), !value.isZero else { return nil }
            var reading = Reading()
            reading.field = !value.isInteger
            return reading
        case .negate(let inner):
            return read(inner, depth: depth + 1)
        case .product(let factors):
            var total = Reading()
            for factor in factors {
                guard let reading = read(factor, depth: depth + 1), let merged = merge(total, reading, times: 1) else { return nil }
                total = merged
            }
            return total
        case .quotient(let numerator, let denominator):
            guard var top = read(numerator, depth: depth + 1), let bottom = read(denominator, depth: depth + 1),
                  bottom.powers.isEmpty else { return nil }
            // Dividing by a constant other than 1 leaves a non-integer coefficient.
            if case .number(let literal) = denominator, literal.exact == Rational(1) {} else { top.field = true }
            top.field = top.field || bottom.field
            return top
        case .power(let base, .number(let literal)):
            guard let exponent = literal.exact, exponent.isInteger, exponent.numerator >= 0,
                  exponent.numerator <= Int64(maxDegree), let reading = read(base, depth: depth + 1) else { return nil }
            return merge(Reading(), reading, times: Int(exponent.numerator))
        default:
            return nil
        }
    }

    private static func merge(_ a: Reading, _ b: Reading, times: Int) -> Reading? {
        var result = a
        result.field = a.field || b.field
        for (name, power) in b.powers {
            let total = (result.powers[name] ?? 0) + power * times
            guard total <= maxDegree else { return nil }
            result.powers[name] = total
        }
        return result
    }
}
