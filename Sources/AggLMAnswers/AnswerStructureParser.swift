/// Builds an `AnswerNode` from tokens: lists, sets, tuples, intervals, matrices, relations, ratios, times,
/// choice letters, and finally plain expressions.
///
/// Each level works on a token range and recurses into strictly smaller ranges, at most
/// `AnswerLimits.maxDepth` deep; nil means "not mathematics" and makes the caller fall back to text.
struct AnswerStructureParser {
    let tokens: [MathToken]
    /// The class of each token, for the many scans over token ranges: a byte compares without copying a
    /// token (whose string payloads are reference counted), which dominated parsing short answers.
    private let classes: [TokenClass]
    /// Keep `y = 2x + 1` as the equation (a relation in x and y) instead of reading it as its right side;
    /// grading uses this when the other answer is an equation (`y - 2x = 1`).
    var keepsSolvedEquations = false

    /// A closer where an element starts or an opener where one ends (by class only, found while classifying):
    /// the answer may use French interval brackets (`FrenchIntervals` checks the brackets themselves).
    private let mayHoldOutwardBrackets: Bool

    init(tokens: [MathToken], keepsSolvedEquations: Bool) {
        self.tokens = tokens
        var classes: [TokenClass] = []
        classes.reserveCapacity(tokens.count)
        var outward = false
        var previous = TokenClass.separator  // the start of the answer starts an element
        for token in tokens {
            let kind = TokenClass(token)
            if (kind == .closer && previous.startsElementAfter) || (previous == .opener && kind.endsElementBefore) {
                outward = true
            }
            classes.append(kind)
            previous = kind
        }
        self.classes = classes
        self.mayHoldOutwardBrackets = outward || previous == .opener
        self.keepsSolvedEquations = keepsSolvedEquations
    }

    static func parse(_ tokens: [MathToken], keepsSolvedEquations: Bool = false) -> AnswerNode? {
        var parser = AnswerStructureParser(tokens: tokens, keepsSolvedEquations: keepsSolvedEquations)
        if parser.mayHoldOutwardBrackets {
            parser = AnswerStructureParser(tokens: FrenchIntervals.rewritten(tokens), keepsSolvedEquations: keepsSolvedEquations)
        }
        return parser.parse(0..<tokens.count, depth: 0)
    }


    /// What the structure scans look for in a token.
    enum TokenClass: UInt8 {
        case other, opener, closer, equal, otherRelation, approx, separator, union, elementOf, colon, rowBreak,
             ampersand, plus, minus, plusMinus, word, beginEnvironment, setOperation

        init(_ token: MathToken) {
            switch token {
            case .beginEnvironment: self = .beginEnvironment
            case .open, .setOpen: self = .opener
            case .close, .setClose, .endEnvironment: self = .closer
            case .relation(let op): self = op == .equal ? .equal : .otherRelation
            case .approx: self = .approx
            case .separator: self = .separator
            case .union: self = .union
            case .intersection, .setMinus: self = .setOperation
            case .elementOf: self = .elementOf
            case .colon: self = .colon
            case .rowBreak: self = .rowBreak
            case .ampersand: self = .ampersand
            case .symbol(UInt8(ascii: "+")): self = .plus
            case .symbol(UInt8(ascii: "-")): self = .minus
            case .plusMinus: self = .plusMinus
            case .word: self = .word
            default: self = .other
            }
        }

        var isRelation: Bool { self == .equal || self == .otherRelation }
        /// `±`, `∪`, `∈`, relations and `:`: what `parseElement` splits an element at.
        var splitsElement: Bool {
            switch self {
            case .plusMinus, .union, .elementOf, .equal, .otherRelation, .colon, .setOperation: return true
            default: return false
            }
        }
        var isOpener: Bool { self == .opener || self == .beginEnvironment }
        /// After this, a new element starts (where a French `]` opens an interval).
        var startsElementAfter: Bool {
            self == .separator || isRelation || self == .elementOf || self == .union || self == .setOperation
        }
        /// Before this, an element ends (where a French `[` closes an interval).
        var endsElementBefore: Bool { self == .separator || self == .union || self == .setOperation }
    }

    // MARK: - Helpers over token ranges

