/// Mean of rows per group, for ragged groups given by a group index per row: candidates → their
/// set's context (index = set of the candidate), members → their cluster (index = cluster of the
/// candidate, -1 = abstaining, pooled nowhere).
///
/// Sizes: `inp` rows*width, `groupOf` rows (each -1 or in 0..<groups), `out` groups*width,
/// `inverseCounts` groups (written by forward, read by backward: 1/members, 0 for an empty group,
/// whose mean is defined as the zero vector).
enum GroupMeanPool {
    static func forward(
        out: UnsafeMutablePointer<Float>, inverseCounts: UnsafeMutablePointer<Float>,
        inp: UnsafePointer<Float>, groupOf: UnsafePointer<Int32>,
        rows: Int, groups: Int, width: Int
    ) {
        out.update(repeating: 0, count: groups * width)
        inverseCounts.update(repeating: 0, count: groups)
        for r in 0..<rows {
            let g = Int(groupOf[r])
            guard g >= 0 else { continue }
            inverseCounts[g] += 1
            let dst = out + g * width
            let src = inp + r * width
            for d in 0..<width { dst[d] += src[d] }
        }
        for g in 0..<groups {
            let n = inverseCounts[g]
            guard n > 0 else { continue }
            let inv = 1 / n
            inverseCounts[g] = inv
            let dst = out + g * width
            for d in 0..<width { dst[d] *= inv }
        }
    }

    /// Accumulates into `dInp`.
    static func backward(
        dInp: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
        inverseCounts: UnsafePointer<Float>, groupOf: UnsafePointer<Int32>,
        rows: Int, width: Int
    ) {
        for r in 0..<rows {
            let g = Int(groupOf[r])
            guard g >= 0 else { continue }
            let inv = inverseCounts[g]
            let src = dOut + g * width
            let dst = dInp + r * width
            for d in 0..<width { dst[d] += inv * src[d] }
        }
    }
}
