/// Concatenation along the feature axis: `out[r] = [a[r], b[r], (c[r])]`, widths `widthA`, `widthB`,
/// `widthC` (0 for two parts). Backward splits `dOut` back, accumulating; a nil destination means
/// that part is input data that needs no gradient.
enum ConcatFeatures {
    static func forward(
        out: UnsafeMutablePointer<Float>, rows: Int,
        _ a: UnsafePointer<Float>, widthA: Int,
        _ b: UnsafePointer<Float>, widthB: Int,
        _ c: UnsafePointer<Float>? = nil, widthC: Int = 0
    ) {
        let width = widthA + widthB + widthC
        for r in 0..<rows {
            let dst = out + r * width
            dst.update(from: a + r * widthA, count: widthA)
            (dst + widthA).update(from: b + r * widthB, count: widthB)
            if let c, widthC > 0 {
                (dst + widthA + widthB).update(from: c + r * widthC, count: widthC)
            }
        }
    }

    static func backward(
        dOut: UnsafePointer<Float>, rows: Int,
        _ dA: UnsafeMutablePointer<Float>?, widthA: Int,
        _ dB: UnsafeMutablePointer<Float>?, widthB: Int,
        _ dC: UnsafeMutablePointer<Float>? = nil, widthC: Int = 0
    ) {
        let width = widthA + widthB + widthC
        for r in 0..<rows {
            let src = dOut + r * width
            if let dA { accumulate(dA + r * widthA, src, widthA) }
            if let dB { accumulate(dB + r * widthB, src + widthA, widthB) }
            if let dC { accumulate(dC + r * widthC, src + widthA + widthB, widthC) }
        }
    }

    @inline(__always)
    private static func accumulate(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
        for d in 0..<n { dst[d] += src[d] }
    }
}
