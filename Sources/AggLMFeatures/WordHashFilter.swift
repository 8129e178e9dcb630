/// A set of 64-bit word hashes reduced to a 256-bit membership filter over each hash's top byte.
///
/// Invariant: `mayContain(h)` is true for every `h` the filter was built from (no false negatives);
/// it may also be true for other hashes, so callers confirm a hit with an exact comparison.
struct WordHashFilter: Sendable {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ hashes: [UInt64]) {
        for hash in hashes {
            let slot = hash >> 56
            let bit = UInt64(1) << (slot & 63)
            switch slot >> 6 {
            case 0: bits.0 |= bit
            case 1: bits.1 |= bit
            case 2: bits.2 |= bit
            default: bits.3 |= bit
            }
        }
    }

    @inline(__always)
    func mayContain(_ hash: UInt64) -> Bool {
        let slot = hash >> 56
        let word: UInt64
        switch slot >> 6 {
        case 0: word = bits.0
        case 1: word = bits.1
        case 2: word = bits.2
        default: word = bits.3
        }
        return (word >> (slot & 63)) & 1 != 0
    }
}
