/// An exact rational number with 64-bit parts.
///
/// Invariants: `denominator > 0`, `gcd(|numerator|, denominator) == 1`, and `numerator != Int64.min`
/// (so negation never traps). Every operation reports overflow by returning nil instead of trapping; callers
/// then fall back to floating point.
struct Rational: Hashable, Sendable {
    let numerator: Int64
    let denominator: Int64

    static let zero = Rational(reduced: 0, 1)
    static let one = Rational(reduced: 1, 1)

    private init(reduced numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ integer: Int64) {
        self.init(reduced: integer == Int64.min ? Int64.min + 1 : integer, 1)
    }

    /// nil when the denominator is zero or a part does not fit.
    init?(numerator: Int64, denominator: Int64) {
        guard denominator != 0, numerator != Int64.min, denominator != Int64.min else { return nil }
        let divisor = Rational.gcd(numerator.magnitude, denominator.magnitude)
        var top = numerator / Int64(divisor)
        var bottom = denominator / Int64(divisor)
        if bottom < 0 { top = -top; bottom = -bottom }
        self.init(reduced: top, bottom)
    }

    var isInteger: Bool { denominator == 1 }
    var isZero: Bool { numerator == 0 }
    var doubleValue: Double { Double(numerator) / Double(denominator) }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : x
    }

    private static func multiply(_ a: Int64, _ b: Int64) -> Int64? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    private static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    func negated() -> Rational { Rational(reduced: -numerator, denominator) }

    func adding(_ other: Rational) -> Rational? {
        guard let left = Rational.multiply(numerator, other.denominator),
              let right = Rational.multiply(other.numerator, denominator),
              let top = Rational.add(left, right),
              let bottom = Rational.multiply(denominator, other.denominator)
        else { return nil }
        return Rational(numerator: top, denominator: bottom)
    }

    func multiplying(_ other: Rational) -> Rational? {
        // Cross-reduce first so that products of already reduced fractions overflow less often.
        let g1 = Int64(Rational.gcd(numerator.magnitude, other.denominator.magnitude))
        let g2 = Int64(Rational.gcd(other.numerator.magnitude, denominator.magnitude))
        guard let top = Rational.multiply(numerator / g1, other.numerator / g2),
              let bottom = Rational.multiply(denominator / g2, other.denominator / g1)
        else { return nil }
        return Rational(numerator: top, denominator: bottom)
    }

    /// nil for division by zero or overflow.
    func dividing(by other: Rational) -> Rational? {
        guard !other.isZero, let inverse = Rational(numerator: other.denominator, denominator: other.numerator)
        else { return nil }
        return multiplying(inverse)
    }

    /// `self mod divisor` with the sign of the divisor (floored division, as Python's and SymPy's `Mod`):
    /// `-1 mod 2 = 1`, `9 mod -213 = -204`, `1/2 mod 3 = 1/2`. nil for a zero divisor or overflow.
    func remainder(dividingBy divisor: Rational) -> Rational? {
        guard let quotient = dividing(by: divisor) else { return nil }
        // Floor of the quotient (Swift's integer division truncates toward zero).
        var floored = quotient.numerator / quotient.denominator
        if quotient.numerator % quotient.denominator != 0 && quotient.numerator < 0 { floored -= 1 }
        guard let whole = divisor.multiplying(Rational(floored)) else { return nil }
        return adding(whole.negated())
    }

    /// Integer power by repeated squaring; exponents beyond ±64 are refused (they overflow anyway
    /// unless the base is 0 or ±1, which the caller's floating-point fallback handles exactly).
    func power(_ exponent: Int64) -> Rational? {
        guard exponent.magnitude <= 64 else { return nil }
        var base = self
        if exponent < 0 {
            guard let inverse = Rational.one.dividing(by: self) else { return nil }
            base = inverse
        }
        var result = Rational.one
        var remaining = exponent.magnitude
        while remaining > 0 {
            if remaining & 1 == 1 {
                guard let product = result.multiplying(base) else { return nil }
                result = product
            }
            remaining >>= 1
            if remaining > 0 {
                guard let square = base.multiplying(base) else { return nil }
                base = square
            }
        }
        return result
    }

}
