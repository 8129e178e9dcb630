/// An exact integer past 64 bits, for the few answers whose arithmetic overflows `Rational`
/// (`\gcd(1E20, 10^6)`, `128 \cdot 10^{300} \mod 7`). Used only after the 64-bit path has failed, so the
/// common path never pays for it.
///
/// Bounded: at most `maxLimbs` 64-bit limbs (1,280 bits, 385 decimal digits); an operation whose result
/// would be longer returns nil. With that cap a product costs at most 20 × 20 limb multiplications, a power
/// at most 11 squarings and as many products, and a division by a 64-bit divisor 20 limb divisions, so one
/// evaluation stays within some tens of thousands of machine operations whatever the input.
struct BoundedInteger: Sendable {
    static let maxLimbs = 20

    let isNegative: Bool
    /// Magnitude, little-endian, without high zero limbs (zero is `[]`).
    let limbs: [UInt64]

    fileprivate init(isNegative: Bool, limbs: [UInt64]) {
        var trimmed = limbs
        while trimmed.last == 0 { trimmed.removeLast() }
        self.isNegative = isNegative && !trimmed.isEmpty
        self.limbs = trimmed
    }

    init(_ value: Int64) {
        self.init(isNegative: value < 0, limbs: [value.magnitude])
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value as an `Int64`, when it fits.
    var int64: Int64? {
        guard limbs.count <= 1 else { return nil }
        let magnitude = limbs.first ?? 0
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return isNegative ? -Int64(magnitude) : Int64(magnitude)
    }

    func negated() -> BoundedInteger { BoundedInteger(isNegative: !isNegative, limbs: limbs) }

    /// nil when the product would pass `maxLimbs`.
    func multiplied(by other: BoundedInteger) -> BoundedInteger? {
        if isZero || other.isZero { return BoundedInteger(0) }
        guard limbs.count + other.limbs.count <= Self.maxLimbs + 1 else { return nil }
        var product = [UInt64](repeating: 0, count: limbs.count + other.limbs.count)
        for (i, left) in limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, right) in other.limbs.enumerated() {
                // left · right + product + carry < 2^128: the high word absorbs both carries.
                let (high, low) = left.multipliedFullWidth(by: right)
                let (sum, overflow) = low.addingReportingOverflow(product[i + j])
                let (total, overflow2) = sum.addingReportingOverflow(carry)
                product[i + j] = total
                carry = high &+ (overflow ? 1 : 0) &+ (overflow2 ? 1 : 0)
            }
            product[i + other.limbs.count] = carry
        }
        let result = BoundedInteger(isNegative: isNegative != other.isNegative, limbs: product)
        return result.limbs.count <= Self.maxLimbs ? result : nil
    }

    /// `self ^ exponent` for exponent ≥ 0 by repeated squaring; nil past `maxLimbs`.
    func power(_ exponent: Int64) -> BoundedInteger? {
        guard exponent >= 0 else { return nil }
        var result = BoundedInteger(1)
        var base = self
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                guard let product = result.multiplied(by: base) else { return nil }
                result = product
            }
            remaining >>= 1
            if remaining > 0 {
                guard let square = base.multiplied(by: base) else { return nil }
                base = square
            }
        }
        return result
    }

    /// Quotient and remainder of the magnitude by a non-zero 64-bit divisor (sign ignored).
    func magnitudeDivided(by divisor: UInt64) -> (quotient: BoundedInteger, remainder: UInt64) {
        var quotient = [UInt64](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            // remainder < divisor, so the two-word dividend's quotient fits one word.
            let (digit, rest) = divisor.dividingFullWidth((high: remainder, low: limbs[index]))
            quotient[index] = digit
            remainder = rest
        }
        return (BoundedInteger(isNegative: false, limbs: quotient), remainder)
    }

    /// Decimal digits of the magnitude (what a reader of the number would write).
    var magnitudeDigits: [UInt8] {
        var chunks: [UInt64] = []
        var rest = BoundedInteger(isNegative: false, limbs: limbs)
        repeat {
            let (quotient, chunk) = rest.magnitudeDivided(by: 1_000_000_000_000_000_000)
            chunks.append(chunk)
            rest = quotient
        } while !rest.isZero
        var digits = Array(String(chunks.removeLast()).utf8)
        for chunk in chunks.reversed() {
            let text = Array(String(chunk).utf8)
            digits.append(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: 18 - text.count))
            digits.append(contentsOf: text)
        }
        return digits
    }

    /// The nearest `Double`, rounded once (through the decimal digits, as parsing the number would).
    var doubleValue: Double {
        let magnitude = Double(String(decoding: magnitudeDigits, as: UTF8.self)) ?? .infinity
        return isNegative ? -magnitude : magnitude
    }
}

