/// A fixed-size log-linear histogram of durations in microseconds (the HdrHistogram idea, small).
///
/// Values below 16 µs have exact buckets; above, every power of two is split into 16 equal buckets, so a
/// reported percentile is within 1/16 (6.25 %) of a recorded value. Values are clamped to 2^40 µs (~12 days).
/// Memory is constant: 608 counters, whatever is recorded.
public struct LatencyHistogram: Sendable, Equatable {
    private static let subBucketBits = 4
    private static let subBuckets = 1 << subBucketBits
    private static let maxExponent = 40
    static let bucketCount = subBuckets + (maxExponent - subBucketBits + 1) * subBuckets

    private var counts = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount)
    public private(set) var count: UInt64 = 0
    public private(set) var maximum: UInt64 = 0

    public init() {}

    public mutating func record(microseconds: UInt64) {
        let value = min(microseconds, (1 << Self.maxExponent) &* 2 - 1)
        counts[Self.bucket(of: value)] &+= 1
        count &+= 1
        maximum = max(maximum, value)
    }

    public mutating func record(nanoseconds: UInt64) {
        record(microseconds: nanoseconds / 1000)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] &+= other.counts[index] }
        count &+= other.count
        maximum = max(maximum, other.maximum)
    }

    /// The `quantile` (0...1) in microseconds: the middle of the bucket holding that rank; 0 when empty.
    public func percentile(_ quantile: Double) -> Double {
        guard count > 0 else { return 0 }
        let clamped = min(max(quantile, 0), 1)
        let rank = max(1, UInt64((clamped * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank {
                let (low, width) = Self.range(of: index)
                return min(Double(low) + Double(width - 1) / 2, Double(maximum))
            }
        }
        return Double(maximum)
    }

    static func bucket(of value: UInt64) -> Int {
        if value < UInt64(subBuckets) { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount
        let shift = exponent - subBucketBits
        let sub = Int(value >> UInt64(shift)) & (subBuckets - 1)
        return subBuckets + shift * subBuckets + sub
    }

    /// The lowest value of bucket `index` and how many values it holds.
    static func range(of index: Int) -> (low: UInt64, width: UInt64) {
        if index < subBuckets { return (UInt64(index), 1) }
        let shift = (index - subBuckets) / subBuckets
        let sub = (index - subBuckets) % subBuckets
        return (UInt64(subBuckets + sub) << UInt64(shift), 1 << UInt64(shift))
    }
}
