/// A plain-text table for terminal output: a header, a rule of dashes, then the rows; columns padded to
/// their widest cell and separated by two spaces.
///
/// Invariant: every line has `header.count` columns; a row with fewer cells is padded with empty ones,
/// cells past the header's count are dropped. Widths count Characters, so the layout holds for ASCII and
/// for single-width non-ASCII text (µs, —).
public struct TextTable: Sendable {
    public enum Alignment: Sendable {
        case left, right
    }

    public let header: [String]
    public let rows: [[String]]
    /// One per column.
    public let alignments: [Alignment]

    /// `alignments`: default the first column left (names) and the others right (numbers).
    public init(header: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments ?? header.indices.map { $0 == 0 ? .left : .right }
    }

    public var rendered: String {
        let columns = header.count
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(columns).enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func render(_ cells: [String]) -> String {
            var parts: [String] = []
            for index in 0..<columns {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let alignment = index < alignments.count ? alignments[index] : .right
                parts.append(alignment == .left ? cell + padding : padding + cell)
            }
            return parts.joined(separator: "  ")
        }
        var lines = [render(header)]
        lines.append(render(widths.map { String(repeating: "-", count: $0) }))
        lines.append(contentsOf: rows.map(render))
        return lines.joined(separator: "\n")
    }
}
