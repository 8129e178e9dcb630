import AggLMSupport

/// A bottom-k MinHash sketch of a text's word 3-shingles: enough to estimate how alike two texts are
/// (their Jaccard similarity) in time independent of their length.
///
/// A cluster whose members reach its answer with different texts has more independent support than one
/// whose members are near-copies of one solution (`ClusterFeatures.memberDiversity`); in one-model pools,
/// where names and style say nothing, that is one of the few signals that tells tied clusters apart.
/// Words are runs of ASCII letters and digits, lowercased; every other byte separates them. Only the last
/// `tailBytes` bytes are read: the end of a solution, where paths to an answer part (the start mostly
/// restates the problem), and a bound on the cost — a second pass over whole texts doubled the time of a
/// decision on MATH level-5 solutions.
public struct ShingleSketch: Sendable, Equatable {
    /// The `size` smallest distinct shingle hashes, ascending.
    public let hashes: [UInt64]

    static let size = 64
    static let tailBytes = 1024

    public init(text: String) {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        hashes = contiguous.utf8.withContiguousStorageIfAvailable { all in
            Self.smallestShingleHashes(UnsafeBufferPointer(rebasing: all.suffix(Self.tailBytes)))
        } ?? []
    }

    init(hashes: [UInt64]) { self.hashes = hashes }

    /// Estimated Jaccard similarity of the two texts' shingle sets: the share, among the `size` smallest
    /// hashes of the union, of those in both (each sketch holds its text's smallest hashes, so the union's
    /// smallest are all in one sketch or the other). Two texts without shingles are alike (1).
    public static func similarity(_ a: ShingleSketch, _ b: ShingleSketch) -> Float {
        if a.hashes.isEmpty && b.hashes.isEmpty { return 1 }
        var i = 0, j = 0, taken = 0, shared = 0
        let x = a.hashes, y = b.hashes
        while taken < size, i < x.count || j < y.count {
            if j == y.count || (i < x.count && x[i] < y[j]) {
                i += 1
            } else if i == x.count || y[j] < x[i] {
                j += 1
            } else {
                shared += 1
                i += 1
                j += 1
            }
            taken += 1
        }
        return Float(shared) / Float(taken)
    }

    /// The `size` smallest distinct hashes of the windows of three consecutive words, kept sorted as they
    /// stream by: a hash at or above the current `size`-th smallest is dropped at once, a smaller one is
    /// inserted in place (a text of n shingles makes about size · (1 + ln(n / size)) insertions), so no
    /// sort of all the shingles is needed.
    private static func smallestShingleHashes(_ all: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        var kept: [UInt64] = []
        kept.reserveCapacity(size + 1)
        var first: UInt64 = 0, second: UInt64 = 0
        var words = 0
        var index = 0
        let count = all.count
        while index < count {
            guard isWordByte(all[index]) else {
                index += 1
                continue
            }
            var word = wordHashOffset
            while index < count, isWordByte(all[index]) {
                word = wordHashStep(word, all[index])
                index += 1
            }
            words += 1
            if words >= 3 {
                let hash = shingleHash(first, second, word)
                if kept.count < size || hash < kept[kept.count - 1] {
                    var low = 0, high = kept.count
                    while low < high {
                        let middle = (low + high) >> 1
                        if kept[middle] < hash { low = middle + 1 } else { high = middle }
                    }
                    if low == kept.count || kept[low] != hash {
                        kept.insert(hash, at: low)
                        if kept.count > size { kept.removeLast() }
                    }
                }
            }
            first = second
            second = word
        }
        return kept
    }

    static let wordHashOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step over a lowercased byte.
    @inline(__always)
    static func wordHashStep(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte | 0x20)) &* 0x0000_0100_0000_01b3
    }

    /// The hash of three consecutive words' hashes, spread over all 64 bits.
    @inline(__always)
    static func shingleHash(_ first: UInt64, _ second: UInt64, _ third: UInt64) -> UInt64 {
        mix(first &* 0x9e37_79b9_7f4a_7c15 ^ second &* 0xc2b2_ae3d_27d4_eb4f ^ third)
    }

    /// ASCII letters and digits (`| 0x20` lowercases letters and leaves digits as they are).
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10
    }

    /// Spreads the combined word hashes over all 64 bits (one SplitMix64 step seeded with them), so
    /// the smallest hashes are a uniform sample of the shingles.
    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: value)
        return generator.next()
    }
}
