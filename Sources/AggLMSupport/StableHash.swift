/// FNV-1a over UTF-8: a hash that is the same in every process and on every
/// machine (Swift's `Hasher` is randomly seeded per process), for deriving
/// per-problem random streams from a user's seed.
public enum StableHash {
    public static func fnv1a(_ text: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
