#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic text for floating-point values used inside canonical keys.
enum NumberFormatting {
    /// `value` rounded to `digits` significant digits as "<mantissa>e<exponent>" (e.g. 1.41421356237 →
    /// "141421356237e-11"); identical inputs always give identical text, and values that agree to `digits`
    /// significant digits usually do (values straddling a rounding boundary do not: `Equivalence` compares
    /// those with a tolerance instead).
    static func significant(_ value: Double, digits: Int = 12) -> String {
        withSignificant(value, digits: digits) { special, negative, integer, exponent in
            if let special { return special }
            return (negative ? "-" : "") + String(integer) + "e" + String(exponent)
        }
    }

    /// The parts of `significant(value, digits:)`: the whole text for NaN, infinities and zero (`special`),
    /// else the sign, the integer mantissa without trailing zeros, and the power of ten.
    static func withSignificant<Result>(_ value: Double, digits: Int,
                                        _ body: (_ special: String?, _ negative: Bool, _ integer: Int64, _ exponent: Int) -> Result) -> Result {
        if value.isNaN { return body("nan", false, 0, 0) }
        if value.isInfinite { return body(value < 0 ? "-inf" : "inf", false, 0, 0) }
        if value == 0 { return body("0", false, 0, 0) }
        let magnitude = abs(value)
        var exponent = Int(floor(log10(magnitude))) - (digits - 1)
        var mantissa = (magnitude / pow(10, Double(exponent))).rounded()
        let limit = pow(10, Double(digits))
        if mantissa >= limit { mantissa = (mantissa / 10).rounded(); exponent += 1 }
        guard mantissa.isFinite, mantissa < 9.0e18 else { return body(value < 0 ? "-inf" : "inf", false, 0, 0) }
        var integer = Int64(mantissa)
        // Strip trailing zeros so that the representation is unique.
        while integer != 0 && integer % 10 == 0 { integer /= 10; exponent += 1 }
        return body(nil, value < 0, integer, exponent)
    }
}
