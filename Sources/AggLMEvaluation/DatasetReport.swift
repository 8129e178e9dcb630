import AggLMSupport
public import AggLMWire


/// One dataset file's comparison: accuracy per method with a bootstrap
/// interval over problems, and the easy/hard/none breakdown.
public struct DatasetReport: Sendable {
    public struct BucketScore: Sendable, Equatable {
        public var n: Int
        public var accuracy: Double
    }

    public struct MethodScore: Sendable {
        public var method: Agglm_V1_Method
        public var accuracy: Double
        public var ci95: (low: Double, high: Double)
        public var buckets: [SetBucket: BucketScore]
        public var winsOverMajority: Int
        public var lossesToMajority: Int
    }

    public var file: String
    public var problems: Int
    /// Problems left out for lack of usable gold.
    public var problemsWithoutGold: Int
    public var sets: Int
    public var candidateAccuracy: Double
    /// Methods available on every set, in report order.
    public var methods: [MethodScore]
    /// Methods asked for but unavailable on some set (and so not scored).
    public var unavailable: [Agglm_V1_Method]

    public func score(_ method: Agglm_V1_Method) -> MethodScore? { methods.first { $0.method == method } }

    /// Aggregates per-problem tallies.
    ///
    /// Accuracy is the mean over problems of each problem's mean over its
    /// sets, so every problem weighs the same whatever its set count; the
    /// 95% interval is a percentile bootstrap over problems (seeded).
    public init(
        file: String, tallies: [ProblemTally], problemsWithoutGold: Int, methods: [Agglm_V1_Method],
        bootstrapSamples: Int = 1000, seed: UInt64 = 0
    ) {
        self.file = file
        self.problems = tallies.count
        self.problemsWithoutGold = problemsWithoutGold
        self.sets = tallies.reduce(0) { $0 + $1.sets }
        self.candidateAccuracy = sets == 0 ? 0 : tallies.reduce(0) { $0 + $1.candidateAccuracySum } / Double(sets)
        let unavailableAnywhere = tallies.reduce(into: Set<Agglm_V1_Method>()) { $0.formUnion($1.unavailable) }
        self.unavailable = methods.filter { unavailableAnywhere.contains($0) }
        var bucketSets: [SetBucket: Int] = [:]
        for tally in tallies {
            for (bucket, count) in tally.setsByBucket { bucketSets[bucket, default: 0] += count }
        }
        self.methods = methods.filter { !unavailableAnywhere.contains($0) }.map { method in
            let perProblem = tallies.map { $0.accuracy(method) }
            var buckets: [SetBucket: BucketScore] = [:]
            for bucket in SetBucket.allCases {
                let n = bucketSets[bucket] ?? 0
                let correct = tallies.reduce(0) { $0 + ($1.methods[method]?.correctByBucket[bucket] ?? 0) }
                buckets[bucket] = BucketScore(n: n, accuracy: n == 0 ? 0 : Double(correct) / Double(n))
            }
            return MethodScore(
                method: method,
                accuracy: Bootstrap.mean(perProblem),
                ci95: Bootstrap.percentileInterval(perProblem, samples: bootstrapSamples, seed: seed),
                buckets: buckets,
                winsOverMajority: tallies.reduce(0) { $0 + ($1.methods[method]?.winsOverMajority ?? 0) },
                lossesToMajority: tallies.reduce(0) { $0 + ($1.methods[method]?.lossesToMajority ?? 0) })
        }
    }
}

/// Percentile bootstrap for a mean.
public enum Bootstrap {
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The 2.5th and 97.5th percentiles of the mean over `samples` resamples.
    public static func percentileInterval(_ values: [Double], samples: Int, seed: UInt64) -> (low: Double, high: Double) {
        guard values.count > 1, samples > 1 else {
            let m = mean(values)
            return (m, m)
        }
        var rng = SplitMix64(seed: seed ^ 0xb007_57a9)
        var means: [Double] = []
        means.reserveCapacity(samples)
        let n = UInt64(values.count)
        for _ in 0..<samples {
            var sum = 0.0
            for _ in 0..<values.count { sum += values[Int(rng.next() % n)] }
            means.append(sum / Double(values.count))
        }
        means.sort()
        let low = means[Int(0.025 * Double(samples - 1))]
        let high = means[Int((0.975 * Double(samples - 1)).rounded(.up))]
        return (low, high)
    }
}
