/// `\gcd` and `\lcm` of monomials, by SymPy's polynomial convention: `\gcd(x, y)` = 1, `\gcd(125, 50x)` = 25,
/// `\lcm(2y, x)` = 2xy, `\gcd(\pi, 3)` = 1, `\lcm(\sqrt5, \sqrt2)` = √10.
///
/// Each argument is written as an integer coefficient times a product of atoms to non-negative integer
/// powers, the atoms being what SymPy takes as a polynomial's generators: symbols, irrational constants (π,
/// e), the square root of a square-free integer (√12 = 2√3, as SymPy writes it), a linear form in those
/// atoms with its integer content taken out (`2x + 2` = 2 · (x + 1); `1 - x` is the atom `x - 1` up to sign),
/// and any other sub-expression (√x, x^{3/2}, 2^x, sin x, |x|) as one opaque atom. Atoms are identified by
/// their values at the sample points (`x + 76` and `76 + x` are one atom), with all arguments sampled at the
/// same point. Then gcd = gcd of the coefficients × Π atom^(least exponent) and lcm = lcm of the coefficients
/// × Π atom^(greatest exponent), the coefficient positive and each atom as first written (a result is fixed
/// only up to sign: `\lcm(t - 1, 1 - t)` is t − 1, `\lcm(1 - t, t - 1)` is 1 − t), gcd(a, 0) = a and
/// lcm(a, 0) = 0.
///
/// Left unevaluated (nil), where the answer would depend on a convention rather than on the arguments:
/// - a decimal literal or a non-integer rational coefficient (`\gcd(0.4x, 8/3)`, `\gcd(x/2, x/3)`): SymPy
///   then works over a field and returns a monic result; the tokenizer evaluates those (`FieldMonomial`),
///   while the same constants without a symbol get the rational gcd;
/// - a sum that is not linear in its atoms (`x^2 - 1` shares the factor x + 1 with `x + 1`, which SymPy
///   finds by factoring; a linear form is irreducible, so the monomial rule is exact only for those);
/// - negative powers (`x/y`), percentages, degrees, infinity, and more than `maxAtoms` distinct atoms or
///   exponents past `maxExponent`.
enum MonomialGCD {
    static let maxAtoms = 16
    static let maxExponent: Int64 = 64
    /// Square-free parts are found by trial division up to this root, so a radicand must be below its square.
    static let maxTrialDivisor: Int64 = 1_000

    /// gcd (or lcm) of `arguments` as an answer leaf (a number or a sampled expression), or nil when an
    /// argument is not such a monomial (the call then keeps its unevaluated reading).
    static func value(of arguments: [MathExpression], lcm: Bool) -> AnswerNode? {
        guard arguments.count >= 2, arguments.count <= maxAtoms,
              !arguments.contains(where: containsDecimalOrUnsupported) else { return nil }
        var variables: [String] = []
        for argument in arguments {
            for name in argument.variables where !variables.contains(name) { variables.append(name) }
        }
        guard variables.count <= AnswerLimits.maxVariables else { return nil }
        var reader = MonomialReader(variables: variables.sorted())
        var monomials: [Monomial] = []
        for argument in arguments {
            guard let monomial = reader.monomial(argument) else { return nil }
            monomials.append(monomial)
        }
        guard let combined = combine(monomials, lcm: lcm) else { return nil }
        return AnswerLeafBuilder.leaf(for: reader.expression(of: combined))
    }

    /// The gcd or lcm of monomials with integer coefficients; nil for a non-integer coefficient or overflow.
    private static func combine(_ monomials: [Monomial], lcm: Bool) -> Monomial? {
        guard monomials.allSatisfy({ $0.coefficient.isInteger }) else { return nil }
        let nonZero = monomials.filter { !$0.coefficient.isZero }
        if nonZero.count < monomials.count && lcm { return Monomial(coefficient: .zero) }
        guard let first = nonZero.first else { return Monomial(coefficient: .zero) }
        var coefficient = first.coefficient.numerator.magnitude
        var exponents = first.exponents
        for monomial in nonZero.dropFirst() {
            let next = monomial.coefficient.numerator.magnitude
            let divisor = Rational.gcd(coefficient, next)
            if lcm {
                let (product, overflow) = (coefficient / divisor).multipliedReportingOverflow(by: next)
                guard !overflow, product < UInt64(Int64.max) else { return nil }
                coefficient = product
            } else {
                coefficient = divisor
            }
            for atom in Set(exponents.keys).union(monomial.exponents.keys) {
                let (mine, theirs) = (exponents[atom] ?? 0, monomial.exponents[atom] ?? 0)
                exponents[atom] = lcm ? max(mine, theirs) : min(mine, theirs)
            }
        }
        return Monomial(coefficient: Rational(Int64(coefficient)), exponents: exponents.filter { $0.value > 0 })
    }

