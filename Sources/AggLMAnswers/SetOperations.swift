/// Intersections and differences of finite sets and intervals (`\{1,2\} \cap \{2,3\}` = `\{2\}`,
/// `[1,3] \cap [0,5]` = `[1,3]`, `\{1,2\} \setminus \{2\}` = `\{1\}`), and unions of intervals that
/// overlap or touch (`(0,2) \cup [2,3)` = `(0,3)`): each is read as the set it evaluates to, as a grader
/// with a set algebra (SymPy) does. Anything else (a variable end point, a difference that would cut an
/// interval in two) is left unread.
enum SetOperations {
    /// A real interval with numeric end points (infinite ones allowed).
    struct Interval {
        var low: AnswerNode, lowValue: Double, lowClosed: Bool
        var high: AnswerNode, highValue: Double, highClosed: Bool

        /// `(a, b)`, `[a, b)`, … with a < b (a ≤ b when both ends are closed); nil for anything else,
        /// including a pair of numbers written as a tuple with the larger first.
        init?(_ node: AnswerNode) {
            guard case .ordered(let open, let close, let items) = node, items.count == 2,
                  open == UInt8(ascii: "(") || open == UInt8(ascii: "["),
                  close == UInt8(ascii: ")") || close == UInt8(ascii: "]"),
                  case .number(let a) = items[0], case .number(let b) = items[1],
                  !a.value.isNaN, !b.value.isNaN else { return nil }
            low = items[0]; lowValue = a.value; lowClosed = open == UInt8(ascii: "[")
            high = items[1]; highValue = b.value; highClosed = close == UInt8(ascii: "]")
            guard lowValue < highValue || (lowValue == highValue && lowClosed && highClosed) else { return nil }
        }

        var node: AnswerNode {
            .ordered(open: UInt8(ascii: lowClosed ? "[" : "("), close: UInt8(ascii: highClosed ? "]" : ")"),
                     [low, high])
        }

        func contains(_ value: Double) -> Bool {
            (value > lowValue || (value == lowValue && lowClosed)) && (value < highValue || (value == highValue && highClosed))
        }
    }

    /// `a ∩ b`; nil when an operand is neither a finite set nor an interval, or an element is not a number
    /// where an interval needs one.
    static func intersection(_ a: AnswerNode, _ b: AnswerNode) -> AnswerNode? {
        switch (a, b) {
        case (.unordered(let left), .unordered(let right)):
            let keys = Set(right.map(AnswerKey.key(of:)))
            return .unordered(distinct(left.filter { keys.contains(AnswerKey.key(of: $0)) }))
        case (.unordered(let items), _):
            guard let interval = Interval(b) else { return nil }
            return members(items, inside: interval, keep: true)
        case (_, .unordered(let items)):
            guard let interval = Interval(a) else { return nil }
            return members(items, inside: interval, keep: true)
        default:
            guard var left = Interval(a), let right = Interval(b) else { return nil }
            if right.lowValue > left.lowValue || (right.lowValue == left.lowValue && !right.lowClosed) {
                left.low = right.low; left.lowValue = right.lowValue; left.lowClosed = right.lowClosed
            }
            if right.highValue < left.highValue || (right.highValue == left.highValue && !right.highClosed) {
                left.high = right.high; left.highValue = right.highValue; left.highClosed = right.highClosed
            }
            if left.lowValue < left.highValue || (left.lowValue == left.highValue && left.lowClosed && left.highClosed) {
                return left.lowValue == left.highValue ? .unordered([left.low]) : left.node
            }
            return .unordered([])
        }
    }