    /// Positions of tokens satisfying `predicate` at nesting level 0 within `range`; nil if unbalanced.
    private func topLevelPositions(_ range: Range<Int>, where predicate: (TokenClass) -> Bool) -> [Int]? {
        var level = 0
        var positions: [Int] = []
        for position in range {
            let kind = classes[position]
            if kind.isOpener { level += 1 } else if kind == .closer {
                level -= 1
                if level < 0 { return nil }
            } else if level == 0 && predicate(kind) {
                positions.append(position)
            }
        }
        return level == 0 ? positions : nil
    }

    /// Whether any token in `range` is of class `kind`.
    private func contains(_ kind: TokenClass, in range: Range<Int>) -> Bool {
        classes[range].contains(kind)
    }

    /// Index of the closer matching the opener at `start`, or nil.
    private func matchingCloser(from start: Int, in range: Range<Int>) -> Int? {
        var level = 0
        for position in start..<range.upperBound {
            let kind = classes[position]
            if kind.isOpener { level += 1 } else if kind == .closer {
                level -= 1
                if level == 0 { return position }
                if level < 0 { return nil }
            }
        }
        return nil
    }

    private func split(_ range: Range<Int>, at positions: [Int]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        parts.reserveCapacity(positions.count + 1)
        var start = range.lowerBound
        for position in positions {
            parts.append(start..<position)
            start = position + 1
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, classes[lower] == .separator { lower += 1 }
        while upper > lower, classes[upper - 1] == .separator { upper -= 1 }
        return lower..<upper
    }

    // MARK: - Parsing

    func parse(_ fullRange: Range<Int>, depth: Int) -> AnswerNode? {
        guard depth <= AnswerLimits.maxDepth else { return nil }
        let range = trimmed(fullRange)
        guard !range.isEmpty else { return nil }
        if let call = commutativeCall(range, depth: depth) { return call }
        if contains(.word, in: range) {
            // `17 \bmod 5 = 2`, `\lim_{x\to0} … = 1`: prose-like operators on the left of a final constant.
            guard let equals = topLevelPositions(range, where: { $0 == .equal }), let last = equals.last,
                  let node = parse((last + 1)..<range.upperBound, depth: depth + 1), node.isConstant else { return nil }
            return node
        }

        // `a ≈ b`: keep the exact side unless the left is just the unknown being approximated.
        if let approx = topLevelPositions(range, where: { $0 == .approx }), let first = approx.first {
            let left = range.lowerBound..<first
            let equals = topLevelPositions(left, where: { $0 == .equal }) ?? []
            let lastLeft = (equals.last.map { $0 + 1 } ?? left.lowerBound)..<left.upperBound
            if lastLeft.isEmpty || isLoneSymbol(lastLeft) {
                let right = (first + 1)..<(approx.count > 1 ? approx[1] : range.upperBound)
                return parse(right, depth: depth + 1)
            }
            return parse(left, depth: depth + 1)
        }

        guard let separators = topLevelPositions(range, where: { $0 == .separator }) else { return nil }
        if !separators.isEmpty {
            let parts = split(range, at: separators).filter { !trimmed($0).isEmpty }
            guard parts.count <= AnswerLimits.maxElements,
                  let items = parseElements(parts, depth: depth) else { return nil }
            return items.count == 1 ? items[0] : .unordered(items)
        }
        return parseElement(range, depth: depth + 1)
    }

    private func containsPlusMinus(_ range: Range<Int>) -> Bool {
        contains(.plusMinus, in: range)
    }

    /// One element (no top-level separators).
    private func parseElement(_ fullRange: Range<Int>, depth: Int) -> AnswerNode? {
        guard depth <= AnswerLimits.maxDepth else { return nil }
        let range = trimmed(fullRange)
        guard !range.isEmpty else { return nil }
        // One number token (most answers and list elements): none of the structures below can start with it
        // (each needs an operator, a bracket or more tokens), and the expression parser reads it as itself.
        if range.count == 1, case .number(let literal) = tokens[range.lowerBound] {
            return AnswerLeafBuilder.leaf(for: .number(literal))
        }
        if let call = commutativeCall(range, depth: depth) { return call }

        // The tokens the five searches below look for: one scan tells whether any of them can find something
        // (most elements are plain expressions, which skip all five).
        let hasSplitter = classes[range].contains { $0.splitsElement }

        // `1 \pm \sqrt{19}` is the set of both values.
        if hasSplitter, let sign = classes[range].firstIndex(of: .plusMinus) {
            guard !contains(.plusMinus, in: (sign + 1)..<range.upperBound) else { return nil }
            var plus = tokens
            var minus = tokens
            plus[sign] = .symbol(UInt8(ascii: "+"))
            minus[sign] = .symbol(UInt8(ascii: "-"))
            guard let first = AnswerStructureParser(tokens: plus, keepsSolvedEquations: keepsSolvedEquations)
                    .parseElement(range, depth: depth + 1),
                  let second = AnswerStructureParser(tokens: minus, keepsSolvedEquations: keepsSolvedEquations)
                    .parseElement(range, depth: depth + 1)
            else { return nil }
            return .unordered([first, second])
        }

        if hasSplitter, let unions = topLevelPositions(range, where: { $0 == .union }), !unions.isEmpty {
            var items: [AnswerNode] = []
            for part in split(range, at: unions) {
                guard let node = parseElement(part, depth: depth + 1) else { return nil }
                items.append(node)
            }
            return AnswerStructureParser.mergedFiniteSets(items) ?? SetOperations.mergedIntervals(items) ?? .union(items)
        }

        // `A \cap B \setminus C`, left to right (after `\cup`, which binds loosest).
        if hasSplitter, let operators = topLevelPositions(range, where: { $0 == .setOperation }), !operators.isEmpty {
            let parts = split(range, at: operators)
            guard var result = parseElement(parts[0], depth: depth + 1) else { return nil }
            for (index, part) in parts.dropFirst().enumerated() {
                guard let operand = parseElement(part, depth: depth + 1),
                      let next = tokens[operators[index]] == .intersection
                        ? SetOperations.intersection(result, operand) : SetOperations.difference(result, operand)
                else { return nil }
                result = next
            }
            return result
        }

        if hasSplitter, let members = topLevelPositions(range, where: { $0 == .elementOf }), let last = members.last {
            return parseElement((last + 1)..<range.upperBound, depth: depth + 1)
        }

        if hasSplitter, let relations = topLevelPositions(range, where: { $0.isRelation }),
           !relations.isEmpty {
            return parseRelation(range, at: relations, depth: depth)
        }

        if hasSplitter, let colons = topLevelPositions(range, where: { $0 == .colon }), !colons.isEmpty {
            if let time = parseTime(range) { return time }
            var items: [AnswerNode] = []
            for part in split(range, at: colons) {
                guard let node = parseElement(part, depth: depth + 1) else { return nil }
                items.append(node)
            }
            return .ratio(items)
        }

        if let wrapped = parseWrapped(range, depth: depth) { return wrapped }

        if range.count == 1 {
            switch tokens[range.lowerBound] {
            case .identifier(let name):
                let bytes = Array(name.utf8)
                if bytes.count == 1, ByteClass.isUpper(bytes[0]) { return .letter(bytes[0]) }
            case .basedNumber(let digits, let base):
                return .base(digits: digits, base: base)
            case .meridiem:
                return nil
            default:
                break
            }
        }
        if range.count == 3, tokens[range.lowerBound] == .open(UInt8(ascii: "(")),
           tokens[range.upperBound - 1] == .close(UInt8(ascii: ")")),
           case .identifier(let name) = tokens[range.lowerBound + 1] {
            let bytes = Array(name.utf8)
            if bytes.count == 1, ByteClass.isLetter(bytes[0]), ByteClass.isUpper(bytes[0]) || bytes[0] <= UInt8(ascii: "e") {
                return .letter(ByteClass.isUpper(bytes[0]) ? bytes[0] : bytes[0] - 32)
            }
        }

        if let matrixSum = parseMatrixSum(range, depth: depth) { return matrixSum }
        guard let expression = MathExpressionParser.parse(tokens, range: range) else { return nil }
        return AnswerLeafBuilder.leaf(for: expression)
    }

    /// Structures whose first token opens a bracket closed by the last token.
    private func parseWrapped(_ range: Range<Int>, depth: Int) -> AnswerNode? {
        let first = tokens[range.lowerBound]
        guard classes[range.lowerBound].isOpener, let closer = matchingCloser(from: range.lowerBound, in: range) else {
            // Intervals such as `(0, 9]` are unbalanced for the generic matcher: handle them directly.
            return parseMixedInterval(range, depth: depth)
        }
        guard closer == range.upperBound - 1 else { return parseMixedInterval(range, depth: depth) }
        let inner = (range.lowerBound + 1)..<closer
        let last = tokens[closer]
        switch (first, last) {
        case (.beginEnvironment(let name), .endEnvironment):
            return parseMatrix(inner, environment: name, depth: depth)
        case (.setOpen, .setClose):
            if inner.isEmpty { return .unordered([]) }  // `\{\}`, `\emptyset`
            if let condition = setBuilderCondition(inner) { return parseElement(condition, depth: depth + 1) }
            return parseCollection(inner, depth: depth).map { .unordered($0) }
        case (.open(let open), .close(let close)):
            guard let items = parseCollection(inner, depth: depth) else { return nil }
            if open == UInt8(ascii: "{") {
                return items.count == 1 ? items[0] : .unordered(items)
            }
            if items.count == 1 {
                if open == UInt8(ascii: "(") && close == UInt8(ascii: ")") { return items[0] }
                if open == UInt8(ascii: "[") && close == UInt8(ascii: "]") { return items[0] }
                return nil
            }
            return .ordered(open: open, close: close, items)
        default:
            return nil
        }
    }

    /// Set-builder notation `\{x \mid -1 < x < 1\}`, `\{x : x > 2\}`, `\{x \in \mathbb{R} \mid x \ne 0\}`:
    /// the condition after the bar or colon, which reads as the set it describes (an inequality matches its
    /// interval). nil unless the part before it is one variable, optionally followed by `\in` and a set.
    private func setBuilderCondition(_ inner: Range<Int>) -> Range<Int>? {
        guard inner.count >= 3, case .identifier = tokens[inner.lowerBound] else { return nil }
        let next = tokens[inner.lowerBound + 1]
        let divider: Int
        if next == .bar || next == .colon {
            divider = inner.lowerBound + 1
        } else if next == .elementOf,
                  let found = topLevelPositions(inner, where: { $0 == .colon })?.first ?? firstBar(in: inner) {
            divider = found
        } else {
            return nil
        }
        return divider + 1 < inner.upperBound ? (divider + 1)..<inner.upperBound : nil
    }

    private func firstBar(in range: Range<Int>) -> Int? {
        range.first { tokens[$0] == .bar }
    }

    /// Splits at top-level separators and parses each element.
    private func parseCollection(_ range: Range<Int>, depth: Int) -> [AnswerNode]? {
        guard let separators = topLevelPositions(range, where: { $0 == .separator }) else { return nil }
        let parts = split(range, at: separators).filter { !trimmed($0).isEmpty }
        guard !parts.isEmpty, parts.count <= AnswerLimits.maxElements else { return nil }
        return parseElements(parts, depth: depth)
    }

    /// Parses each part as one element; a `±` element expands into its two values.
    private func parseElements(_ parts: [Range<Int>], depth: Int) -> [AnswerNode]? {
        var items: [AnswerNode] = []
        for part in parts {
            guard let node = parseElement(part, depth: depth + 1) else { return nil }
            if case .unordered(let expanded) = node, containsPlusMinus(part) {
                items.append(contentsOf: expanded)
            } else {
                items.append(node)
            }
        }
        return items
    }

    /// `(a, b]` and `[a, b)`: two endpoints between mismatched brackets.
    private func parseMixedInterval(_ range: Range<Int>, depth: Int) -> AnswerNode? {
        guard range.count >= 4,
              case .open(let open) = tokens[range.lowerBound], open != UInt8(ascii: "{"),
              case .close(let close) = tokens[range.upperBound - 1], close != UInt8(ascii: "}")
        else { return nil }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        guard let separators = topLevelPositions(inner, where: { $0 == .separator }), separators.count == 1,
              let low = parseElement(inner.lowerBound..<separators[0], depth: depth + 1),
              let high = parseElement((separators[0] + 1)..<inner.upperBound, depth: depth + 1)
        else { return nil }
        return .ordered(open: open, close: close, [low, high])
    }

    private func parseMatrix(_ range: Range<Int>, environment: String, depth: Int) -> AnswerNode? {
        guard let rowBreaks = topLevelPositions(range, where: { $0 == .rowBreak }) else { return nil }
        var rows = split(range, at: rowBreaks).filter { !$0.isEmpty }
        rows = rows.filter { row in !classes[row].allSatisfy { $0 == .separator } }
        guard !rows.isEmpty else { return nil }
        var cells: [AnswerNode] = []
        var columns = -1
        for row in rows {
            guard let ampersands = topLevelPositions(row, where: { $0 == .ampersand }) else { return nil }
            let rowCells = split(row, at: ampersands)
            if columns < 0 { columns = rowCells.count } else if columns != rowCells.count { return nil }
            for cell in rowCells {
                guard let node = parse(cell, depth: depth + 1) else { return nil }
                cells.append(node)
            }
            guard cells.count <= AnswerLimits.maxElements else { return nil }
        }
        if environment == "cases" { return .unordered(cells) }
        if environment == "vmatrix" { return Determinant.value(rows: rows.count, columns: columns, cells: cells) }
        return .matrix(rows: rows.count, columns: columns, cells)
    }

    // MARK: - Relations

    /// A lone symbol names the unknown: `x`, `x_1`, `f(x)`, `(p, q)`.
    private func isLoneSymbol(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        if range.count >= 3, tokens[range.lowerBound] == .bar, tokens[range.upperBound - 1] == .bar {
            // `|AB|`: a length named by its end points.
            return tokens[(range.lowerBound + 1)..<(range.upperBound - 1)].allSatisfy { token in
                if case .identifier = token { return true } else { return false }
            }
        }
        guard case .identifier = tokens[range.lowerBound] else {
            // A tuple of identifiers.
            guard range.count >= 3, tokens[range.lowerBound] == .open(UInt8(ascii: "(")),
                  tokens[range.upperBound - 1] == .close(UInt8(ascii: ")")) else { return false }
            return tokens[(range.lowerBound + 1)..<(range.upperBound - 1)].allSatisfy { token in
                if case .identifier = token { return true }
                return token == .separator
            }
        }
        if range.count == 1 { return true }
        // `f(x)`, `P(A)`: an identifier applied to a parenthesized argument.
        let next = range.lowerBound + 1
        guard tokens[next] == .open(UInt8(ascii: "(")),
              let closer = matchingCloser(from: next, in: range), closer == range.upperBound - 1 else {
            // Subscripted names such as `S_{MBCN}:S` are single identifiers already; products are not lone.
            return false
        }
        return true
    }

    /// A quantity named by points (`AB`, `\frac{NO}{BO}`, `|PQ|/QR`): capital single-letter names and the
    /// fraction, brace, bar and slash tokens around them, with at least one name. `AB = 4` then answers 4,
    /// as `x = 4` does; a lowercase product (`xy = 6`) stays an equation.
    private func namesQuantity(_ range: Range<Int>) -> Bool {
        var names = 0
        for token in tokens[range] {
            switch token {
            case .identifier(let name):
                guard let first = name.utf8.first, ByteClass.isUpper(first) else { return false }
                names += 1
            case .fraction, .open(UInt8(ascii: "{")), .close(UInt8(ascii: "}")), .bar, .symbol(UInt8(ascii: "/")):
                continue
            default:
                return false
            }
        }
        return names >= 1
    }

    private func parseRelation(_ range: Range<Int>, at positions: [Int], depth: Int) -> AnswerNode? {
        let parts = split(range, at: positions)
        guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        let operators: [RelationOperator] = positions.map {
            if case .relation(let op) = tokens[$0] { return op }
            return .equal
        }
        if operators.allSatisfy({ $0 == .equal }) {
            // A chain `a = b = c`: the last side is the result when it is constant.
            // A chain `a = b = c` ends in its result when the left side names an unknown (`x = 1+2 = 3`) or is
            // itself a computation (`2 + 2 = 4`); an equation in variables (`a + 3z = 0`) stays an equation.
            let leftIsUnknown = isLoneSymbol(parts[0]) || namesQuantity(parts[0])
            // (`i` counts as the imaginary unit here: `e^{i\pi} = -1`.)
            // (Parsed only when the left side does not name an unknown: `x = …` is the common case.)
            let leftIsComputation = !leftIsUnknown && (MathExpressionParser.parse(tokens, range: parts[0]).map {
                $0.variables.allSatisfy { $0 == "i" }
            } ?? true)
            if leftIsUnknown || leftIsComputation, let last = parts.last,
               let node = parse(last, depth: depth + 1), node.isConstant { return node }
            let keepsEquation = keepsSolvedEquations && parts[0].count == 1
            if parts.count == 2, leftIsUnknown, !keepsEquation { return parse(parts[1], depth: depth + 1) }
            guard let first = parts.first, let last = parts.last else { return nil }
            return relationNode(.equal, first, last)
        }
        if parts.count == 2 {
            return relationNode(operators[0], parts[0], parts[1])
        }
        if parts.count == 3, isLoneSymbol(parts[1]) {
            // `a < x ≤ b` is the interval (a, b].
            let ascending = operators.allSatisfy { $0 == .less || $0 == .lessOrEqual }
            let descending = operators.allSatisfy { $0 == .greater || $0 == .greaterOrEqual }
            guard ascending || descending,
                  let low = parseElement(parts[ascending ? 0 : 2], depth: depth + 1),
                  let high = parseElement(parts[ascending ? 2 : 0], depth: depth + 1),
                  low.isNumber, high.isNumber else { return nil }
            let lowStrict = ascending ? operators[0] == .less : operators[1] == .greater
            let highStrict = ascending ? operators[1] == .less : operators[0] == .greater
            return .ordered(open: lowStrict ? UInt8(ascii: "(") : UInt8(ascii: "["),
                            close: highStrict ? UInt8(ascii: ")") : UInt8(ascii: "]"), [low, high])
        }
        return nil
    }

    private func relationNode(_ op: RelationOperator, _ left: Range<Int>, _ right: Range<Int>) -> AnswerNode? {
        guard let lhs = MathExpressionParser.parse(tokens, range: left),
              let rhs = MathExpressionParser.parse(tokens, range: right) else { return nil }
        switch op {
        case .greater: return AnswerLeafBuilder.relation(.less, rhs, lhs)
        case .greaterOrEqual: return AnswerLeafBuilder.relation(.lessOrEqual, rhs, lhs)
        default: return AnswerLeafBuilder.relation(op, lhs, rhs)
        }
    }

    // MARK: - Times

    /// `h:mm`, `h:mm:ss`, optionally followed by am/pm.
    private func parseTime(_ range: Range<Int>) -> AnswerNode? {
        var parts: [Int] = []
        var position = range.lowerBound
        var meridiem: Bool?
        while position < range.upperBound {
            guard case .number(let literal) = tokens[position], !literal.isDecimal,
                  let value = literal.exact, value.isInteger else { return nil }
            if !parts.isEmpty && literal.integerDigits != 2 { return nil }
            parts.append(Int(value.numerator))
            position += 1
            if position < range.upperBound, tokens[position] == .colon { position += 1; continue }
            if position < range.upperBound, case .meridiem(let isPM) = tokens[position] {
                meridiem = isPM
                position += 1
            }
            break
        }
        guard position == range.upperBound, parts.count == 2 || parts.count == 3,
              parts[0] <= 24, parts[1] < 60, parts.count == 2 || parts[2] < 60 else { return nil }
        var hours = parts[0]
        if let isPM = meridiem {
            guard hours >= 1 && hours <= 12 else { return nil }
            if isPM && hours < 12 { hours += 12 }
            if !isPM && hours == 12 { hours = 0 }
        }
        return .time(seconds: hours * 3600 + parts[1] * 60 + (parts.count == 3 ? parts[2] : 0))
    }
}

extension AnswerStructureParser {
    /// The functions read by `commutativeCall`: commutative, associative and idempotent.
    private static let commutativeFunctions: Set<String> = ["\\max", "\\min", "\\gcd", "\\lcm"]

