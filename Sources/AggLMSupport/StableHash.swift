/// FNV-1a: a hash that is the same in every process and on every machine (Swift's `Hasher` is
/// randomly seeded per process), for deriving per-problem random streams from a user's seed and for
/// fingerprinting files.
public enum StableHash {
    public static let fnv1aOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Over the UTF-8 of `text`.
    public static func fnv1a(_ text: String, seed: UInt64 = fnv1aOffsetBasis) -> UInt64 {
        fnv1a(bytes: text.utf8, seed: seed)
    }

    public static func fnv1a<Bytes: Sequence<UInt8>>(bytes: Bytes, seed: UInt64 = fnv1aOffsetBasis) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
