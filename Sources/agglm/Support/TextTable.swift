/// A plain-text table with right-aligned numeric columns, for terminal output.
struct TextTable {
    let header: [String]
    let rows: [[String]]

    var rendered: String {
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
                // The first column holds names; the others numbers.
                parts.append(index == 0 ? cell + padding : padding + cell)
            }
            return parts.joined(separator: "  ")
        }
        var lines = [render(header)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines.append(contentsOf: rows.map(render))
        return lines.joined(separator: "\n")
    }
}

/// Formats with a fixed number of decimals, without Foundation.
func format(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let integer = Int(rounded / scale)
    let fraction = Int(rounded) - integer * Int(scale)
    let sign = value < 0 && rounded > 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(integer)" }
    let digits = String(fraction)
    return "\(sign)\(integer).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
