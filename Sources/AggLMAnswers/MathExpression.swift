/// A parsed arithmetic expression. Built only by `MathExpressionParser`, whose depth cap bounds its height.
indirect enum MathExpression: Sendable {
    case number(NumberLiteral)
    case variable(String)
    case pi, euler, infinity
    case negate(MathExpression)
    case sum([MathExpression])
    case product([MathExpression])
    case quotient(MathExpression, MathExpression)
    case power(MathExpression, MathExpression)
    /// `\sqrt[index]{radicand}`; a nil index is a square root.
    case root(index: MathExpression?, MathExpression)
    case function(MathFunction, logBase: Double?, MathExpression)
    case factorial(MathExpression)
    case percent(MathExpression)
    case degrees(MathExpression)
    case absolute(MathExpression)

    /// Sorted distinct variable names (at most `AnswerLimits.maxVariables + 1` are collected).
    var variables: [String] {
        // An array with a linear membership test, not a `Set`: most expressions have no variable (then
        // nothing is allocated) or one, and this runs several times per answer.
        var names: [String] = []
        collectVariables(into: &names)
        return names.count > 1 ? names.sorted() : names
    }

    private func collectVariables(into names: inout [String]) {
        guard names.count <= AnswerLimits.maxVariables else { return }
        switch self {
        case .variable(let name): if !names.contains(name) { names.append(name) }
        case .number, .pi, .euler, .infinity: break
        case .negate(let inner), .factorial(let inner), .percent(let inner), .degrees(let inner),
             .absolute(let inner), .function(_, _, let inner):
            inner.collectVariables(into: &names)
        case .sum(let terms), .product(let terms):
            for term in terms { term.collectVariables(into: &names) }
        case .quotient(let left, let right), .power(let left, let right):
            left.collectVariables(into: &names); right.collectVariables(into: &names)
        case .root(let index, let radicand):
            index?.collectVariables(into: &names); radicand.collectVariables(into: &names)
        }
    }

    var containsTrigonometry: Bool {
        switch self {
        case .function(let function, _, let inner): return function.isTrigonometric || inner.containsTrigonometry
        case .variable, .number, .pi, .euler, .infinity: return false
        case .negate(let inner), .factorial(let inner), .percent(let inner), .degrees(let inner), .absolute(let inner):
            return inner.containsTrigonometry
        case .sum(let terms), .product(let terms): return terms.contains { $0.containsTrigonometry }
        case .quotient(let left, let right), .power(let left, let right):
            return left.containsTrigonometry || right.containsTrigonometry
        case .root(let index, let radicand): return (index?.containsTrigonometry ?? false) || radicand.containsTrigonometry
        }
    }

    /// Whether rounding noise can make this expression near zero when its exact value is zero: only through
    /// cancellation, in a sum of two or more terms or inside a function (`\sin\pi`, `\ln 1`); a product,
    /// quotient, power or root of non-zero numbers is never noise-zero.
    var canCancel: Bool {
        switch self {
        case .sum(let terms): return terms.count > 1 || terms.contains { $0.canCancel }
        case .function: return true
        case .variable, .number, .pi, .euler, .infinity: return false
        case .negate(let inner), .factorial(let inner), .percent(let inner), .degrees(let inner), .absolute(let inner):
            return inner.canCancel
        case .product(let terms): return terms.contains { $0.canCancel }
        case .quotient(let left, let right), .power(let left, let right): return left.canCancel || right.canCancel
        case .root(let index, let radicand): return (index?.canCancel ?? false) || radicand.canCancel
        }
    }

    /// The expression with every variable `from` named `to` instead.
    func renamingVariable(_ from: String, to: String) -> MathExpression {
        switch self {
        case .variable(let name): return name == from ? .variable(to) : self
        case .number, .pi, .euler, .infinity: return self
        case .negate(let inner): return .negate(inner.renamingVariable(from, to: to))
        case .factorial(let inner): return .factorial(inner.renamingVariable(from, to: to))
        case .percent(let inner): return .percent(inner.renamingVariable(from, to: to))
        case .degrees(let inner): return .degrees(inner.renamingVariable(from, to: to))
        case .absolute(let inner): return .absolute(inner.renamingVariable(from, to: to))
        case .function(let function, let logBase, let inner):
            return .function(function, logBase: logBase, inner.renamingVariable(from, to: to))
        case .sum(let terms): return .sum(terms.map { $0.renamingVariable(from, to: to) })
        case .product(let terms): return .product(terms.map { $0.renamingVariable(from, to: to) })
        case .quotient(let left, let right):
            return .quotient(left.renamingVariable(from, to: to), right.renamingVariable(from, to: to))
        case .power(let left, let right):
            return .power(left.renamingVariable(from, to: to), right.renamingVariable(from, to: to))
        case .root(let index, let radicand):
            return .root(index: index?.renamingVariable(from, to: to), radicand.renamingVariable(from, to: to))
        }
    }
}
