/// A number inside an answer, with what is needed to compare it tolerantly.
struct NumericLeaf: Hashable, Sendable {
    /// Exact value when the number is rational and fits; nil for irrationals and overflow.
    let exact: Rational?
    let value: Double
    /// For a bare decimal literal (`0.33`, `1.5e-3`): half a unit in its last written digit, i.e. the
    /// rounding error the writer may have made. nil for exact forms (`1/3`, `\sqrt2`, `7`).
    let writtenPrecision: Double?
    /// Written with a percent sign (`10%`): the leaf holds 10 and also matches 0.1.
    let isPercent: Bool
    /// How far the value may sit from an exact value it was rounded from (`WrittenPrecision`); 0 for
    /// values written exactly.
    var roundingTolerance: Double = 0
}

/// The structure of a canonical answer. Every node has a deterministic key (`AnswerKey.key(of:)`); nodes
/// with equal keys are equivalent.
indirect enum AnswerNode: Hashable, Sendable {
    case number(NumericLeaf)
    /// A complex number `a + bi` with b ≠ 0 (`ComplexEvaluator`); a zero imaginary part makes a `.number`.
    case complex(real: NumericLeaf, imaginary: NumericLeaf)
    /// An expression in free variables, represented by its values at `SamplePoints` (NaN where undefined).
    /// `tolerances`: at each sample, how far the value may sit from an exact expression's when the answer
    /// holds rounded literals (`x + 1.414 y`; `WrittenPrecision`); empty when it holds none.
    case expression(variables: [String], samples: [Double], tolerances: [Double])
    /// `lhs op rhs` normalized to `f op 0` with `f = lhs - rhs` scaled so that its first non-zero sample is
    /// ±1 (`=`/`≠`: signed, `<`/`≤`: by magnitude, which keeps the direction).
    case relation(RelationOperator, variables: [String], samples: [Double])
    case letter(UInt8)
    case text(String)
    case time(seconds: Int)
    /// Tuples, intervals and bracketed lists: order matters, brackets kept.
    case ordered(open: UInt8, close: UInt8, [AnswerNode])
    /// Sets and bare lists (`1, 2, 3`, `6 and 8`, `\{1,2\}`): written order kept here, ignored by the key.
    case unordered([AnswerNode])
    case union([AnswerNode])
    case matrix(rows: Int, columns: Int, [AnswerNode])
    case ratio([AnswerNode])
    case base(digits: String, base: String)
    /// `\max`, `\min`, `\gcd` or `\lcm` (the name without its backslash) of arguments that are not all
    /// constants (`\max(x, y)`): distinct arguments in written order, at least two, none a call of the
    /// same function (`AnswerStructureParser.commutativeCall`). The key ignores their order.
    case call(String, [AnswerNode])

    /// The number of answers in a list, set or tuple (what a multi-part question asks for); nil otherwise.
    var listCount: Int? {
        switch self {
        case .unordered(let items): return items.count
        case .ordered(UInt8(ascii: "("), UInt8(ascii: ")"), let items): return items.count
        default: return nil
        }
    }

    var isNumber: Bool { if case .number = self { return true } else { return false } }
    var isRelation: Bool { if case .relation = self { return true } else { return false } }

    /// True when the node contains no free variables (numbers and structures of numbers).
    var isConstant: Bool {
        switch self {
        case .number, .complex, .letter, .time, .base: return true
        case .expression, .relation, .text: return false
        case .ordered(_, _, let items), .unordered(let items), .union(let items), .matrix(_, _, let items),
             .ratio(let items), .call(_, let items):
            return items.allSatisfy(\.isConstant)
        }
    }
}

