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
             .ratio(let items):
            return items.allSatisfy(\.isConstant)
        }
    }
}

/// Canonical key text of answer nodes.
enum AnswerKey {
    static func key(of node: AnswerNode) -> String {
        switch node {
        case .number(let leaf):
            if let exact = leaf.exact { return exact.canonicalText }
            return "~" + NumberFormatting.significant(leaf.value)
        case .complex(let real, let imaginary):
            return "complex(" + key(of: .number(real)) + ";" + key(of: .number(imaginary)) + ")"
        case .expression(let variables, let samples, _):
            return "f(" + variables.joined(separator: ",") + ")=" + sampleText(samples)
        case .relation(let op, let variables, let samples):
            return "r" + op.rawValue + "(" + variables.joined(separator: ",") + ")" + sampleText(samples)
        case .letter(let letter): return "choice:" + String(UnicodeScalar(letter))
        case .text(let text): return "text:" + text
        case .time(let seconds): return "time:" + String(seconds)
        case .ordered(let open, let close, let items):
            return String(UnicodeScalar(open)) + items.map(key(of:)).joined(separator: ";") + String(UnicodeScalar(close))
        case .unordered(let items):
            return "{" + items.map(key(of:)).sorted().joined(separator: ";") + "}"
        case .union(let items):
            return "union(" + items.map(key(of:)).sorted().joined(separator: ";") + ")"
        case .matrix(let rows, let columns, let items):
            return "matrix\(rows)x\(columns)[" + items.map(key(of:)).joined(separator: ";") + "]"
        case .ratio(let items):
            return "ratio(" + items.map(key(of:)).joined(separator: ":") + ")"
        case .base(let digits, let base):
            return "base(" + digits + "_" + base + ")"
        }
    }

    /// Ten significant digits: coarse enough that reordered but equal computations agree.
    private static func sampleText(_ samples: [Double]) -> String {
        samples.map { NumberFormatting.significant($0, digits: 10) }.joined(separator: ",")
    }

    static func form(of node: AnswerNode) -> AnswerForm {
        switch node {
        case .number(let leaf):
            guard let exact = leaf.exact else { return .real }
            if leaf.writtenPrecision != nil && !exact.isInteger { return .decimal }
            return exact.isInteger ? .integer : .fraction
        // Complex numbers keep the form they had before they were evaluated (features depend on forms).
        case .expression, .complex: return .expression
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