    /// Decimals are inexact (SymPy then works over the reals: see the type's documentation); percent and
    /// degree signs and infinity have no monomial reading.
    private static func containsDecimalOrUnsupported(_ expression: MathExpression) -> Bool {
        switch expression {
        case .number(let literal): return literal.isDecimal
        case .infinity, .percent, .degrees: return true
        case .variable, .pi, .euler: return false
        case .negate(let inner), .factorial(let inner), .absolute(let inner), .function(_, _, let inner):
            return containsDecimalOrUnsupported(inner)
        case .sum(let terms), .product(let terms): return terms.contains(where: containsDecimalOrUnsupported)
        case .quotient(let left, let right), .power(let left, let right):
            return containsDecimalOrUnsupported(left) || containsDecimalOrUnsupported(right)
        case .root(let index, let radicand):
            return (index.map(containsDecimalOrUnsupported) ?? false) || containsDecimalOrUnsupported(radicand)
        }
    }
}

/// A rational coefficient times atoms (indices into `MonomialReader.atoms`) to positive integer powers.
private struct Monomial {
    var coefficient: Rational
    var exponents: [Int: Int64] = [:]
}

/// Reads expressions as monomials over one shared table of atoms.
private struct MonomialReader {
    struct Atom {
        /// The atom's key at the shared sample points, its sign normalized (`x - 1` and `1 - x` are one atom).
        let key: String
        /// The sign that normalized `expression`'s values into `key`.
        let sign: Int64
        let expression: MathExpression
        /// m for the atom √m (m square-free): its square folds back into the coefficient.
        let squareFreeRadicand: Int64?
    }

    private(set) var atoms: [Atom] = []
    private let variables: [String]
    private let exactEvaluator = MathEvaluator(degreesAsRadians: false)

    init(variables: [String]) {
        self.variables = variables
    }

    mutating func monomial(_ expression: MathExpression) -> Monomial? {
        if let value = exactEvaluator.exactValue(expression) { return Monomial(coefficient: value) }
        switch expression {
        case .number: return nil  // a literal without an exact value (too long)
        case .variable, .pi, .euler, .function, .factorial, .absolute:
            return atom(expression)
        case .negate(let inner):
            guard var monomial = monomial(inner) else { return nil }
            monomial.coefficient = monomial.coefficient.negated()
            return monomial
        case .product(let factors):
            var result = Monomial(coefficient: .one)
            for factor in factors {
                guard let next = monomial(factor), let product = multiply(result, next) else { return nil }
                result = product
            }
            return result
        case .quotient(let numerator, let denominator):
            // Only a constant divisor: `x/y` is a negative power, which the rule leaves alone.
            guard let divisor = exactEvaluator.exactValue(denominator), !divisor.isZero,
                  var monomial = monomial(numerator),
                  let coefficient = monomial.coefficient.dividing(by: divisor) else { return nil }
            monomial.coefficient = coefficient
            return monomial
        case .power(let base, let exponent):
            guard let power = exactEvaluator.exactValue(exponent) else { return atom(expression) }
            if power == Rational(numerator: 1, denominator: 2), let radicand = exactEvaluator.exactValue(base) {
                return squareRoot(radicand)
            }
            guard power.isInteger else { return atom(expression) }  // x^{3/2} is a generator of its own
            guard power.numerator >= 0, power.numerator <= MonomialGCD.maxExponent,
                  let monomial = monomial(base) else { return nil }
            return raise(monomial, to: power.numerator)
        case .root(let index, let radicand):
            if index == nil, let value = exactEvaluator.exactValue(radicand) { return squareRoot(value) }
            return atom(expression)
        case .sum(let terms):
            return linearForm(expression, terms: terms)
        case .infinity, .percent, .degrees:
            return nil
        }
    }

    /// The product of the coefficient and the atoms, for sampling.
    func expression(of monomial: Monomial) -> MathExpression {
        let coefficient = monomial.coefficient
        var factors: [MathExpression] = [Self.literal(coefficient)]
        for (index, exponent) in monomial.exponents.sorted(by: { $0.key < $1.key }) {
            let base = atoms[index].expression
            factors.append(exponent == 1 ? base : .power(base, Self.literal(Rational(exponent))))
        }
        return factors.count == 1 ? factors[0] : .product(factors)
    }

    private static func literal(_ value: Rational) -> MathExpression {
        .number(NumberLiteral.computed(value))
    }

    // MARK: - Atoms

