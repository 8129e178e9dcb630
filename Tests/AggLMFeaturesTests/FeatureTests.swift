import AggLMSupport
import AggLMAggregation
import AggLMWire
import Testing
@testable import AggLMFeatures

func candidate(_ text: String, model: String = "m", answer: String? = nil, id: String = "c") -> Agglm_V1_Candidate {
    var candidate = Agglm_V1_Candidate()
    candidate.id = id
    candidate.model = model
    candidate.text = text
    if let answer { candidate.answer = answer }
    return candidate
}

func problem(_ candidates: [Agglm_V1_Candidate], gold: String = "4", id: String = "p") -> PreparedProblem {
    var problem = Agglm_V1_Problem()
    problem.id = id
    problem.gold = gold
    problem.candidates = candidates
    return PreparedProblem(problem)
}

@Suite struct CandidateSignalsTests {
    @Test func countsStructureAndWords() {
        let signals = CandidateSignals(text: "Maybe x = 2.\nWait, actually x = 3.\nThe final answer is \\boxed{3}")
        #expect(signals.lines == 3)
        #expect(signals.equals == 2)
        #expect(signals.hedges == 1)
        #expect(signals.corrections == 2)
        #expect(signals.finalMarker)
    }

    @Test func noMarkerWithoutOne() {
        #expect(!CandidateSignals(text: "x is 3").finalMarker)
        #expect(CandidateSignals(text: "so\n#### 3").finalMarker)
    }

    @Test func checksArithmeticClaims() {
        let right = CandidateSignals(text: "3 + 4 = 7 and 12*3=36 and 1,000 / 4 = 250")
        #expect(right.claims.checked == 3)
        #expect(right.claims.wrong == 0)
        let wrong = CandidateSignals(text: "She pays <<5*6=35>>35 dollars, then 10 - 4 = 6.")
        #expect(wrong.claims.checked == 2)
        #expect(wrong.claims.wrong == 1)
        #expect(CandidateSignals(text: "2 × 3 = 6").claims.checked == 1)
    }

    @Test func readsStyleMarks() {
        let json = CandidateSignals(text: "  {\"reasoning\": \"Step 1: \\(x\\) is $2$.\\nStep 2: **so** # therefore\", \"answer\": \"\\boxed{2}\"} ```")
        #expect(json.style.startsWithBrace)
        #expect(json.style.stepWords == 2)
        #expect(json.style.thereforeWords == 1)
        #expect(json.style.escapedNewlines == 1)
        #expect(json.style.inlineMathOpeners == 1)
        #expect(json.style.dollars == 2)
        #expect(json.style.asterisks == 4)
        #expect(json.style.hashMarks == 1)
        #expect(json.style.boxedMarker)
        #expect(json.style.codeFence)
        let plain = CandidateSignals(text: "x = 2, y = 3")
        #expect(!plain.style.startsWithBrace && !plain.style.codeFence && !plain.style.boxedMarker)
        #expect(plain.style.commas == 1 && plain.style.backslashes == 0)
    }

    @Test func collectsNumbersAndFindsThem() {
        let signals = CandidateSignals(text: "We get 1,000 apples, -3.5 pears, 7 and 7 again; total 12.")
        #expect(signals.numbers == [1000, 3.5, 7, 7, 12])
        #expect(CandidateSignals.mentions(-3.5, in: signals.numbers))
        #expect(CandidateSignals.mentions(1000, in: signals.numbers))
        #expect(!CandidateSignals.mentions(8, in: signals.numbers))
        #expect(!CandidateSignals.mentions(.nan, in: signals.numbers))
        #expect(!CandidateSignals.mentions(1, in: []))
    }

    @Test func numberTokensAreCapped() {
        let text = (0..<5000).map(String.init).joined(separator: " ")
        #expect(CandidateSignals(text: text).numbers.count == CandidateSignals.numberLimit)
    }

