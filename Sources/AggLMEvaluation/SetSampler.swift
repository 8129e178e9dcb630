import AggLMSupport


/// Draws the candidate sets of the AggLM protocol: for each problem, `sets`
/// random subsets of `k` candidates, without replacement within a set.
///
/// Reproducible by construction: a problem's sets depend only on the seed,
/// the problem id and its candidate count — not on file order, thread count
/// or the other problems. A problem with at most `k` candidates yields one
/// set of all of them (every draw would be the same set).
public struct SetSampler: Sendable {
    public let k: Int
    public let sets: Int
    public let seed: UInt64

    public init(k: Int, sets: Int, seed: UInt64) {
        self.k = max(1, k)
        self.sets = max(1, sets)
        self.seed = seed
    }

    /// Member index lists, each sorted ascending.
    public func sets(problemID: String, candidateCount: Int) -> [[Int]] {
        guard candidateCount > k else { return [Array(0..<candidateCount)] }
        var rng = SplitMix64(seed: StableHash.fnv1a(problemID, seed: seed ^ 0x5eed_5e75))
        var indices = Array(0..<candidateCount)
        return (0..<sets).map { _ in
            // Partial Fisher-Yates: the first k slots become a uniform sample.
            for slot in 0..<k {
                let pick = slot + Int(rng.next() % UInt64(candidateCount - slot))
                indices.swapAt(slot, pick)
            }
            return indices[0..<k].sorted()
        }
    }
}
