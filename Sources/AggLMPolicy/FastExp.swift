/// exp(x) for Float from pure arithmetic (Cephes expf polynomial, Cody–Waite range reduction,
/// 2^n assembled in the exponent bits): relative error about 2e-7, no libm call and no branch, so
/// loops over activations auto-vectorise. Inputs are clamped to [-87, 88], where the result
/// stays a normal float; beyond that the exact exp under- or overflows anyway and every caller
/// only needs the saturated value.
enum FastExp {
    @inline(__always)
    static func exp(_ input: Float) -> Float {
        let x = min(max(input, -87), 88)
        // Adding 1.5 * 2^23 rounds x*log2(e) to an integer held in the low mantissa bits.
        let magic: Float = 12_582_912
        let shifted = x * 1.442_695_040_888_963_4 + magic
        let n = shifted - magic
        let integerN = shifted.bitPattern &- magic.bitPattern
        let f = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_150_0e-4
        p = p * f + 1.398_199_950_7e-3
        p = p * f + 8.333_451_907_3e-3
        p = p * f + 4.166_579_589_4e-2
        p = p * f + 1.666_666_545_9e-1
        p = p * f + 5.000_000_120_1e-1
        let expF = p * (f * f) + f + 1
        return expF * Float(bitPattern: (integerN &+ 127) << 23)
    }
}
