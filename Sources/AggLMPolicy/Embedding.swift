/// Embedding lookup: `out[n] = table[ids[n]]`, table [vocabularySize x dimension] row-major.
/// Row 0 is the "unknown" entry (anonymous or unseen source). The caller guarantees every id is in
/// 0..<vocabularySize (PolicyBatch validates this before any network touches it).
public enum Embedding {
    public static func forward(
        out: UnsafeMutablePointer<Float>, ids: UnsafePointer<Int32>,
        table: UnsafePointer<Float>, rows: Int, dimension: Int
    ) {
        for n in 0..<rows {
            (out + n * dimension).update(from: table + Int(ids[n]) * dimension, count: dimension)
        }
    }

    /// Accumulates `dOut` rows into the table rows they were read from.
    public static func backward(
        dTable: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
        ids: UnsafePointer<Int32>, rows: Int, dimension: Int
    ) {
        for n in 0..<rows {
            let dst = dTable + Int(ids[n]) * dimension
            let src = dOut + n * dimension
            for d in 0..<dimension { dst[d] += src[d] }
        }
    }
}
