/// `\begin{vmatrix} … \end{vmatrix}` is a determinant, not a matrix: a square matrix of exact rational
/// entries up to 3×3 reads as the number it evaluates to (`\begin{vmatrix} 1 & 2 \\ 3 & 4 \end{vmatrix}` =
/// -2); anything else stays unread (text), so a determinant never matches the matrix it is written with.
enum Determinant {
    static func value(rows: Int, columns: Int, cells: [AnswerNode]) -> AnswerNode? {
        guard rows == columns, rows >= 1, rows <= 3, cells.count == rows * columns else { return nil }
        var entries: [Rational] = []
        for cell in cells {
            guard case .number(let leaf) = cell, let exact = leaf.exact, !leaf.isPercent else { return nil }
            entries.append(exact)
        }
        func at(_ row: Int, _ column: Int) -> Rational { entries[row * columns + column] }
        func product(_ factors: Rational...) -> Rational? {
            var total = Rational.one
            for factor in factors { guard let next = total.multiplying(factor) else { return nil }; total = next }
            return total
        }
        var terms: [Rational?]
        switch rows {
        case 1: terms = [at(0, 0)]
        case 2: terms = [product(at(0, 0), at(1, 1)), product(at(0, 1), at(1, 0))?.negated()]
        default:
            terms = [product(at(0, 0), at(1, 1), at(2, 2)), product(at(0, 1), at(1, 2), at(2, 0)),
                     product(at(0, 2), at(1, 0), at(2, 1)), product(at(0, 2), at(1, 1), at(2, 0))?.negated(),
                     product(at(0, 0), at(1, 2), at(2, 1))?.negated(), product(at(0, 1), at(1, 0), at(2, 2))?.negated()]
        }
        var sum = Rational.zero
        for term in terms {
            guard let term, let next = sum.adding(term) else { return nil }
            sum = next
        }
        let literal = NumberLiteral.computed(sum)
        return AnswerLeafBuilder.leaf(for: .number(literal))
    }
}
