/// Sum of rows per group, for ragged groups given by a group index per row (-1 = pooled nowhere).
///
/// The policy uses it to add up per-member evidence into a cluster score: a weighted vote, where
/// unlike a mean, two reliable members count for more than one. Sizes: `inp` rows*width,
/// `groupOf` rows (each -1 or in 0..<groups), `out` groups*width. An empty group sums to zero.
public enum GroupSumPool {
    public static func forward(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, groupOf: UnsafePointer<Int32>,
        rows: Int, groups: Int, width: Int
    ) {
        out.update(repeating: 0, count: groups * width)
        for r in 0..<rows {
            let g = Int(groupOf[r])
            guard g >= 0 else { continue }
            let dst = out + g * width
            let src = inp + r * width
            for d in 0..<width { dst[d] += src[d] }
        }
    }

    /// Accumulates into `dInp`: every member receives its group's gradient unchanged.
    public static func backward(
        dInp: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>, groupOf: UnsafePointer<Int32>,
        rows: Int, width: Int
    ) {
        for r in 0..<rows {
            let g = Int(groupOf[r])
            guard g >= 0 else { continue }
            let src = dOut + g * width
            let dst = dInp + r * width
            for d in 0..<width { dst[d] += src[d] }
        }
    }
}
