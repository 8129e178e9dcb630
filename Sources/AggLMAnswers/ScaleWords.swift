/// Number words that scale the number before them: `2 million` is 2,000,000 and `1.5 billion` is
/// 1,500,000,000, as written in prose answers. Read like scientific notation (`2e6`).
enum ScaleWords {
    static let powersOfTen: [String: Int] = ["thousand": 3, "million": 6, "billion": 9, "trillion": 12]

    /// `literal` × 10^`power`; nil when the exact value would overflow.
    static func scaled(_ literal: NumberLiteral, byPowerOfTen power: Int) -> NumberLiteral? {
        var exact: Rational?
        if let value = literal.exact {
            guard let multiplier = NumberLiteral.powerOfTen(power), let product = value.multiplying(Rational(multiplier))
            else { return nil }
            exact = product
        }
        return NumberLiteral(exact: exact, approximate: literal.approximate * MathEvaluator.realPower(10, Double(power)),
                             fractionalDigits: literal.fractionalDigits, integerDigits: literal.integerDigits,
                             exponent: literal.exponent + power)
    }
}