    /// Pinned behaviour of the one-pass scanner: digits do not end a word, a word at the very end counts,
    /// a claim broken by punctuation does not count, and the history keeps only the last five tokens.
    @Test func scannerEdgeCases() {
        #expect(CandidateSignals(text: "wa1it").corrections == 1)
        #expect(CandidateSignals(text: "so, perhaps").hedges == 1)
        #expect(CandidateSignals(text: "The final answer").finalMarker)
        #expect(!CandidateSignals(text: "answer final").finalMarker)
        #expect(CandidateSignals(text: "3 + 4 ( = 7").claims.checked == 0)
        let shifted = CandidateSignals(text: "1 + 2 + 3 = 5 and 9 - 1 = 8")
        #expect(shifted.claims.checked == 2)
        #expect(shifted.claims.wrong == 0)
        #expect(CandidateSignals(text: "").lines == 0)
        #expect(CandidateSignals(text: "a\nb").lines == 2)
    }

    @Test func boundedOnHugeText() {
        let text = String(repeating: "1+1=2 ", count: 50_000)
        let signals = CandidateSignals(text: text)
        #expect(signals.bytes == text.utf8.count)
        #expect(signals.claims.checked <= CandidateSignals.byteLimit / 6 + 1)
    }
}

@Suite struct VocabularyTests {
    @Test func unknownAndSortedIds() {
        let vocabulary = ModelVocabulary(names: ["b", "a", "b", ""])
        #expect(vocabulary.names == ["a", "b"])
        #expect(vocabulary.size == 3)
        #expect(vocabulary.id(of: "a") == 1)
        #expect(vocabulary.id(of: "b") == 2)
        #expect(vocabulary.id(of: "zzz") == ModelVocabulary.unknown)
        #expect(vocabulary.id(of: "") == ModelVocabulary.unknown)
    }
}

@Suite struct SetEncodingTests {
    static let raw = [
        candidate("The answer is 4.", model: "a", answer: "4", id: "c0"),
        candidate("Wait, maybe it is 5. The answer is 5.", model: "b", answer: "5", id: "c1"),
        candidate("Clearly 2 + 2 = 4 so the answer is 4.", model: "a", answer: "4", id: "c2"),
        candidate("no idea", model: "c", answer: "[invalid]", id: "c3"),
    ]
    let prepared = problem(Self.raw)

    @Test func shapesAndClusterFeatures() {
        let vocabulary = ModelVocabulary(names: ["a", "b"])
        let set = prepared.fullSet
        let encoding = SetEncoding(set: set, features: ProblemFeatures(prepared), vocabulary: vocabulary, anonymous: false)
        #expect(encoding.features.count == 4 * FeatureSchema.candidateFeatureCount)
        #expect(encoding.modelIds == [1, 2, 1, 0])
        #expect(encoding.clusterCount == 2)
        let g = FeatureSchema.clusterFeatureCount
        // Cluster 0 is "4" with 2 of 3 answers; cluster 1 is "5".
        #expect(abs(encoding.clusterFeatures[0] - 2.0 / 3) < 1e-6)
        #expect(encoding.clusterFeatures[2] == 1)
        #expect(encoding.clusterFeatures[g + 2] == 0)
        #expect(abs(encoding.clusterFeatures[6] - 0.25) < 1e-6)
        let anonymous = SetEncoding(set: set, features: ProblemFeatures(prepared), vocabulary: vocabulary, anonymous: true)
        #expect(anonymous.modelIds == [0, 0, 0, 0])
    }

    @Test func withinSetZScoresAreCentred() {
        let encoding = SetEncoding(set: prepared.fullSet, features: ProblemFeatures(prepared), vocabulary: ModelVocabulary(names: []), anonymous: false)
        let width = FeatureSchema.candidateFeatureCount
        let column = FeatureSchema.ownFeatureNames.count  // z-score of length
        let sum = (0..<4).map { encoding.features[$0 * width + column] }.reduce(0, +)
        #expect(abs(sum) < 1e-4)
    }

    @Test func duplicatingTheSetKeepsClusterFeatures() {
        let members = Array(prepared.candidates.indices)
        let doubled = Self.raw + Self.raw.map { c in
            var x = c
            x.id += "-copy"
            return x
        }
        let twice = problem(doubled)
        let single = ClusterFeatures.rows(for: CandidateSet(problem: prepared, members: members), features: ProblemFeatures(prepared))
        let double = ClusterFeatures.rows(for: twice.fullSet, features: ProblemFeatures(twice))
        #expect(single == double)
    }

