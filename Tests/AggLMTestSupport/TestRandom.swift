public import AggLMSupport

/// Seeded random inputs for the tests (never the system generator).
public struct TestRandom {
    public var rng: SplitMix64

    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    public mutating func floats(_ count: Int, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in Float(rng.nextGaussian()) * scale }
    }

    public mutating func int(below n: Int) -> Int { Int(rng.next() % UInt64(n)) }
}
