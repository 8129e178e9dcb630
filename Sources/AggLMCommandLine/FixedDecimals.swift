/// `value` with exactly `decimals` digits after the point (half away from zero), without Foundation:
/// `format(2.345, 2)` is "2.35" (up to binary rounding), `format(-0.001, 1)` is "0.0"; nan, inf, -inf
/// for non-finite values.
public func format(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let integer = Int(rounded / scale)
    let fraction = Int(rounded) - integer * Int(scale)
    let sign = value < 0 && rounded > 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(integer)" }
    let digits = String(fraction)
    return "\(sign)\(integer).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
}