    @Test func mentionFeaturesCountOtherCandidatesAndTheQuestion() {
        var wire = Agglm_V1_Problem()
        wire.id = "q"
        wire.question = "A box holds 5 red balls and some blue ones."
        wire.candidates = [
            candidate("5 red plus 7 blue is 12. The answer is 12.", answer: "12", id: "a"),
            candidate("5 red and 7 blue, so 5 + 7 = 12 but I say 7.", answer: "7", id: "b"),
            candidate("The answer is 5.", answer: "5", id: "c"),
            candidate("It is a color: blue.", answer: "blue", id: "d"),
        ]
        let prepared = PreparedProblem(wire)
        let set = prepared.fullSet
        let rows = ClusterFeatures.rows(for: set, features: ProblemFeatures(prepared))
        let g = FeatureSchema.clusterFeatureCount
        func row(of answer: String) -> ArraySlice<Float> {
            guard let index = set.clusters.firstIndex(where: { $0.representative == answer }) else {
                Issue.record("no cluster answers \(answer)")
                return rows[0..<g]
            }
            return rows[(index * g)..<(index * g + g)]
        }
        let names = FeatureSchema.clusterFeatureNames
        let numeric = names.firstIndex(of: "numeric_answer") ?? -1, mentioned = names.firstIndex(of: "mentioned_by_others") ?? -1
        let inQuestion = names.firstIndex(of: "in_question") ?? -1
        // "12" is written by b (1 of the 3 others); "7" by a (1 of 3); "5" by a and b (2 of 3) and the question.
        #expect(row(of: "12")[row(of: "12").startIndex + mentioned] == Float(1) / 3)
        #expect(row(of: "7")[row(of: "7").startIndex + mentioned] == Float(1) / 3)
        #expect(row(of: "5")[row(of: "5").startIndex + mentioned] == Float(2) / 3)
        #expect(row(of: "5")[row(of: "5").startIndex + inQuestion] == 1)
        #expect(row(of: "12")[row(of: "12").startIndex + inQuestion] == 0)
        #expect(row(of: "blue")[row(of: "blue").startIndex + numeric] == 0)
        #expect(row(of: "blue")[row(of: "blue").startIndex + mentioned] == 0)
    }

    @Test func cacheRecomputesWhenOnlyModelOrProvidedAnswerDiffers() {
        let cache = ProblemFeatureCache()
        let vocabulary = ModelVocabulary(names: ["a", "b"])
        let first = problem([candidate("x = 4", model: "a", answer: "4", id: "c0"), candidate("x = 5", model: "a", answer: "5", id: "c1")])
        let renamed = problem([candidate("x = 4", model: "b", answer: "4", id: "c0"), candidate("x = 5", model: "a", answer: "5", id: "c1")])
        let reanswered = problem([candidate("x = 4", model: "a", answer: "x", id: "c0"), candidate("x = 5", model: "a", answer: "5", id: "c1")])
        let encoded = cache.encoding(for: first.fullSet, vocabulary: vocabulary, anonymous: false)
        #expect(cache.encoding(for: first.fullSet, vocabulary: vocabulary, anonymous: false) == encoded)
        #expect(cache.encoding(for: renamed.fullSet, vocabulary: vocabulary, anonymous: false).modelIds != encoded.modelIds)
        #expect(cache.encoding(for: first.fullSet, vocabulary: vocabulary, anonymous: true).modelIds == [0, 0])
        let fresh = SetEncoding(set: reanswered.fullSet, features: ProblemFeatures(reanswered), vocabulary: vocabulary, anonymous: false)
        #expect(cache.encoding(for: reanswered.fullSet, vocabulary: vocabulary, anonymous: false) == fresh)
        #expect(fresh != encoded)
    }

    @Test func cacheRecomputesWhenTextsDiffer() {
        let cache = ProblemFeatureCache()
        let first = cache.features(for: prepared)
        let other = problem([candidate("Totally different, hedging maybe perhaps.", answer: "4", id: "c0")])
        let second = cache.features(for: other)
        #expect(first.own.count == 4)
        #expect(second.own.count == 1)
        #expect(second.own[0][3] > 0)
    }
}