    /// `a \setminus b` for a finite set `a`, or an interval `a` minus finitely many numbers (`\mathbb{R}
    /// \setminus \{2\}` = `(-\infty, 2) \cup (2, \infty)`); nil otherwise.
    static func difference(_ a: AnswerNode, _ b: AnswerNode) -> AnswerNode? {
        if let interval = Interval(a), case .unordered(let points) = b { return removing(points, from: interval) }
        guard case .unordered(let items) = a else { return nil }
        if case .unordered(let removed) = b {
            let keys = Set(removed.map(AnswerKey.key(of:)))
            return .unordered(distinct(items.filter { !keys.contains(AnswerKey.key(of: $0)) }))
        }
        guard let interval = Interval(b) else { return nil }
        return members(items, inside: interval, keep: false)
    }

    /// The members of a union when its intervals overlap or touch, merged (`(0,2) \cup [2,3)` = `(0,3)`,
    /// `[1,2] \cup [2,4]` = `[1,4]`); nil when no two members merge or a member is not an interval, so that
    /// unions that were already disjoint keep their form.
    static func mergedIntervals(_ members: [AnswerNode]) -> AnswerNode? {
        var intervals: [Interval] = []
        for member in members {
            guard let interval = Interval(member) else { return nil }
            intervals.append(interval)
        }
        intervals.sort { $0.lowValue < $1.lowValue || ($0.lowValue == $1.lowValue && $0.lowClosed && !$1.lowClosed) }
        var merged: [Interval] = []
        for interval in intervals {
            guard var last = merged.last else { merged.append(interval); continue }
            let touches = interval.lowValue < last.highValue
                || (interval.lowValue == last.highValue && (interval.lowClosed || last.highClosed))
            guard touches else { merged.append(interval); continue }
            if interval.highValue > last.highValue || (interval.highValue == last.highValue && interval.highClosed) {
                last.high = interval.high; last.highValue = interval.highValue; last.highClosed = interval.highClosed
            }
            merged[merged.count - 1] = last
        }
        guard merged.count < intervals.count else { return nil }
        return merged.count == 1 ? merged[0].node : .union(merged.map(\.node))
    }

    /// `interval` cut at the numbers of `points` that lie in it: the pieces between them, each cut point
    /// left out.
    private static func removing(_ points: [AnswerNode], from interval: Interval) -> AnswerNode? {
        var cuts: [(node: AnswerNode, value: Double)] = []
        for point in points {
            guard case .number(let leaf) = point, leaf.value.isFinite else { return nil }
            if interval.contains(leaf.value) { cuts.append((point, leaf.value)) }
        }
        cuts.sort { $0.value < $1.value }
        var pieces: [AnswerNode] = []
        var low = (node: interval.low, value: interval.lowValue, closed: interval.lowClosed)
        for cut in cuts where cut.value != low.value || low.closed {
            if cut.value > low.value {
                pieces.append(.ordered(open: UInt8(ascii: low.closed ? "[" : "("), close: UInt8(ascii: ")"),
                                       [low.node, cut.node]))
            }
            low = (cut.node, cut.value, false)
        }
        if low.value < interval.highValue {
            pieces.append(.ordered(open: UInt8(ascii: low.closed ? "[" : "("),
                                   close: UInt8(ascii: interval.highClosed ? "]" : ")"), [low.node, interval.high]))
        } else if low.value == interval.highValue, low.closed, interval.highClosed {
            pieces.append(.unordered([low.node]))
        }
        if pieces.isEmpty { return .unordered([]) }
        return pieces.count == 1 ? pieces[0] : .union(pieces)
    }

    private static func members(_ items: [AnswerNode], inside interval: Interval, keep: Bool) -> AnswerNode? {
        var kept: [AnswerNode] = []
        for item in items {
            guard case .number(let leaf) = item, !leaf.value.isNaN else { return nil }
            if interval.contains(leaf.value) == keep { kept.append(item) }
        }
        return .unordered(distinct(kept))
    }

    /// `items` without repeats (equal keys), first occurrences in written order.
    static func distinct(_ items: [AnswerNode]) -> [AnswerNode] {
        var keys = Set<String>()
        return items.filter { keys.insert(AnswerKey.key(of: $0)).inserted }
    }
}
