/// An answer as written by a candidate (`raw`) together with its canonical form.
public struct ExtractedAnswer: Hashable, Sendable {
    public let raw: String
    public let canonical: CanonicalAnswer

    public init(raw: String, canonical: CanonicalAnswer) {
        self.raw = raw
        self.canonical = canonical
    }

    /// Canonicalizes `raw`; nil when it has no canonical form (empty or unparseable).
    public init?(raw: String) {
        guard let canonical = Canonicalizer.canonicalize(raw) else { return nil }
        self.init(raw: raw, canonical: canonical)
    }
}
