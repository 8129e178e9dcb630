import AggLMSupport
import AggLMAggregation
import AggLMWire
import Testing
@testable import AggLMFeatures

/// The columns that contrast a set's members with each other: how each answer was read, whether a text
/// stops mid-sentence, how differently a cluster's members word their solutions, and answer-form shares.
@Suite struct WithinSetContrastTests {
    static func words(_ count: Int, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in "w\(rng.next() % 100_000)" }.joined(separator: " ")
    }

    @Test func sketchSimilarityOfIdenticalDisjointAndEmptyTexts() {
        let a = ShingleSketch(text: Self.words(200, seed: 1))
        let b = ShingleSketch(text: Self.words(200, seed: 2))
        #expect(a.hashes.count == ShingleSketch.size)
        #expect(a.hashes == a.hashes.sorted())
        #expect(ShingleSketch.similarity(a, a) == 1)
        #expect(ShingleSketch.similarity(a, b) == 0)
        #expect(ShingleSketch.similarity(ShingleSketch(text: ""), ShingleSketch(text: "x y")) == 1)
        #expect(ShingleSketch.similarity(ShingleSketch(text: "a b"), a) == 0)
        // Case and punctuation do not make a text different.
        #expect(ShingleSketch(text: "The answer, is: 42 here") == ShingleSketch(text: "the ANSWER is 42 (here)"))
    }

    /// Property: the sketch estimate tracks the exact Jaccard similarity of the shingle sets.
    @Test func sketchEstimatesJaccardSimilarity() {
        var rng = SplitMix64(seed: 7)
        var worst: Float = 0
        for trial in 0..<40 {
            let shared = Int(rng.next() % 60), own = Int(rng.next() % 60) + 3
            // Texts joined from a shared run of words and a run of their own: the shingle sets overlap
            // in the shared run's shingles (exact Jaccard computed from the word windows).
            let common = Self.words(shared, seed: 1000 + UInt64(trial))
            let x = common + " " + Self.words(own, seed: 2000 + UInt64(trial))
            let y = common + " " + Self.words(own, seed: 3000 + UInt64(trial))
            let exact = Self.exactJaccard(x, y)
            let estimate = ShingleSketch.similarity(ShingleSketch(text: x), ShingleSketch(text: y))
            worst = max(worst, abs(estimate - exact))
        }
        // 64 hashes: a standard error of at most 0.0625; 40 trials stay within 4 of them.
        #expect(worst < 0.25, "largest error \(worst)")
    }

    /// Property: the streaming selection keeps exactly the `size` smallest distinct shingle hashes that
    /// hashing every shingle and sorting them all would keep (texts with many repeats included).
    @Test func sketchKeepsTheSmallestDistinctShingleHashes() {
        var rng = SplitMix64(seed: 5)
        for trial in 0..<50 {
            let vocabulary = Int(rng.next() % 40) + 2
            let text = (0..<Int(rng.next() % 400)).map { _ in "v\(rng.next() % UInt64(vocabulary))" }.joined(separator: trial % 2 == 0 ? " " : ", ")
            #expect(ShingleSketch(text: text).hashes == Self.referenceSketch(text), "trial \(trial)")
        }
    }

    static func referenceSketch(_ text: String) -> [UInt64] {
        var words: [UInt64] = []
        var word: UInt64?
        for byte in text.utf8.suffix(ShingleSketch.tailBytes) {
            if ShingleSketch.isWordByte(byte) {
                word = ShingleSketch.wordHashStep(word ?? ShingleSketch.wordHashOffset, byte)
            } else if let finished = word {
                words.append(finished)
                word = nil
            }
        }
        if let word { words.append(word) }
        guard words.count >= 3 else { return [] }
        let all = Set((2..<words.count).map { ShingleSketch.shingleHash(words[$0 - 2], words[$0 - 1], words[$0]) })
        return Array(all.sorted().prefix(ShingleSketch.size))
    }

    static func exactJaccard(_ x: String, _ y: String) -> Float {
        func shingles(_ text: String) -> Set<String> {
            let w = text.split(separator: " ").map(String.init)
            return w.count < 3 ? [] : Set((0...(w.count - 3)).map { w[$0..<($0 + 3)].joined(separator: " ") })
        }
        let a = shingles(x), b = shingles(y)
        return Float(a.intersection(b).count) / Float(a.union(b).count)
    }

    @Test func answerLabelsAndOpenEndings() {
        #expect(CandidateSignals(text: "So x is 4.\nAnswer: 4").answerLabel)
        #expect(CandidateSignals(text: "Q: what?\nA: 12").answerLabel)
        #expect(CandidateSignals(text: "{\"reasoning\": \"...\", \"answer\": \"4\"}").answerLabel)
        #expect(!CandidateSignals(text: "The answer depends on x, so x = 4").answerLabel)
        #expect(CandidateSignals(text: "Then we multiply both sides by").endsMidSentence)
        #expect(CandidateSignals(text: "so $x = \\frac{1}{").endsMidSentence)
        #expect(CandidateSignals(text: "x = 3,  \n").endsMidSentence)
        #expect(!CandidateSignals(text: "Thus $x = \\boxed{3}$.").endsMidSentence)
        #expect(!CandidateSignals(text: "The answer is 42").endsMidSentence)
        #expect(!CandidateSignals(text: "").endsMidSentence)
    }

    @Test func fallbackAnswerMarksAnswersReadWithoutAMarker() {
        let p = problem([
            candidate("We get 2 + 2 = 4, so the answer is 4.", id: "phrase"),
            candidate("Thus $x = \\boxed{4}$.", id: "boxed"),
            candidate("Adding, 2 + 2 = 4", id: "fallback"),
            candidate("Adding, 2 + 2 = 4", answer: "4", id: "provided"),
            candidate("no idea", id: "abstains"),
        ])
        let features = ProblemFeatures(p)
        #expect(features.own.map { $0[.fallbackAnswer] } == [0, 0, 1, 0, 0])
        #expect(features.own.map { $0[.abstains] } == [0, 0, 0, 0, 1])
    }

    static let cluster = [
        candidate("First add the two numbers: two plus two makes four. The answer is 4.", id: "a"),
        candidate("First add the two numbers: two plus two makes four. The answer is 4.", id: "a-copy"),
        candidate("Counting on from 2 by 2 more steps reaches 4, which is the answer. The answer is 4.", id: "b"),
        candidate("Doubling 2 gives 5 apparently. The answer is 5.", id: "c"),
        candidate("Five halves. The answer is 5/2.", id: "d"),
    ]

    func row(_ rows: [Float], cluster: Int) -> [Float] {
        let g = FeatureSchema.clusterFeatureCount
        return Array(rows[(cluster * g)..<(cluster * g + g)])
    }

    @Test func memberDiversityCountsDistinctTextsOnly() {
        let p = problem(Self.cluster)
        let set = p.fullSet
        let rows = ClusterFeatures.rows(for: set, features: ProblemFeatures(p))
        let four = row(rows, cluster: 0), five = row(rows, cluster: 1)
        #expect(set.clusters[0].members.count == 3)
        // Two distinct texts that share only "the answer is 4": far apart, but not at the maximum.
        let diversity = four[ClusterFeature.memberDiversity.column]
        #expect(diversity > 0.5 && diversity < 1)
        // One text (twice the same text counts once too).
        #expect(five[ClusterFeature.memberDiversity.column] == 0)
        let copies = problem([Self.cluster[0], Self.cluster[1]])
        let copyRows = ClusterFeatures.rows(for: copies.fullSet, features: ProblemFeatures(copies))
        #expect(copyRows[ClusterFeature.memberDiversity.column] == 0)
    }

    @Test func formShareIsTheShareOfAnswersOfTheClustersForm() throws {
        let p = problem(Self.cluster)
        let set = p.fullSet
        let rows = ClusterFeatures.rows(for: set, features: ProblemFeatures(p))
        // 4, 4, 4, 5 are integers, 5/2 a fraction.
        let fraction = try #require(set.clusters.firstIndex { $0.representative == "5/2" })
        #expect(abs(row(rows, cluster: 0)[ClusterFeature.formShare.column] - 0.8) < 1e-6)
        #expect(abs(row(rows, cluster: fraction)[ClusterFeature.formShare.column] - 0.2) < 1e-6)
    }

    /// Property: permuting the members permutes nothing in the cluster rows (they follow the canonical
    /// cluster order), for random sets drawn from the same texts.
    @Test func clusterRowsIgnoreMemberOrder() {
        let p = problem(Self.cluster)
        let features = ProblemFeatures(p)
        var rng = SplitMix64(seed: 3)
        let reference = ClusterFeatures.rows(for: CandidateSet(problem: p, members: Array(p.candidates.indices)), features: features)
        for _ in 0..<20 {
            var members = Array(p.candidates.indices)
            members.shuffle(using: &rng)
            #expect(ClusterFeatures.rows(for: CandidateSet(problem: p, members: members), features: features) == reference)
        }
    }
}
