/// Recursive-descent parser from tokens to `MathExpression`.
///
/// Grammar (lowest to highest precedence): sum of products (`*`, `/`, `\mod`); products include implicit multiplication
/// (`2x`, `3\sqrt2`, `(x-2)(x+2)`); unary signs; right-associative powers; postfix `!`, `%`, `°`; primaries.
/// Recursion depth is capped at `AnswerLimits.maxDepth`; any unexpected token fails the whole parse (nil),
/// so callers treat the input as text instead.
struct MathExpressionParser {
    private let tokens: [MathToken]
    private var position: Int
    private let end: Int
    private var depth = 0
    private var barDepth = 0

    private init(tokens: [MathToken], range: Range<Int>) {
        self.tokens = tokens
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// Parses exactly the tokens in `range`; nil unless all of them form one expression.
    static func parse(_ tokens: [MathToken], range: Range<Int>) -> MathExpression? {
        guard !range.isEmpty else { return nil }
        var parser = MathExpressionParser(tokens: tokens, range: range)
        guard let expression = parser.parseSum(), parser.position == parser.end else { return nil }
        return expression
    }

    private var current: MathToken? { position < end ? tokens[position] : nil }

    private mutating func descend() -> Bool {
        depth += 1
        return depth <= AnswerLimits.maxDepth
    }

    private mutating func parseSum() -> MathExpression? {
        guard descend() else { return nil }
        defer { depth -= 1 }
        guard var first = parseProduct() else { return nil }
        var terms: [MathExpression] = []
        while let token = current, case .symbol(let symbol) = token,
              symbol == UInt8(ascii: "+") || symbol == UInt8(ascii: "-") {
            position += 1
            guard let next = parseProduct() else { return nil }
            if terms.isEmpty { terms.reserveCapacity(4); terms.append(first) }
            terms.append(symbol == UInt8(ascii: "-") ? .negate(next) : next)
            guard terms.count <= AnswerLimits.maxTokens else { return nil }
        }
        if !terms.isEmpty { first = .sum(terms) }
        return first
    }

    private mutating func parseProduct() -> MathExpression? {
        guard var head = parseUnary() else { return nil }
        // Every factor once there are two or more; empty while `head` is the only one, so that a lone
        // factor (most terms) allocates no array.
        var factors: [MathExpression] = []
        func product() -> MathExpression { factors.isEmpty ? head : .product(factors) }
        func append(_ factor: MathExpression) {
            if factors.isEmpty { factors.reserveCapacity(4); factors.append(head) }
            factors.append(factor)
        }
        while let token = current {
            if case .symbol(let symbol) = token, symbol == UInt8(ascii: "*") || symbol == UInt8(ascii: "/") {
                position += 1
                guard let next = parseUnary() else { return nil }
                if symbol == UInt8(ascii: "*") {
                    append(next)
                } else {
                    head = .quotient(product(), next)
                    factors.removeAll(keepingCapacity: true)
                }
            } else if token == .modulo {
                // `128 \mod 3`, `-14/2 \mod 5`: a remainder at the precedence of `*` and `/`, left to right.
                position += 1
                let dividend = product()
                guard let divisor = parseUnary(), let remainder = Self.remainder(dividend, divisor) else { return nil }
                head = .number(remainder)
                factors.removeAll(keepingCapacity: true)
            } else if token.startsFactor && !(token == .bar && barDepth > 0) {
                guard let next = parsePower() else { return nil }
                append(next)
            } else {
                break
            }
            guard factors.count <= AnswerLimits.maxTokens else { return nil }
        }
        return product()
    }

    private mutating func parseUnary() -> MathExpression? {
        guard descend() else { return nil }
        defer { depth -= 1 }
        if let token = current, case .symbol(let symbol) = token {
            if symbol == UInt8(ascii: "-") {
                position += 1
                return parseUnary().map { .negate($0) }
            }
            if symbol == UInt8(ascii: "+") {
                position += 1
                return parseUnary()
            }
        }
        return parsePower()
    }

    private mutating func parsePower() -> MathExpression? {
        guard descend() else { return nil }
        defer { depth -= 1 }
        guard let base = parsePostfix() else { return nil }
        if let token = current, token == .symbol(UInt8(ascii: "^")) {
            position += 1
            guard let exponent = parseExponent() else { return nil }
            return applyPostfix(to: .power(base, exponent))
        }
        return base
    }

    /// An exponent is a braced group or one signed power-level operand (`x^-1`, `2^3^2`).
    private mutating func parseExponent() -> MathExpression? {
        guard let token = current else { return nil }
        if case .symbol(let symbol) = token, symbol == UInt8(ascii: "-") || symbol == UInt8(ascii: "+") {
            position += 1
            guard let inner = parseExponent() else { return nil }
            return symbol == UInt8(ascii: "-") ? .negate(inner) : inner
        }
        return parsePower()
    }

    private mutating func parsePostfix() -> MathExpression? {
        guard let primary = parsePrimary() else { return nil }
        return applyPostfix(to: primary)
    }

    private mutating func applyPostfix(to expression: MathExpression) -> MathExpression {
        var result = expression
        while let token = current {
            switch token {
            case .symbol(UInt8(ascii: "!")): result = .factorial(result)
            case .percent: result = .percent(result)
            case .degree: result = .degrees(result)
            default: return result
            }
            position += 1
        }
        return result
    }

    private mutating func parseGroup(closing: UInt8) -> MathExpression? {
        guard let inner = parseSum(), current == .close(closing) else { return nil }
        position += 1
        return inner
    }

    /// A `\frac` or `\sqrt` argument: a braced group or a single primary.
    private mutating func parseArgument() -> MathExpression? {
        guard let token = current else { return nil }
        if token == .open(UInt8(ascii: "{")) {
            position += 1
            return parseGroup(closing: UInt8(ascii: "}"))
        }
        return parsePostfix()
    }

    private mutating func parsePrimary() -> MathExpression? {
        guard descend() else { return nil }
        defer { depth -= 1 }
        guard let token = current else { return nil }
        position += 1
        switch token {
        case .number(let literal):
            if let mixed = parseMixedFraction(whole: literal) { return mixed }
            return .number(literal)
        case .identifier(let name):
            return name == "e" ? .euler : .variable(name)
        case .pi: return .pi
        case .infinity: return .infinity
        case .open(let opener):
            let closer: UInt8
            switch opener {
            case UInt8(ascii: "("): closer = UInt8(ascii: ")")
            case UInt8(ascii: "["): closer = UInt8(ascii: "]")
            default: closer = UInt8(ascii: "}")
            }
            return parseGroup(closing: closer)
        case .bar:
            barDepth += 1
            defer { barDepth -= 1 }
            guard let inner = parseSum(), current == .bar else { return nil }
            position += 1
            return .absolute(inner)
        case .fraction:
            guard let numerator = parseArgument(), let denominator = parseArgument() else { return nil }
            return .quotient(numerator, denominator)
        case .squareRoot:
            var index: MathExpression?
            if current == .open(UInt8(ascii: "[")) {
                position += 1
                guard let parsedIndex = parseGroup(closing: UInt8(ascii: "]")) else { return nil }
                index = parsedIndex
            }
            guard let radicand = parseArgument() else { return nil }
            return .root(index: index, radicand)
        case .function(let function, let base):
            var outerPower: MathExpression?
            if current == .symbol(UInt8(ascii: "^")) {
                position += 1
                guard let exponent = parseExponent() else { return nil }
                outerPower = exponent
            }
            let argument: MathExpression?
            if let next = current, next == .open(UInt8(ascii: "(")) || next == .open(UInt8(ascii: "{")) {
                argument = parsePostfix()
            } else {
                argument = parsePower()
            }
            guard let argument else { return nil }
            let applied = MathExpression.function(function, logBase: base?.approximate, argument)
            // `\sin^{-1}` conventionally means arcsine; other powers apply to the value.
            if let outerPower { return .power(applied, outerPower) }
            return applied
        default:
            return nil
        }
    }

    /// `a mod b` of constants, with the sign of `b` (floored division, as Python's and SymPy's `Mod`): exact
    /// for rationals (`-1 \mod 2` = 1, `1/2 \mod 3` = 1/2), numeric otherwise (`\sqrt5 \mod \sqrt2` =
    /// √5 − √2). nil for a zero or non-constant operand: a symbolic remainder is not compared.
    private static func remainder(_ dividend: MathExpression, _ divisor: MathExpression) -> NumberLiteral? {
        let evaluator = MathEvaluator(degreesAsRadians: false)
        if let left = evaluator.exactValue(dividend), let right = evaluator.exactValue(divisor) {
            guard let remainder = left.remainder(dividingBy: right) else { return nil }
            return NumberLiteral.computed(remainder)
        }
        // An integer dividend past 64 bits (`128 \cdot 10^{300} \mod 7`): exact with `BoundedInteger`.
        if let right = evaluator.exactValue(divisor), let left = BoundedIntegerArithmetic.value(dividend),
           let remainder = BoundedIntegerArithmetic.remainder(left, dividingBy: right) {
            return NumberLiteral.computed(remainder)
        }
        guard dividend.variables.isEmpty, divisor.variables.isEmpty else { return nil }
        let left = evaluator.numericValue(dividend)
        let right = evaluator.numericValue(divisor)
        guard left.isFinite, right.isFinite, right != 0 else { return nil }
        // A quotient within floating-point noise of an integer is that integer (`\sqrt8 \mod \sqrt2` = 0).
        let quotient = left / right
        let nearest = quotient.rounded()
        let floored = abs(quotient - nearest) <= 1e-9 * max(1, abs(quotient)) ? nearest : quotient.rounded(.down)
        let remainder = left - right * floored
        guard remainder.isFinite else { return nil }
        return NumberLiteral(exact: nil, approximate: remainder, fractionalDigits: 0, integerDigits: 1, exponent: 0)
    }

    /// `1\frac{1}{2}` and `918 \frac12` are mixed numbers: a whole number directly followed by a fraction of
    /// two whole numbers.
    private mutating func parseMixedFraction(whole: NumberLiteral) -> MathExpression? {
        guard !whole.isDecimal, let wholeValue = whole.exact, current == .fraction else { return nil }
        let saved = position
        position += 1
        func integerArgument(_ parser: inout MathExpressionParser) -> Rational? {
            guard let token = parser.current else { return nil }
            if case .number(let literal) = token, !literal.isDecimal, let value = literal.exact {
                parser.position += 1
                return value
            }
            if token == .open(UInt8(ascii: "{")), parser.position + 2 < parser.end,
               case .number(let literal) = parser.tokens[parser.position + 1], !literal.isDecimal,
               let value = literal.exact, parser.tokens[parser.position + 2] == .close(UInt8(ascii: "}")) {
                parser.position += 3
                return value
            }
            return nil
        }
        guard let numerator = integerArgument(&self), let denominator = integerArgument(&self),
              let part = numerator.dividing(by: denominator), let total = wholeValue.adding(part)
        else {
            position = saved
            return nil
        }
        return .number(NumberLiteral(exact: total, approximate: total.doubleValue, fractionalDigits: 0,
                                     integerDigits: whole.integerDigits, exponent: 0))
    }
}
