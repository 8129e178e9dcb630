/// The shape of a canonical answer.
public enum AnswerForm: String, Sendable, Hashable, CaseIterable {
    case integer, decimal, fraction
    /// A number that is not rational (radicals, π, e) or not exactly representable.
    case real
    /// An expression with free variables, compared by values at fixed sample points.
    case expression
    /// An equation or inequality between expressions.
    case relation
    case letter, set, tuple, interval, matrix, ratio, time, base, text
}