    /// `\max(y, x)`, `\min(z, y, x)`, `\gcd(y, y)`: `\max`, `\min`, `\gcd` or `\lcm` of arguments that are not
    /// all constants (constant ones were evaluated by the tokenizer) is a call whose arguments form a set:
    /// order does not matter (`\max(y, x)` = `\max(x, y)`), an argument equal to an earlier one (same key)
    /// counts once, a nested call of the same function is flattened into its arguments
    /// (`\max(\max(x, y), z)` = `\max(x, y, z)`), and a call left with one argument is that argument
    /// (`\max(x + y, y + x)` = `x + y`, `\gcd(y, y)` = `y`). Each argument must read as a number or an
    /// expression; nil (the answer reads as before, text) otherwise. Two simplifications come first:
    /// `\gcd`/`\lcm` of monomials are evaluated (`MonomialGCD`: `\gcd(x, y)` = 1), and a `\max`/`\min`
    /// argument dominated by another by a constant is dropped (`DominatedArguments`: `\max(y, y + 1)` = y + 1).
    fileprivate func commutativeCall(_ range: Range<Int>, depth: Int) -> AnswerNode? {
        guard range.count >= 4, classes[range.lowerBound] == .word,
              case .word(let name) = tokens[range.lowerBound], Self.commutativeFunctions.contains(name),
              tokens[range.lowerBound + 1] == .open(UInt8(ascii: "(")),
              tokens[range.upperBound - 1] == .close(UInt8(ascii: ")")),
              matchingCloser(from: range.lowerBound + 1, in: range) == range.upperBound - 1,
              depth < AnswerLimits.maxDepth else { return nil }
        let inside = (range.lowerBound + 2)..<(range.upperBound - 1)
        if name == "\\gcd" || name == "\\lcm", let value = monomialGcdOrLcm(inside, lcm: name == "\\lcm") {
            return value
        }
        guard let written = parseCollection(inside, depth: depth + 1) else { return nil }
        let function = String(name.dropFirst())
        var arguments: [AnswerNode] = []
        var keys = Set<String>()
        func add(_ argument: AnswerNode) {
            if keys.insert(AnswerKey.key(of: argument)).inserted { arguments.append(argument) }
        }
        for argument in written {
            switch argument {
            case .number, .expression, .complex: add(argument)
            case .call(let inner, let innerArguments) where inner == function: innerArguments.forEach(add)
            case .call: add(argument)
            default: return nil
            }
        }
        guard arguments.count <= AnswerLimits.maxElements else { return nil }
        if function == "max" || function == "min" {
            arguments = DominatedArguments.remaining(arguments, keepsLarger: function == "max")
        }
        return arguments.count == 1 ? arguments[0] : .call(function, arguments)
    }