/// Exact values past 64 bits of constant integer expressions, and the functions of them that answers use.
enum BoundedIntegerArithmetic {
    /// The exact value of a constant integer expression built from integer literals (`1E20`, `2.95E21` are
    /// integers too), signs, products and non-negative integer powers (`128 \cdot 10^{32}`); nil for
    /// anything else (sums, quotients, variables) or past the bound.
    static func value(_ expression: MathExpression) -> BoundedInteger? {
        switch expression {
        case .number(let literal):
            if let exact = literal.exact {
                return exact.isInteger ? BoundedInteger(exact.numerator) : nil
            }
            guard let scaled = literal.scaled, scaled.tenPower >= 0 else { return nil }
            return BoundedInteger(10).power(Int64(scaled.tenPower))?.multiplied(by: BoundedInteger(scaled.mantissa))
        case .negate(let inner):
            return value(inner)?.negated()
        case .product(let factors):
            var total = BoundedInteger(1)
            for factor in factors {
                guard let next = value(factor), let product = total.multiplied(by: next) else { return nil }
                total = product
            }
            return total
        case .power(let base, let exponent):
            guard let power = value(exponent)?.int64, power <= Int64(BoundedInteger.maxLimbs * 64) else { return nil }
            return value(base)?.power(power)
        default:
            return nil
        }
    }

    /// gcd or lcm (magnitudes, as SymPy) of integers of which at most one passes 64 bits; nil otherwise.
    /// The gcd of a long integer and a 64-bit one is the gcd of the 64-bit one and the remainder, so one
    /// division reduces it to 64-bit arithmetic; the lcm is then |a| / gcd · |b|.
    static func gcdOrLcm(_ values: [BoundedInteger], lcm: Bool) -> BoundedInteger? {
        guard var result = values.first else { return nil }
        result = BoundedInteger(isNegative: false, result)
        for value in values.dropFirst() {
            let magnitude = BoundedInteger(isNegative: false, value)
            let (long, short): (BoundedInteger, BoundedInteger) = result.limbs.count > 1 ? (result, magnitude) : (magnitude, result)
            guard short.limbs.count <= 1 else { return nil }
            let small = short.limbs.first ?? 0
            guard small != 0 else {
                // gcd(a, 0) = |a|; lcm(a, 0) = 0.
                result = lcm ? BoundedInteger(0) : long
                continue
            }
            let divisor = Rational.gcd(small, long.magnitudeDivided(by: small).remainder)
            guard lcm else { result = BoundedInteger(isNegative: false, limbs: [divisor]); continue }
            guard let product = long.magnitudeDivided(by: divisor).quotient.multiplied(by: short) else { return nil }
            result = product
        }
        return result
    }

    /// `dividend mod divisor` (floored, with the sign of the divisor, as `Rational.remainder`) of an integer
    /// dividend past 64 bits and a 64-bit integer divisor: the dividend is first replaced by the 64-bit
    /// integer with the same remainder. nil for a zero or non-integer divisor.
    static func remainder(_ dividend: BoundedInteger, dividingBy divisor: Rational) -> Rational? {
        guard divisor.isInteger, !divisor.isZero else { return nil }
        let rest = dividend.magnitudeDivided(by: divisor.numerator.magnitude).remainder
        // rest < |divisor| ≤ Int64.max.
        let congruent = Rational(dividend.isNegative ? -Int64(rest) : Int64(rest))
        return congruent.remainder(dividingBy: divisor)
    }
}

extension BoundedInteger {
    /// The same limbs with the given sign (`init(isNegative:limbs:)` for an existing value).
    fileprivate init(isNegative: Bool, _ value: BoundedInteger) {
        self.init(isNegative: isNegative, limbs: value.limbs)
    }
}
