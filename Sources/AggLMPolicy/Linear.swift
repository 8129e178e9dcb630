import COpenBLAS

/// Fully connected layer on `cblas_sgemm`, llm.c layout: `weight` is [outFeatures x inFeatures]
/// row-major (PyTorch convention), `out = inp · weightᵀ + bias`.
///
/// Buffer sizes (caller's invariant): `inp` rows*inFeatures, `out`/`dOut` rows*outFeatures,
/// `weight`/`dWeight` outFeatures*inFeatures, `bias`/`dBias` outFeatures. Backward accumulates.
enum Linear {
    static func forward(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        rows: Int, inFeatures: Int, outFeatures: Int
    ) {
        guard rows > 0, outFeatures > 0 else { return }
        // Seed `out` with the bias so a single sgemm with beta = 1 finishes the layer.
        for r in 0..<rows {
            (out + r * outFeatures).update(from: bias, count: outFeatures)
        }
        guard inFeatures > 0 else { return }
        if outFeatures == 1 {
            // A single output (the logit heads) is a matrix-vector product; sgemv skips the
            // packing sgemm does, which dominates at this size.
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(inFeatures), 1, inp, Int32(inFeatures), weight, 1, 1, out, 1)
            return
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(outFeatures), Int32(inFeatures),
            1, inp, Int32(inFeatures), weight, Int32(inFeatures),
            1, out, Int32(outFeatures))
    }

    /// `dInp` may be nil when the input is data, not an activation (saves one sgemm).
    static func backward(
        dInp: UnsafeMutablePointer<Float>?, dWeight: UnsafeMutablePointer<Float>,
        dBias: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
        inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        rows: Int, inFeatures: Int, outFeatures: Int
    ) {
        guard rows > 0, outFeatures > 0 else { return }
        for r in 0..<rows {
            let row = dOut + r * outFeatures
            for o in 0..<outFeatures { dBias[o] += row[o] }
        }
        guard inFeatures > 0 else { return }
        if let dInp {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans,
                Int32(rows), Int32(inFeatures), Int32(outFeatures),
                1, dOut, Int32(outFeatures), weight, Int32(inFeatures),
                1, dInp, Int32(inFeatures))
        }
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans,
            Int32(outFeatures), Int32(inFeatures), Int32(rows),
            1, dOut, Int32(outFeatures), inp, Int32(inFeatures),
            1, dWeight, Int32(inFeatures))
    }
}
