/// Model names seen in training, each with an embedding row; row 0 is
/// "unknown", used for names never seen, empty names and anonymous mode.
public struct ModelVocabulary: Sendable, Equatable {
    /// Known names in id order: `names[i]` has id i + 1.
    public let names: [String]
    private let ids: [String: Int32]

    /// Names are de-duplicated and sorted, so the ids do not depend on data order.
    public init(names: some Sequence<String>) {
        let sorted = Array(Set(names.filter { !$0.isEmpty })).sorted()
        self.names = sorted
        var ids: [String: Int32] = [:]
        for (index, name) in sorted.enumerated() { ids[name] = Int32(index + 1) }
        self.ids = ids
    }

    public static let unknown: Int32 = 0

    /// Rows of the embedding table, including "unknown".
    public var size: Int { names.count + 1 }

    public func id(of name: String) -> Int32 { ids[name] ?? Self.unknown }

    public static func == (lhs: ModelVocabulary, rhs: ModelVocabulary) -> Bool { lhs.names == rhs.names }
}
