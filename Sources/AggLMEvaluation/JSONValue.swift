import AggLMSupport

/// A JSON value with ordered object keys, rendered deterministically: the
/// same report always prints the same bytes.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered == rhs.rendered }

    public var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value):
            // JSON has no NaN or infinity.
            out += value.isFinite ? Self.shortest(value) : "null"
        case .string(let value): JSONText.appendQuoted(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += ", " }
                value.render(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += ", " }
                JSONText.appendQuoted(key, to: &out)
                out += ": "
                value.render(into: &out)
            }
            out += "}"
        }
    }

    /// Rounds to 6 significant decimals: reports need no more, and it keeps
    /// the output stable across platforms' float printing.
    private static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var scale = 1e6
        while abs(value) * scale >= 1e15 && scale > 1 { scale /= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }
}
