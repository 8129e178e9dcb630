/// The French (ISO 80000-2) notation for open interval ends, with the bracket turned outward:
/// `]2, 5[` is `(2, 5)`, `[2, 5[` is `[2, 5)`, `]-\infty, 3]` is `(-\infty, 3]`.
enum FrenchIntervals {
    /// `tokens` with every outward bracket turned into a parenthesis: a `]` where an element starts (at
    /// the start, or after a separator, `=`, `∈`, `∪`, `∩`) and a `[` where one ends (at the end, or before a
    /// separator, `∪`, `∩`). Returns `tokens` itself when there is none (nearly always).
    static func rewritten(_ tokens: [MathToken]) -> [MathToken] {
        var result = tokens
        for index in tokens.indices {
            switch tokens[index] {
            case .close(UInt8(ascii: "]")) where index == 0 || startsElement(after: tokens[index - 1]):
                if index + 1 < tokens.count, !endsElement(before: tokens[index + 1]) {
                    result[index] = .open(UInt8(ascii: "("))
                }
            case .open(UInt8(ascii: "[")) where index == tokens.count - 1 || endsElement(before: tokens[index + 1]):
                if index > 0, !startsElement(after: tokens[index - 1]) { result[index] = .close(UInt8(ascii: ")")) }
            default:
                break
            }
        }
        return result
    }

    private static func startsElement(after token: MathToken) -> Bool {
        switch token {
        case .separator, .relation, .elementOf, .union, .intersection, .setMinus: return true
        default: return false
        }
    }

    private static func endsElement(before token: MathToken) -> Bool {
        switch token {
        case .separator, .union, .intersection, .setMinus: return true
        default: return false
        }
    }
}
