/// Softmax over contiguous segments: segment s owns entries offsets[s]..<offsets[s+1] (the clusters
/// of set s). Max-subtracted for stability; an empty segment produces nothing.
/// Sizes: `offsets` segments+1, nondecreasing, last = number of entries.
enum SegmentSoftmax {
    static func forward(
        probabilities: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
        offsets: UnsafePointer<Int>, segments: Int
    ) {
        for s in 0..<segments {
            let lo = offsets[s], hi = offsets[s + 1]
            guard lo < hi else { continue }
            var maxLogit = logits[lo]
            for c in lo..<hi where logits[c] > maxLogit { maxLogit = logits[c] }
            var sum: Float = 0
            for c in lo..<hi {
                let e = Math.exp(logits[c] - maxLogit)
                probabilities[c] = e
                sum += e
            }
            let inv = 1 / sum
            for c in lo..<hi { probabilities[c] *= inv }
        }
    }

    /// dLogits[c] += p[c] * (dProbabilities[c] - Σ_{c' in segment} p[c'] dProbabilities[c']).
    static func backward(
        dLogits: UnsafeMutablePointer<Float>, dProbabilities: UnsafePointer<Float>,
        probabilities: UnsafePointer<Float>, offsets: UnsafePointer<Int>, segments: Int
    ) {
        for s in 0..<segments {
            let lo = offsets[s], hi = offsets[s + 1]
            var dot: Float = 0
            for c in lo..<hi { dot += probabilities[c] * dProbabilities[c] }
            for c in lo..<hi { dLogits[c] += probabilities[c] * (dProbabilities[c] - dot) }
        }
    }
}
