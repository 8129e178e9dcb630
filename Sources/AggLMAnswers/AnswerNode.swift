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
        var text = ""
        append(node, to: &text)
        return text
    }

    /// Writes the key of `node` into `text`: one growing string for the whole tree instead of a string per
    /// node joined and concatenated at every level.
    private static func append(_ node: AnswerNode, to text: inout String) {
        switch node {
        case .number(let leaf):
            if let exact = leaf.exact { exact.appendCanonicalText(to: &text); return }
            text += "~"
            NumberFormatting.appendSignificant(leaf.value, to: &text)
        case .complex(let real, let imaginary):
            text += "complex("
            append(.number(real), to: &text)
            text += ";"
            append(.number(imaginary), to: &text)
            text += ")"
        case .expression(let variables, let samples, _):
            text += "f("
            appendJoined(variables, to: &text)
            text += ")="
            appendSamples(samples, to: &text)
        case .relation(let op, let variables, let samples):
            text += "r"
            text += op.rawValue
            text += "("
            appendJoined(variables, to: &text)
            text += ")"
            appendSamples(samples, to: &text)
        case .letter(let letter):
            text += "choice:"
            text.unicodeScalars.append(UnicodeScalar(letter))
        case .text(let words):
            text += "text:"
            text += words
        case .time(let seconds):
            text += "time:"
            text += String(seconds)
        case .ordered(let open, let close, let items):
            text.unicodeScalars.append(UnicodeScalar(open))
            appendItems(items, separator: ";", to: &text)
            text.unicodeScalars.append(UnicodeScalar(close))
        case .unordered(let items):
            text += "{"
            appendJoined(items.map(key(of:)).sorted(), to: &text, separator: ";")
            text += "}"
        case .union(let items):
            text += "union("
            appendJoined(items.map(key(of:)).sorted(), to: &text, separator: ";")
            text += ")"
        case .matrix(let rows, let columns, let items):
            text += "matrix"
            text += String(rows)
            text += "x"
            text += String(columns)
            text += "["
            appendItems(items, separator: ";", to: &text)
            text += "]"
        case .ratio(let items):
            text += "ratio("
            appendItems(items, separator: ":", to: &text)
            text += ")"
        case .call(let name, let arguments):
            text += name
            text += "{"
            appendJoined(arguments.map(key(of:)).sorted(), to: &text, separator: ";")
            text += "}"
        case .base(let digits, let base):
            text += "base("
            text += digits
            text += "_"
            text += base
            text += ")"
        }
    }

    private static func appendItems(_ items: [AnswerNode], separator: String, to text: inout String) {
        for (index, item) in items.enumerated() {
            if index > 0 { text += separator }
            append(item, to: &text)
        }
    }

    private static func appendJoined(_ parts: [String], to text: inout String, separator: String = ",") {
        for (index, part) in parts.enumerated() {
            if index > 0 { text += separator }
            text += part
        }
    }

    /// Ten significant digits: coarse enough that reordered but equal computations agree.
    private static func appendSamples(_ samples: [Double], to text: inout String) {
        for (index, sample) in samples.enumerated() {
            if index > 0 { text += "," }
            NumberFormatting.appendSignificant(sample, digits: 10, to: &text)
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
