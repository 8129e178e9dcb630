import AggLMSupport
@testable import AggLMService
import Testing

@Suite struct LatencyHistogramTests {
    @Test func emptyHistogramReportsZero() {
        let histogram = LatencyHistogram()
        #expect(histogram.count == 0)
        #expect(histogram.percentile(0.5) == 0)
    }

    @Test func smallValuesAreExact() {
        var histogram = LatencyHistogram()
        for value in 0..<16 { histogram.record(microseconds: UInt64(value)) }
        #expect(histogram.percentile(0.5) == 7)
        #expect(histogram.percentile(1.0) == 15)
    }

    @Test func bucketsTileTheRange() {
        var expectedLow: UInt64 = 0
        for index in 0..<LatencyHistogram.bucketCount {
            let (low, width) = LatencyHistogram.range(of: index)
            #expect(low == expectedLow)
            #expect(LatencyHistogram.bucket(of: low) == index)
            #expect(LatencyHistogram.bucket(of: low + width - 1) == index)
            expectedLow = low + width
        }
    }

    /// Property: every percentile is within one bucket width (1/16 relative) of the exact order statistic.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func percentilesAreWithinBucketPrecision(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var histogram = LatencyHistogram()
        let values = (0..<(500 + Int(rng.next() % 2000))).map { _ in rng.next() % (1 << (rng.next() % 30)) }
        for value in values { histogram.record(microseconds: value) }
        let sorted = values.sorted()
        for quantile in [0.01, 0.5, 0.9, 0.99, 1.0] {
            let rank = max(1, Int((quantile * Double(sorted.count)).rounded(.up)))
            let exact = Double(sorted[rank - 1])
            let reported = histogram.percentile(quantile)
            #expect(abs(reported - exact) <= max(1, exact / 16), "q=\(quantile) exact=\(exact) reported=\(reported)")
        }
    }

    @Test func mergeEqualsRecordingEverything() {
        var first = LatencyHistogram(), second = LatencyHistogram(), both = LatencyHistogram()
        for value in [3, 100, 5000] as [UInt64] { first.record(microseconds: value); both.record(microseconds: value) }
        for value in [7, 250_000] as [UInt64] { second.record(microseconds: value); both.record(microseconds: value) }
        first.merge(second)
        #expect(first == both)
    }
}
