/// The words `CandidateSignals` counts, as an open-addressing table from a word's hash to the roles it
/// plays, so that a finished word costs one table probe (two for the few that share a slot).
///
/// Invariant: `roles(of: h)` is the union of the roles inserted under exactly the hash `h`, and empty for
/// every other hash (a full 64-bit comparison confirms every hit).
struct CountedWords: Sendable {
    struct Roles: OptionSet, Sendable {
        let rawValue: UInt8
        static let hedge = Roles(rawValue: 1 << 0)
        static let correction = Roles(rawValue: 1 << 1)
        static let boxed = Roles(rawValue: 1 << 2)
        static let step = Roles(rawValue: 1 << 3)
        static let therefore = Roles(rawValue: 1 << 4)
        /// Marks a final answer after "final" ("final answer").
        static let answer = Roles(rawValue: 1 << 5)
        /// Marks a final answer after "answer" ("answer is").
        static let isWord = Roles(rawValue: 1 << 6)
    }

    private static let slotCount = 256
    private var hashes = [UInt64](repeating: 0, count: slotCount)
    /// Per slot; 0 marks an empty slot (every inserted word has at least one role).
    private var roles = [UInt8](repeating: 0, count: slotCount)

    init(_ entries: [(hash: UInt64, roles: Roles)]) {
        for entry in entries where !entry.roles.isEmpty {
            var slot = Self.home(entry.hash)
            while roles[slot] != 0 && hashes[slot] != entry.hash { slot = (slot + 1) & (Self.slotCount - 1) }
            hashes[slot] = entry.hash
            roles[slot] |= entry.roles.rawValue
        }
    }

    @inline(__always)
    func roles(of hash: UInt64) -> Roles {
        var slot = Self.home(hash)
        // At most 29 of 256 slots are full, so the probe ends at an empty slot.
        while roles[slot] != 0 {
            if hashes[slot] == hash { return Roles(rawValue: roles[slot]) }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return []
    }

    /// The slot a hash probes first: its top byte (FNV-1a mixes the last letters into the high bits).
    @inline(__always)
    private static func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 56) }
}