    /// `expression` as one atom (a new one, or the one with the same values up to sign).
    private mutating func atom(_ expression: MathExpression, squareFreeRadicand: Int64? = nil) -> Monomial? {
        let evaluators = AnswerLeafBuilder.samplingEvaluators(expression, variables: variables)
        var samples = evaluators.map { $0.numericValue(expression) }
        guard samples.allSatisfy(\.isFinite) else { return nil }
        guard let pivot = samples.first(where: { abs($0) > 1e-12 }) else { return Monomial(coefficient: .zero) }
        let sign: Int64 = pivot < 0 ? -1 : 1
        if sign < 0 { samples = samples.map { -$0 } }
        let key = samples.map { NumberFormatting.significant($0, digits: 10) }.joined(separator: ",")
        if let known = atoms.firstIndex(where: { $0.key == key }) {
            return Monomial(coefficient: Rational(sign * atoms[known].sign), exponents: [known: 1])
        }
        guard atoms.count < MonomialGCD.maxAtoms else { return nil }
        // Kept as first written (`\lcm(a + b, a - b)` = (a + b)(a - b), as SymPy writes it, not its negative).
        atoms.append(Atom(key: key, sign: sign, expression: expression, squareFreeRadicand: squareFreeRadicand))
        return Monomial(coefficient: .one, exponents: [atoms.count - 1: 1])
    }

    /// √r for a rational r ≥ 0: √(p/q) = √(pq)/q, and √(s²m) = s√m with m square-free (SymPy's form).
    private mutating func squareRoot(_ value: Rational) -> Monomial? {
        guard value.numerator >= 0 else { return nil }
        let (product, overflow) = value.numerator.multipliedReportingOverflow(by: value.denominator)
        guard !overflow, let parts = Self.squareFreeParts(product),
              let coefficient = Rational(numerator: parts.square, denominator: value.denominator) else { return nil }
        let squareFree = parts.squareFree
        guard squareFree > 1 else { return Monomial(coefficient: coefficient) }
        guard let root = atom(.root(index: nil, Self.literal(Rational(squareFree))), squareFreeRadicand: squareFree)
        else { return nil }
        return multiply(Monomial(coefficient: coefficient), root)
    }

    /// n = s² · m with m square-free; nil when n is too large to factor by bounded trial division.
    private static func squareFreeParts(_ n: Int64) -> (square: Int64, squareFree: Int64)? {
        guard n >= 0, n / MonomialGCD.maxTrialDivisor < MonomialGCD.maxTrialDivisor else { return nil }
        var (rest, root) = (n, Int64(1))
        var divisor: Int64 = 2
        while divisor * divisor <= rest {
            while rest % (divisor * divisor) == 0 { rest /= divisor * divisor; root *= divisor }
            divisor += 1
        }
        return (root, rest)
    }

    /// A sum linear in its atoms (each term a constant or a constant times one atom): its integer content
    /// times the primitive form as one atom; a single term left after like terms merge is that term.
    private mutating func linearForm(_ sum: MathExpression, terms: [MathExpression]) -> Monomial? {
        var constant = Rational.zero
        var coefficients: [Int: Rational] = [:]
        for term in terms {
            guard let monomial = monomial(term) else { return nil }
            if monomial.exponents.isEmpty {
                guard let total = constant.adding(monomial.coefficient) else { return nil }
                constant = total
                continue
            }
            guard monomial.exponents.count == 1, let only = monomial.exponents.first, only.value == 1,
                  let total = (coefficients[only.key] ?? .zero).adding(monomial.coefficient) else { return nil }
            coefficients[only.key] = total
        }
        let parts = coefficients.filter { !$0.value.isZero }
        if parts.isEmpty { return Monomial(coefficient: constant) }
        if parts.count == 1, constant.isZero, let only = parts.first {
            return Monomial(coefficient: only.value, exponents: [only.key: 1])
        }
        // Integer coefficients only: a rational content is the convention the rule leaves alone.
        let all = Array(parts.values) + (constant.isZero ? [] : [constant])
        guard all.allSatisfy(\.isInteger) else { return nil }
        let content = all.reduce(UInt64(0)) { Rational.gcd($0, $1.numerator.magnitude) }
        let divisor = Self.literal(Rational(Int64(content)))
        guard let primitive = atom(content == 1 ? sum : .quotient(sum, divisor)) else { return nil }
        return multiply(Monomial(coefficient: Rational(Int64(content))), primitive)
    }

    // MARK: - Arithmetic

    private func multiply(_ a: Monomial, _ b: Monomial) -> Monomial? {
        guard var coefficient = a.coefficient.multiplying(b.coefficient) else { return nil }
        var exponents = a.exponents
        for (atom, exponent) in b.exponents {
            let total = (exponents[atom] ?? 0) + exponent
            guard total <= MonomialGCD.maxExponent else { return nil }
            exponents[atom] = total
        }
        // √m · √m = m: SymPy never keeps a square root squared.
        for (atom, exponent) in exponents where exponent >= 2 {
            guard let radicand = atoms[atom].squareFreeRadicand else { continue }
            guard let factor = Rational(radicand).power(exponent / 2),
                  let product = coefficient.multiplying(factor) else { return nil }
            coefficient = product
            exponents[atom] = exponent % 2
        }
        return Monomial(coefficient: coefficient, exponents: exponents.filter { $0.value > 0 })
    }

    private func raise(_ monomial: Monomial, to power: Int64) -> Monomial? {
        var result = Monomial(coefficient: .one)
        for _ in 0..<power {
            guard let product = multiply(result, monomial) else { return nil }
            result = product
        }
        return result
    }
}
