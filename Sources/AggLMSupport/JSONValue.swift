/// A JSON value with object keys in a fixed order, so the same value always prints the same bytes.
/// One type serves checkpoint headers and metadata (read with `parse`, written compact) and the
/// `agglm compare --json` report (written with a space after each separator).
/// Numbers keep their JSON text: a header's offsets read back exactly, and `.double` decides once
/// how a report rounds.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's JSON text, e.g. `42`, `-0.5`, `1e9`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Keys in the stored order; duplicates are kept (what they mean is for the caller to say).
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// Rounded to 6 significant decimals: reports need no more, and it keeps the output stable across
    /// platforms' float printing. JSON has no NaN or infinity: those become `null`.
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int(value))) }
        var scale = 1e6
        while abs(value) * scale >= 1e15 && scale > 1 { scale /= 10 }
        return .number("\((value * scale).rounded() / scale)")
    }

    /// A non-negative integer that fits in Int, or nil (fractions, exponents, signs, overflow).
    public var integerValue: Int? {
        guard case let .number(text) = self, !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }

    public enum Spacing: Sendable {
        /// `{"a":1,"b":[2,3]}`: checkpoint headers and metadata.
        case compact
        /// `{"a": 1, "b": [2, 3]}`: reports people also read.
        case afterSeparators
    }

    public func rendered(_ spacing: Spacing) -> String {
        var out = ""
        render(into: &out, separator: spacing == .compact ? "," : ", ", colon: spacing == .compact ? ":" : ": ")
        return out
    }

    private func render(into out: inout String, separator: String, colon: String) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .number(text): out += text
        case let .string(value): JSONText.appendQuoted(value, to: &out)
        case let .array(items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += separator }
                item.render(into: &out, separator: separator, colon: colon)
            }
            out += "]"
        case let .object(pairs):
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += separator }
                JSONText.appendQuoted(pair.key, to: &out)
                out += colon
                pair.value.render(into: &out, separator: separator, colon: colon)
            }
            out += "}"
        }
    }
}
