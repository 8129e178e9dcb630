/// A numeric literal as written: its exact value when it fits, and how precisely it was written.
struct NumberLiteral: Hashable, Sendable {
    /// The exact value, or the scaled form of a literal too long for it, in one 17-byte field: a literal (and
    /// so every token) keeps the size it had before the scaled form existed, and tokens are copied and
    /// destroyed millions of times when grading a file.
    private enum Value: Hashable, Sendable {
        case exact(Rational)
        case scaled(ScaledDecimal)
        case none
    }

    private var value: Value
    var approximate: Double
    /// Digits after the decimal point as written (0 for integers).
    var fractionalDigits: Int
    /// Digits before the decimal point as written (thousands separators excluded).
    var integerDigits: Int
    /// Power of ten written in scientific notation (`1.5e3` → 3).
    var exponent: Int

    /// A value the reader computed rather than read digit by digit (a fraction glyph, a determinant, a
    /// gcd): exact, no written precision.
    static func computed(_ value: Rational) -> NumberLiteral {
        NumberLiteral(exact: value, approximate: value.doubleValue, fractionalDigits: 0, integerDigits: 1, exponent: 0)
    }

    init(exact: Rational?, approximate: Double, fractionalDigits: Int, integerDigits: Int, exponent: Int,
         scaled: ScaledDecimal? = nil) {
        if let exact { value = .exact(exact) } else if let scaled { value = .scaled(scaled) } else { value = .none }
        self.approximate = approximate
        self.fractionalDigits = fractionalDigits
        self.integerDigits = integerDigits
        self.exponent = exponent
    }

    /// Exact value (decimals are exact rationals: 0.25 = 1/4); nil when too long to hold exactly.
    var exact: Rational? {
        get { if case .exact(let rational) = value { return rational } else { return nil } }
        set { value = newValue.map { .exact($0) } ?? .none }
    }

    /// When `exact` does not fit: the literal as mantissa × 10^tenPower (`2.9543127E21` = 29543127 × 10^14),
    /// if its significant digits fit, for `BoundedIntegerArithmetic`.
    var scaled: ScaledDecimal? {
        get { if case .scaled(let scaled) = value { return scaled } else { return nil } }
        set { value = newValue.map { .scaled($0) } ?? (exact.map { .exact($0) } ?? .none) }
    }

    /// True when written with a decimal point or exponent, i.e. possibly a rounded approximation.
    var isDecimal: Bool { fractionalDigits > 0 || exponent != 0 }
}

/// `mantissa` × 10^`tenPower`.
struct ScaledDecimal: Hashable, Sendable {
    let mantissa: Int64
    let tenPower: Int32
}

enum RelationOperator: String, Hashable, Sendable {
    case equal = "=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", notEqual = "!="
}

enum MathFunction: String, Hashable, Sendable, CaseIterable {
    case sin, cos, tan, sec, csc, cot, arcsin, arccos, arctan, sinh, cosh, tanh, ln, log, exp

    var isTrigonometric: Bool {
        switch self {
        case .sin, .cos, .tan, .sec, .csc, .cot: return true
        default: return false
        }
    }
}

/// One lexical unit of an answer after LaTeX decoration has been removed.
enum MathToken: Hashable, Sendable {
    case number(NumberLiteral)
    /// A number with a base subscript such as `4210_7`: digits and base as written.
    case basedNumber(digits: String, base: String)
    case identifier(String)
    case function(MathFunction, logBase: NumberLiteral?)
    case fraction, squareRoot
    case pi, infinity
    /// `+ - * / ^ !`
    case symbol(UInt8)
    /// `\mod`, `\bmod` between two operands (`128 \mod 3`): the remainder, evaluated on exact values only.
    case modulo
    /// `( [ {` and their closers; `\{ \}` become `.setOpen`/`.setClose`.
    case open(UInt8), close(UInt8)
    case setOpen, setClose
    /// `,` `;` and the words "and"/"or".
    case separator
    case relation(RelationOperator)
    case approx, plusMinus, percent, degree, colon, elementOf, union, bar, ampersand, rowBreak
    /// `\cap` and `\setminus` (`SetOperations`).
    case intersection, setMinus
    case beginEnvironment(String), endEnvironment(String)
    case meridiem(isPM: Bool)
    /// A word that is not mathematics (lowercased), e.g. from `\text{Evelyn}`.
    case word(String)

    /// Whether this token can begin a factor (used for implicit multiplication).
    var startsFactor: Bool {
        switch self {
        case .number, .identifier, .function, .fraction, .squareRoot, .pi, .infinity, .open, .bar: return true
        default: return false
        }
    }
}
