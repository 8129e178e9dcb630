/// Row gather/broadcast: `out[r] = inp[index[r]]` (e.g. each cluster receives its set's context).
/// Sizes: `index` rows (each in 0..<inputRows), `out` rows*width. Backward scatters-adds.
enum GatherRows {
    static func forward(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
        index: UnsafePointer<Int32>, rows: Int, width: Int
    ) {
        for r in 0..<rows {
            (out + r * width).update(from: inp + Int(index[r]) * width, count: width)
        }
    }

    static func backward(
        dInp: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
        index: UnsafePointer<Int32>, rows: Int, width: Int
    ) {
        for r in 0..<rows {
            let dst = dInp + Int(index[r]) * width
            let src = dOut + r * width
            for d in 0..<width { dst[d] += src[d] }
        }
    }
}
