/// Fixed evaluation points for expressions with free variables.
///
/// Two expressions are identified when they agree at all points (a randomized identity test with fixed,
/// non-special values: positive, irrational-looking, distinct per variable), which is deterministic and
/// makes polynomial and trigonometric identities collapse to the same key.
enum SamplePoints {
    private static let table: [[Double]] = [
        [0.5403023059, 1.3862943611, 0.7853981634, 1.7320508076, 0.6931471806, 1.2599210499, 0.8414709848, 1.6487212707],
        [1.1447298858, 0.3665129206, 1.5707963268, 0.9189385332, 1.4142135624, 0.5772156649, 1.2020569032, 0.4342944819],
        [0.8862269255, 1.6180339887, 0.6180339887, 1.0986122887, 0.3183098862, 1.3247179572, 0.7071067812, 1.9021130326],
    ]

    static var count: Int { table.count }

    /// Values of `variableCount` variables at point `point`.
    static func values(point: Int, variableCount: Int) -> [Double] {
        guard variableCount < prepared[point].count else { return computedValues(point: point, variableCount: variableCount) }
        return prepared[point][variableCount]
    }

    private static func computedValues(point: Int, variableCount: Int) -> [Double] {
        (0..<variableCount).map { index in
            table[point][index % 8] + 0.0937 * Double(index / 8)
        }
    }

    /// The values for every variable count an expression may have, built once: every sampled answer asks
    /// for them, and a fresh array per point and answer was a measurable share of grading.
    private static let prepared: [[[Double]]] = (0..<table.count).map { point in
        (0...(AnswerLimits.maxVariables + 1)).map { computedValues(point: point, variableCount: $0) }
    }
}
