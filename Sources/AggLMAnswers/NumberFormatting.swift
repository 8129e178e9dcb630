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
        var text = ""
        appendSignificant(value, digits: digits, to: &text)
        return text
    }

    /// `significant(value, digits:)` written at the end of `text` (keys are built in one string).
    static func appendSignificant(_ value: Double, digits: Int = 12, to text: inout String) {
        if value.isNaN { text += "nan"; return }
        if value.isInfinite { text += value < 0 ? "-inf" : "inf"; return }
        if value == 0 { text += "0"; return }
        let magnitude = abs(value)
        var exponent = Int(floor(log10(magnitude))) - (digits - 1)
        var mantissa = (magnitude / pow(10, Double(exponent))).rounded()
        let limit = pow(10, Double(digits))
        if mantissa >= limit { mantissa = (mantissa / 10).rounded(); exponent += 1 }
        guard mantissa.isFinite, mantissa < 9.0e18 else { text += value < 0 ? "-inf" : "inf"; return }
        var integer = Int64(mantissa)
        // Strip trailing zeros so that the representation is unique.
        while integer != 0 && integer % 10 == 0 { integer /= 10; exponent += 1 }
        if value < 0 { text += "-" }
        text += String(integer)
        text += "e"
        text += String(exponent)
    }
}
