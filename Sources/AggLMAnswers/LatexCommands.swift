/// What the tokenizer does with a LaTeX command, looked up by name in one hash probe (a `switch` over
/// strings compares names one by one, which dominated tokenizing command-heavy input).
enum LatexCommand: Sendable {
    /// Emits a token; `digitArguments` single digits that follow are separate arguments (`\frac12`).
    case token(MathToken, digitArguments: Int)
    /// Spacing, sizing and wrappers that do not change the value.
    case ignored
    /// Ignored together with its braced argument (`\hspace{1em}`).
    case ignoredWithArgument
    /// `\text{…}` and friends.
    case textArgument
    case beginEnvironment, endEnvironment
    /// Operators this module does not evaluate (`\sum`, `\lim`, `\pmod`): they make an answer non-numeric.
    case prose
    case function(MathFunction)
    /// `\emptyset`, `\varnothing`: the set `\{\}`.
    case emptySet

    static func named(_ name: String) -> LatexCommand? { table[name] }

    /// The name a text key writes for a command (name → name): one spelling per meaning, so `x \bmod y` and
    /// `x \mod y`, or `\dbinom{n}{k}` and `\binom{n}{k}`, give one key when they stay unevaluated. Names that emit the same
    /// token are synonyms by construction (the alphabetically first stands for all), and so are the names
    /// of the binomial coefficient (`\choose` too: its infix form keeps its arguments in another order, so
    /// only the prefix `\choose{n}{k}` some parsers accept meets `\binom{n}{k}`). Other names are absent.
    static let textSynonyms: [String: String] = {
        var synonyms: [String: String] = [:]
        var firstByToken: [MathToken: String] = [:]
        for (name, command) in table.sorted(by: { $0.key < $1.key }) {
            guard case .token(let token, _) = command else { continue }
            if let first = firstByToken[token] { synonyms[name] = first } else { firstByToken[token] = name }
        }
        for name in ["dbinom", "tbinom", "choose"] { synonyms[name] = "binom" }
        // `\overline` and `\bar` draw the same accent (of different widths).
        synonyms["overline"] = "bar"
        return synonyms
    }()

    /// The kinds of the names `MathTokenizer` may evaluate as integer functions (`\gcd`, `\binom`, …:
    /// `.prose`) or look inside for one (`\operatorname{lcm}`: `.textArgument`).
    var mayNameIntegerFunction: Bool {
        switch self {
        case .prose, .textArgument: return true
        default: return false
        }
    }

    private static let table: [String: LatexCommand] = {
        var table: [String: LatexCommand] = [:]
        func add(_ names: [String], _ command: LatexCommand) { for name in names { table[name] = command } }
        add(["frac", "dfrac", "tfrac", "cfrac"], .token(.fraction, digitArguments: 2))
        add(["sqrt"], .token(.squareRoot, digitArguments: 1))
        add(["pi"], .token(.pi, digitArguments: 0))
        add(["infty", "infin"], .token(.infinity, digitArguments: 0))
        add(["cdot", "times", "ast"], .token(.symbol(UInt8(ascii: "*")), digitArguments: 0))
        add(["div"], .token(.symbol(UInt8(ascii: "/")), digitArguments: 0))
        add(["mod", "bmod"], .token(.modulo, digitArguments: 0))
        // SymPy's printer writes Euler's number as `\exponentialE`.
        add(["exponentialE"], .token(.identifier("e"), digitArguments: 0))
        add(["le", "leq", "leqslant"], .token(.relation(.lessOrEqual), digitArguments: 0))
        add(["ge", "geq", "geqslant"], .token(.relation(.greaterOrEqual), digitArguments: 0))
        add(["lt"], .token(.relation(.less), digitArguments: 0))
        add(["gt"], .token(.relation(.greater), digitArguments: 0))
        add(["ne", "neq"], .token(.relation(.notEqual), digitArguments: 0))
        add(["approx", "approxeq", "thickapprox"], .token(.approx, digitArguments: 0))
        add(["pm", "mp"], .token(.plusMinus, digitArguments: 0))
        add(["circ", "degree"], .token(.degree, digitArguments: 0))
        add(["in"], .token(.elementOf, digitArguments: 0))
        add(["cup"], .token(.union, digitArguments: 0))
        add(["cap"], .token(.intersection, digitArguments: 0))
        add(["setminus", "smallsetminus"], .token(.setMinus, digitArguments: 0))
        add(["emptyset", "varnothing"], .emptySet)
        add(["mid", "vert", "lvert", "rvert"], .token(.bar, digitArguments: 0))
        add(["colon"], .token(.colon, digitArguments: 0))
        add(["left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
             "displaystyle", "textstyle", "quad", "qquad", "boxed", "fbox", "limits", "nolimits", "middle", "rm",
             "bf", "it", "mathrel", "hfill", "enspace", "space", "noindent"], .ignored)
        add(["hspace", "phantom"], .ignoredWithArgument)
        add(["text", "textnormal", "mbox", "textrm", "textit", "textsf", "texttt", "textbf", "mathrm", "mathbf",
             "mathit", "mathsf", "mathtt", "operatorname", "boldsymbol", "emph", "textup", "mathbb", "mathcal",
             "hbox"], .textArgument)
        add(["begin"], .beginEnvironment)
        add(["end"], .endEnvironment)
        add(["dots", "ldots", "cdots", "sum", "prod", "int", "lim", "pmod", "equiv", "implies",
             "Rightarrow", "rightarrow", "to", "iff", "forall", "exists", "neg", "land", "lor",
             "subset", "subseteq", "angle", "triangle", "overline", "overrightarrow", "vec", "hat", "binom",
             "choose", "dbinom", "tbinom", "partial", "nabla", "because", "therefore", "perp", "parallel", "sim",
             "cong", "ldotp", "max", "min", "gcd", "lcm", "det", "arg", "deg", "dim", "ker", "Pr", "not", "notin", "cdotp", "dotsm", "dotsb", "dotsc", "vdots", "ddots"], .prose)
        add(["lg"], .function(.log))
        for function in MathFunction.allCases {
            table[function.rawValue] = .function(function)
        }
        return table
    }()
}
