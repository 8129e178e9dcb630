/// Lists of named values (`x=3, y=4`, `a_1 = 5; a_2 = 7`) compared by name: when both sides name the
/// same unknowns, each value is compared with the value of the same name, so `y=4, x=3` matches
/// `x=3, y=4` and `x=4, y=3` does not (read as values alone, both are the list 3, 4).
enum NamedValues {
    private static let maxParts = 16

    /// The name → value pairs of `answer` when it is a list of at least two `name = value` parts with
    /// distinct names (a name is one identifier: letters, digits, `_`, braces, a backslash command such as
    /// `\alpha`); nil otherwise. Names are compared without braces and spaces (`x_{1}` is `x_1`).
    static func assignments(_ answer: [UInt8]) -> [String: [UInt8]]? {
        guard answer.count <= AnswerLimits.maxAnswerBytes, answer.contains(UInt8(ascii: "=")) else { return nil }
        var parts: [Range<Int>] = []
        var level = 0
        var start = 0
        for (index, byte) in answer.enumerated() {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): level += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): level -= 1
            case UInt8(ascii: ",") where level == 0, UInt8(ascii: ";") where level == 0:
                parts.append(start..<index); start = index + 1
            default: break
            }
            if level < 0 || parts.count > maxParts { return nil }
        }
        parts.append(start..<answer.count)
        guard parts.count >= 2 else { return nil }
        var values: [String: [UInt8]] = [:]
        for part in parts {
            let equals = answer[part].indices.filter { answer[$0] == UInt8(ascii: "=") }
            guard equals.count == 1, let name = name(answer[part.lowerBound..<equals[0]]) else { return nil }
            let value = Array(answer[(equals[0] + 1)..<part.upperBound])
            guard values.updateValue(value, forKey: name) == nil else { return nil }
        }
        return values
    }

    private static func name(_ bytes: ArraySlice<UInt8>) -> String? {
        var kept: [UInt8] = []
        for byte in bytes where !ByteClass.isSpace(byte) && byte != UInt8(ascii: "{") && byte != UInt8(ascii: "}")
            && byte != UInt8(ascii: "$") {
            guard ByteClass.isLetter(byte) || ByteClass.isDigit(byte) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "\\") else { return nil }
            kept.append(byte)
        }
        guard let first = kept.first, ByteClass.isLetter(first) || first == UInt8(ascii: "\\") else { return nil }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Whether two answers naming the same unknowns give each one an equivalent value; nil when either is
    /// not such a list or their names differ (the answers are then compared as usual).
    static func match(_ a: [UInt8], _ b: [UInt8]) -> Bool? {
        guard let left = assignments(a), let right = assignments(b), Set(left.keys) == Set(right.keys) else { return nil }
        for (name, value) in left {
            guard let other = right[name], let x = Canonicalizer.canonicalize(bytes: value),
                  let y = Canonicalizer.canonicalize(bytes: other), Equivalence.equivalent(x, y) else { return false }
        }
        return true
    }
}
