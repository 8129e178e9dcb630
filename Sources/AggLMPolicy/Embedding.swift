/// Embedding lookup: `out[n] = table[ids[n]]`, table [vocabularySize x dimension] row-major.
/// Row 0 is the "unknown" entry (anonymous or unseen source). The caller guarantees every id is in
/// 0..<vocabularySize (PolicyBatch validates this before any network touches it).
///
/// A lookup is a row gather from the table, so both passes are `GatherRows`'; this layer exists to
/// name the operation where the network uses it.
enum Embedding {
    static func forward(
        out: UnsafeMutablePointer<Float>, ids: UnsafePointer<Int32>,
        table: UnsafePointer<Float>, rows: Int, dimension: Int
    ) {
        GatherRows.forward(out: out, inp: table, index: ids, rows: rows, width: dimension)
    }

    /// Accumulates `dOut` rows into the table rows they were read from.
    static func backward(
        dTable: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
        ids: UnsafePointer<Int32>, rows: Int, dimension: Int
    ) {
        GatherRows.backward(dInp: dTable, dOut: dOut, index: ids, rows: rows, width: dimension)
    }
}
