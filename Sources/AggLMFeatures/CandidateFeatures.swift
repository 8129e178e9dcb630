public import AggLMAggregation
import AggLMAnswers

/// The features of one candidate that do not depend on the rest of the set
/// (`FeatureSchema.ownFeatureNames`), each scaled to roughly [-1, 2].
public enum CandidateFeatures {
    /// - Parameter signals: `CandidateSignals` of `candidate.text` (read once by the caller, which
    ///   also keeps its numbers).
    public static func own(_ candidate: PreparedCandidate, signals: CandidateSignals) -> [Float] {
        var x = [Float](repeating: 0, count: FeatureSchema.ownFeatureNames.count)
        x[0] = log1p(signals.bytes) / 8
        x[1] = log1p(signals.lines) / 5
        x[2] = log1p(signals.equals) / 4
        x[3] = log1p(signals.hedges) / 3
        x[4] = log1p(signals.corrections) / 3
        x[5] = signals.finalMarker ? 1 : 0
        if let answer = candidate.answer {
            x[7 + formColumn(answer.canonical.form)] = 1
            x[21] = log1p(answer.raw.utf8.count) / 4
        } else {
            x[6] = 1
        }
        x[12] = log1p(signals.claims.checked) / 3
        if signals.claims.checked > 0 {
            x[13] = Float(signals.claims.wrong) / Float(signals.claims.checked)
            x[14] = signals.claims.wrong > 0 ? 1 : 0
        }
        writeRewardScore(candidate.rewardScore, into: &x)
        if let confidence = candidate.confidence {
            x[17] = 1
            x[18] = logprob(confidence.meanLogprob)
            x[19] = logprob(confidence.lowestWindowLogprob)
            x[20] = logprob(confidence.tailMeanLogprob)
        }
        // Style marks: densities per byte, scaled so a typical text reads about 0..1.
        let bytes = Float(max(signals.bytes, 1))
        x[22] = min(Float(signals.style.backslashes) / bytes * 20, 2)
        x[23] = min(Float(signals.style.dollars) / bytes * 50, 2)
        x[24] = min(Float(signals.style.asterisks) / bytes * 50, 2)
        x[25] = min(Float(signals.style.hashMarks) / bytes * 100, 2)
        x[26] = min(Float(signals.style.commas) / bytes * 20, 2)
        x[27] = log1p(signals.style.escapedNewlines) / 4
        x[28] = signals.style.boxedMarker ? 1 : 0
        x[29] = log1p(signals.style.inlineMathOpeners) / 3
        x[30] = log1p(signals.style.stepWords) / 2
        x[31] = log1p(signals.style.thereforeWords) / 2
        x[32] = signals.style.codeFence ? 1 : 0
        x[33] = signals.style.startsWithBrace ? 1 : 0
        return x
    }

    /// The client-score columns (`has_reward_score`, `reward_score`) of `x`.
    static func writeRewardScore(_ score: Double?, into x: inout [Float]) {
        x[15] = score == nil ? 0 : 1
        x[16] = score.map { Float(min(max($0, -20), 20) / 5) } ?? 0
    }

    /// 0 integer, 1 other number, 2 expression-like, 3 letter, 4 anything else.
    static func formColumn(_ form: AnswerForm) -> Int {
        switch form {
        case .integer: return 0
        case .decimal, .fraction, .real, .ratio: return 1
        case .expression, .relation, .set, .tuple, .interval, .matrix: return 2
        case .letter: return 3
        case .time, .base, .text: return 4
        }
    }

    /// A log-probability clamped to [-10, 0] and scaled to [-1, 0]; non-finite values read as 0.
    static func logprob(_ value: Double) -> Float {
        guard value.isFinite else { return 0 }
        return Float(min(max(value, -10), 0) / 10)
    }

    /// ln(1 + count) for a non-negative count.
    static func log1p(_ count: Int) -> Float {
        Float(FeatureMath.naturalLog(1 + Double(max(count, 0))))
    }
}
