import AggLMAggregation
import AggLMAnswers

/// The features of one candidate that do not depend on the rest of the set
/// (`FeatureSchema.ownFeatureNames`), each scaled to roughly [-1, 2].
enum CandidateFeatures {
    /// - Parameter signals: `CandidateSignals` of `candidate.text` (read once by the caller, which
    ///   also keeps its numbers).
    static func own(_ candidate: PreparedCandidate, signals: CandidateSignals) -> [Float] {
        var x = [Float](repeating: 0, count: OwnFeature.allCases.count)
        x[.logLength] = log1p(signals.bytes) / 8
        x[.logLines] = log1p(signals.lines) / 5
        x[.logEquals] = log1p(signals.equals) / 4
        x[.logHedges] = log1p(signals.hedges) / 3
        x[.logCorrections] = log1p(signals.corrections) / 3
        x[.finalMarker] = signals.finalMarker ? 1 : 0
        x[.endsMidSentence] = signals.endsMidSentence ? 1 : 0
        if let answer = candidate.answer {
            x[formFeature(answer.canonical.form)] = 1
            x[.logAnswerLength] = log1p(answer.raw.utf8.count) / 4
            // No answer sent and no marker in the text: the reader fell back to the last number or math.
            let marked = signals.finalMarker || signals.answerLabel
            x[.fallbackAnswer] = candidate.providedAnswer == nil && !marked ? 1 : 0
        } else {
            x[.abstains] = 1
        }
        x[.logClaims] = log1p(signals.claims.checked) / 3
        if signals.claims.checked > 0 {
            x[.wrongClaimFraction] = Float(signals.claims.wrong) / Float(signals.claims.checked)
            x[.anyWrongClaim] = signals.claims.wrong > 0 ? 1 : 0
        }
        writeRewardScore(candidate.rewardScore, into: &x)
        if let confidence = candidate.confidence {
            x[.hasConfidence] = 1
            x[.meanLogprob] = logprob(confidence.meanLogprob)
            x[.lowestWindowLogprob] = logprob(confidence.lowestWindowLogprob)
            x[.tailLogprob] = logprob(confidence.tailMeanLogprob)
        }
        // Style marks: densities per byte, scaled so a typical text reads about 0..1.
        let bytes = Float(max(signals.bytes, 1))
        x[.backslashDensity] = min(Float(signals.style.backslashes) / bytes * 20, 2)
        x[.dollarDensity] = min(Float(signals.style.dollars) / bytes * 50, 2)
        x[.asteriskDensity] = min(Float(signals.style.asterisks) / bytes * 50, 2)
        x[.hashDensity] = min(Float(signals.style.hashMarks) / bytes * 100, 2)
        x[.commaDensity] = min(Float(signals.style.commas) / bytes * 20, 2)
        x[.logEscapedNewlines] = log1p(signals.style.escapedNewlines) / 4
        x[.boxed] = signals.style.boxedMarker ? 1 : 0
        x[.logInlineMath] = log1p(signals.style.inlineMathOpeners) / 3
        x[.logStepWords] = log1p(signals.style.stepWords) / 2
        x[.logTherefore] = log1p(signals.style.thereforeWords) / 2
        x[.codeFence] = signals.style.codeFence ? 1 : 0
        x[.startsWithBrace] = signals.style.startsWithBrace ? 1 : 0
        return x
    }

    /// The client-score columns (`has_reward_score`, `reward_score`) of `x`.
    static func writeRewardScore(_ score: Double?, into x: inout [Float]) {
        x[.hasRewardScore] = score == nil ? 0 : 1
        x[.rewardScore] = score.map { Float(min(max($0, -20), 20) / 5) } ?? 0
    }

    /// The one-hot column of an answer's form: integer, other number, expression-like, letter, anything else.
    static func formFeature(_ form: AnswerForm) -> OwnFeature {
        switch form {
        case .integer: .formInteger
        case .decimal, .fraction, .real, .ratio: .formNumber
        case .expression, .relation, .set, .tuple, .interval, .matrix: .formExpression
        case .letter: .formLetter
        case .time, .base, .text: .formOther
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