    /// `\gcd(125, 50x)` = 25, `\lcm(2y, x)` = 2xy: the arguments read as monomials (`MonomialGCD`); nil when
    /// one is not (a nested call, a list, a non-monomial: the call then reads as a set of arguments).
    private func monomialGcdOrLcm(_ inside: Range<Int>, lcm: Bool) -> AnswerNode? {
        guard let separators = topLevelPositions(inside, where: { $0 == .separator }),
              separators.count < MonomialGCD.maxAtoms else { return nil }
        var arguments: [MathExpression] = []
        for part in split(inside, at: separators) {
            guard let argument = MathExpressionParser.parse(tokens, range: trimmed(part)) else { return nil }
            arguments.append(argument)
        }
        return MonomialGCD.value(of: arguments, lcm: lcm)
    }

    /// A union of finite sets is the merged set (`\{1,2\} \cup \{3\}` = `\{1,2,3\}`), each member once;
    /// nil when some member is not a finite set (intervals stay a union).
    static func mergedFiniteSets(_ members: [AnswerNode]) -> AnswerNode? {
        var merged: [AnswerNode] = []
        for member in members {
            guard case .unordered(let items) = member else { return nil }
            merged.append(contentsOf: items)
        }
        return .unordered(SetOperations.distinct(merged))
    }
}

extension AnswerStructureParser {
    /// A matrix written as a sum of numeric matrices of one size, each term optionally scaled by a constant
    /// written before it (`A + B`, `A - 2B`, `\frac12 A`, `-A`): the matrix of the sums. nil for anything else.
    fileprivate func parseMatrixSum(_ range: Range<Int>, depth: Int) -> AnswerNode? {
        guard contains(.beginEnvironment, in: range),
              let signs = topLevelPositions(range, where: { $0 == .plus || $0 == .minus })
        else { return nil }
        var total: (rows: Int, columns: Int, cells: [NumericLeaf])?
        for (index, part) in split(range, at: signs).enumerated() {
            if part.isEmpty {
                guard index == 0 else { return nil }  // only a leading sign may have nothing before it
                continue
            }
            let negative = index > 0 && tokens[signs[index - 1]] == .symbol(UInt8(ascii: "-"))
            guard let term = scaledMatrix(part, negative: negative, depth: depth) else { return nil }
            if let sum = total {
                guard sum.rows == term.rows, sum.columns == term.columns else { return nil }
                total = (sum.rows, sum.columns, zip(sum.cells, term.cells).map { NumericLeaf.sum($0, $1) })
            } else {
                total = term
            }
        }
        guard let total else { return nil }
        return .matrix(rows: total.rows, columns: total.columns, total.cells.map { .number($0) })
    }