/// Canonical key text of answer nodes.
enum AnswerKey {
    static func key(of node: AnswerNode) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        append(node, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the key of `node` as UTF-8 into `bytes`: one byte buffer for the whole tree (appending bytes
    /// is far cheaper than growing a `String` piece by piece, and keys are built for every answer read).
    private static func append(_ node: AnswerNode, to bytes: inout [UInt8]) {
        switch node {
        case .number(let leaf):
            // Exact: "p" for integers, "p/q" otherwise.
            if let exact = leaf.exact {
                appendInteger(exact.numerator, to: &bytes)
                if !exact.isInteger {
                    bytes.append(UInt8(ascii: "/"))
                    appendInteger(exact.denominator, to: &bytes)
                }
                return
            }
            bytes.append(UInt8(ascii: "~"))
            appendSignificant(leaf.value, digits: 12, to: &bytes)
        case .complex(let real, let imaginary):
            appendText("complex(", to: &bytes)
            append(.number(real), to: &bytes)
            bytes.append(UInt8(ascii: ";"))
            append(.number(imaginary), to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        case .expression(let variables, let samples, _):
            appendText("f(", to: &bytes)
            appendJoined(variables, separator: UInt8(ascii: ","), to: &bytes)
            appendText(")=", to: &bytes)
            appendSamples(samples, to: &bytes)
        case .relation(let op, let variables, let samples):
            bytes.append(UInt8(ascii: "r"))
            bytes.append(contentsOf: op.rawValue.utf8)
            bytes.append(UInt8(ascii: "("))
            appendJoined(variables, separator: UInt8(ascii: ","), to: &bytes)
            bytes.append(UInt8(ascii: ")"))
            appendSamples(samples, to: &bytes)
        case .letter(let letter):
            appendText("choice:", to: &bytes)
            bytes.append(contentsOf: String(UnicodeScalar(letter)).utf8)
        case .text(let words):
            appendText("text:", to: &bytes)
            bytes.append(contentsOf: words.utf8)
        case .time(let seconds):
            appendText("time:", to: &bytes)
            appendInteger(Int64(seconds), to: &bytes)
        case .ordered(let open, let close, let items):
            bytes.append(contentsOf: String(UnicodeScalar(open)).utf8)
            appendItems(items, separator: UInt8(ascii: ";"), to: &bytes)
            bytes.append(contentsOf: String(UnicodeScalar(close)).utf8)
        case .unordered(let items):
            bytes.append(UInt8(ascii: "{"))
            // Sorted as strings, as before (String order, not byte order, decides for non-ASCII keys).
            appendJoined(items.map(key(of:)).sorted(), separator: UInt8(ascii: ";"), to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .union(let items):
            appendText("union(", to: &bytes)
            appendJoined(items.map(key(of:)).sorted(), separator: UInt8(ascii: ";"), to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        case .matrix(let rows, let columns, let items):
            appendText("matrix", to: &bytes)
            appendInteger(Int64(rows), to: &bytes)
            bytes.append(UInt8(ascii: "x"))
            appendInteger(Int64(columns), to: &bytes)
            bytes.append(UInt8(ascii: "["))
            appendItems(items, separator: UInt8(ascii: ";"), to: &bytes)
            bytes.append(UInt8(ascii: "]"))
        case .ratio(let items):
            appendText("ratio(", to: &bytes)
            appendItems(items, separator: UInt8(ascii: ":"), to: &bytes)
            bytes.append(UInt8(ascii: ")"))
        case .call(let name, let arguments):
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: "{"))
            appendJoined(arguments.map(key(of:)).sorted(), separator: UInt8(ascii: ";"), to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .base(let digits, let base):
            appendText("base(", to: &bytes)
            bytes.append(contentsOf: digits.utf8)
            bytes.append(UInt8(ascii: "_"))
            bytes.append(contentsOf: base.utf8)
            bytes.append(UInt8(ascii: ")"))
        }
    }

    private static func appendText(_ text: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func appendItems(_ items: [AnswerNode], separator: UInt8, to bytes: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(separator) }
            append(item, to: &bytes)
        }
    }

    private static func appendJoined(_ parts: [String], separator: UInt8, to bytes: inout [UInt8]) {
        for (index, part) in parts.enumerated() {
            if index > 0 { bytes.append(separator) }
            bytes.append(contentsOf: part.utf8)
        }
    }

    /// Ten significant digits: coarse enough that reordered but equal computations agree.
    private static func appendSamples(_ samples: [Double], to bytes: inout [UInt8]) {
        for (index, sample) in samples.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendSignificant(sample, digits: 10, to: &bytes)
        }
    }

    /// `NumberFormatting.significant(value, digits:)` written as bytes.
    private static func appendSignificant(_ value: Double, digits: Int, to bytes: inout [UInt8]) {
        NumberFormatting.withSignificant(value, digits: digits) { special, negative, integer, exponent in
            if let special { bytes.append(contentsOf: special.utf8); return }
            if negative { bytes.append(UInt8(ascii: "-")) }
            appendInteger(integer, to: &bytes)
            bytes.append(UInt8(ascii: "e"))
            appendInteger(Int64(exponent), to: &bytes)
        }
    }

    /// Decimal digits of `value`, as `String(value)` writes them.
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // One digit (most integers in answers): no buffer.
        if magnitude < 10 { bytes.append(UInt8(ascii: "0") + UInt8(magnitude)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, filled from the end
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            // Byte by byte: a generic `append(contentsOf:)` costs more than the few digits it copies.
            for index in (24 - count)..<24 { bytes.append(raw[index]) }
        }
    }

    static func form(of node: AnswerNode) -> AnswerForm {
        switch node {
        case .number(let leaf):
            guard let exact = leaf.exact else { return .real }
            if leaf.writtenPrecision != nil && !exact.isInteger { return .decimal }
            return exact.isInteger ? .integer : .fraction
        // Complex numbers keep the form they had before they were evaluated (features depend on forms).
        case .expression, .complex, .call: return .expression
        case .relation: return .relation
        case .letter: return .letter
        case .text: return .text
        case .time: return .time
        case .ordered(let open, let close, let items):
            if open == UInt8(ascii: "(") && close == UInt8(ascii: ")") { return .tuple }
            return items.count == 2 ? .interval : .tuple
        case .unordered: return .set
        case .union: return .interval
        case .matrix: return .matrix
        case .ratio: return .ratio
        case .base: return .base
        }
    }
}
