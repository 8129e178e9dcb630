/// JSON string literals, written the same way by every part of AggLM that
/// writes JSON by hand (reports, JSON Lines tools, checkpoint headers).
public enum JSONText {
    /// Appends `text` as a JSON string literal: quotes, backslashes and
    /// control characters escaped; everything else verbatim (UTF-8).
    public static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `text` as a JSON string literal, or `null` for nil.
    public static func quoted(_ text: String?) -> String {
        guard let text else { return "null" }
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }
}
