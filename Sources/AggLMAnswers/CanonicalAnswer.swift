/// An answer in canonical form. Identity is the `key`: equal keys mean equivalent answers, so keys can
/// be used directly for voting. `Equivalence` may additionally match answers with different keys within a
/// documented tolerance (rounded decimals, percent forms).
public struct CanonicalAnswer: Hashable, Sendable, CustomStringConvertible {
    public let key: String
    public let form: AnswerForm
    /// The numeric value when the answer is a single number.
    public let value: Double?
    let node: AnswerNode

    init(node: AnswerNode) {
        self.node = node
        self.key = AnswerKey.key(of: node)
        self.form = AnswerKey.form(of: node)
        if case .number(let leaf) = node { self.value = leaf.value } else { self.value = nil }
    }

    public static func == (lhs: CanonicalAnswer, rhs: CanonicalAnswer) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public var description: String { key }
}