    /// `c M` or `M`: a numeric matrix and the constant before it.
    private func scaledMatrix(_ range: Range<Int>, negative: Bool, depth: Int)
        -> (rows: Int, columns: Int, cells: [NumericLeaf])? {
        guard let start = range.firstIndex(where: { if case .beginEnvironment = tokens[$0] { return true } else { return false } }),
              matchingCloser(from: start, in: range) == range.upperBound - 1,
              case .matrix(let rows, let columns, let items)? = parseWrapped(start..<range.upperBound, depth: depth + 1)
        else { return nil }
        var scalarEnd = start
        if scalarEnd > range.lowerBound, tokens[scalarEnd - 1] == .symbol(UInt8(ascii: "*")) { scalarEnd -= 1 }
        var scale = NumericLeaf.exactly(Rational(negative ? -1 : 1))
        if scalarEnd > range.lowerBound {
            guard let expression = MathExpressionParser.parse(tokens, range: range.lowerBound..<scalarEnd),
                  expression.variables.isEmpty,
                  case .number(let leaf)? = AnswerLeafBuilder.leaf(for: expression) else { return nil }
            scale = NumericLeaf.product(scale, leaf)
        }
        var cells: [NumericLeaf] = []
        for item in items {
            guard case .number(let leaf) = item else { return nil }
            cells.append(NumericLeaf.product(scale, leaf))
        }
        return (rows, columns, cells)
    }
}

extension NumericLeaf {
    static func exactly(_ value: Rational) -> NumericLeaf {
        NumericLeaf(exact: value, value: value.doubleValue, writtenPrecision: nil, isPercent: false)
    }

    /// Exact while both sides are; the rounding tolerances add up (a sum's error is at most the sum of errors).
    static func sum(_ a: NumericLeaf, _ b: NumericLeaf) -> NumericLeaf {
        if let x = a.exact, let y = b.exact, let total = x.adding(y) {
            return NumericLeaf(exact: total, value: total.doubleValue, writtenPrecision: nil, isPercent: false,
                               roundingTolerance: a.roundingTolerance + b.roundingTolerance)
        }
        return NumericLeaf(exact: nil, value: a.value + b.value, writtenPrecision: nil, isPercent: false,
                           roundingTolerance: a.roundingTolerance + b.roundingTolerance)
    }

    static func product(_ a: NumericLeaf, _ b: NumericLeaf) -> NumericLeaf {
        let tolerance = abs(a.value) * b.roundingTolerance + abs(b.value) * a.roundingTolerance
        if let x = a.exact, let y = b.exact, let total = x.multiplying(y) {
            return NumericLeaf(exact: total, value: total.doubleValue, writtenPrecision: nil, isPercent: false,
                               roundingTolerance: tolerance)
        }
        return NumericLeaf(exact: nil, value: a.value * b.value, writtenPrecision: nil, isPercent: false,
                           roundingTolerance: tolerance)
    }
}
