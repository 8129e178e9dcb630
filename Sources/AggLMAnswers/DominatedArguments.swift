/// `\max(2y - y, y + 1)` = y + 1, `\min(x + 3, x - 1, y)` = `\min(x - 1, y)`: an argument of `\max` (`\min`)
/// that is below (above) another by a constant, the same at every sample point, can never be the result, so
/// it is dropped, as SymPy's `Max`/`Min` drop an argument whose difference with another is a known number.
/// Arguments whose difference varies (`\max(x, y)`, `\max(x, 2x)`: it depends on the sign of x) all stay.
enum DominatedArguments {
    static func remaining(_ arguments: [AnswerNode], keepsLarger: Bool) -> [AnswerNode] {
        arguments.indices.compactMap { index in
            let candidate = arguments[index]
            for (otherIndex, other) in arguments.enumerated() where otherIndex != index {
                guard let difference = constantDifference(other, candidate) else { continue }
                // Equal up to noise: the first one written stays.
                if difference == 0 { if otherIndex < index { return nil } else { continue } }
                if (difference > 0) == keepsLarger { return nil }
            }
            return candidate
        }
    }

    /// a − b when it is the same at every sample point (0 within floating-point noise); nil otherwise, or
    /// when the two are not functions of the same variables.
    private static func constantDifference(_ a: AnswerNode, _ b: AnswerNode) -> Double? {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            let difference = x.value - y.value
            return abs(difference) <= 1e-12 * max(1, abs(x.value), abs(y.value)) ? 0 : difference
        case (.expression(let variablesA, let samplesA, _), .expression(let variablesB, let samplesB, _)):
            guard variablesA == variablesB, samplesA.count == samplesB.count, !samplesA.isEmpty else { return nil }
            var first: Double?
            var scale = 1.0
            for (x, y) in zip(samplesA, samplesB) {
                guard x.isFinite, y.isFinite else { return nil }
                scale = max(scale, abs(x), abs(y))
                let difference = x - y
                if let first {
                    guard abs(difference - first) <= 1e-9 * scale else { return nil }
                } else {
                    first = difference
                }
            }
            guard let first else { return nil }
            return abs(first) <= 1e-9 * scale ? 0 : first
        default:
            return nil
        }
    }
}
