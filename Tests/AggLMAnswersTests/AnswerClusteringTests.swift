import AggLMSupport
import AggLMAnswers
import Testing

@Suite struct AnswerClusteringTests {
    private func answers(_ raws: [String?]) -> [ExtractedAnswer?] {
        raws.map { raw in raw.flatMap { ExtractedAnswer(raw: $0) } }
    }

    @Test func groupsEquivalentForms() {
        let input = answers(["\\frac{1}{2}", "0.5", nil, "3", "1/2", "3", "0.5", "\\text{three}"])
        let clusters = AnswerClustering.clusters(of: input)
        #expect(clusters.map(\.members) == [[0, 1, 4, 6], [3, 5], [7]])
        #expect(clusters[0].representative == "0.5")
        #expect(clusters[1].representative == "3")
        #expect(!clusters.contains { $0.members.contains(2) })
    }

    /// Property: permuting the input only permutes member indices; duplicating it doubles the votes.
    @Test func orderIndependence() {
        let pool: [String?] = ["1/2", "0.5", "\\frac12", "2", "2.0", "x+1", "1+x", nil, "C", "(C)", "7", "07"]
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let count = 1 + Int(generator.next() % 20)
            let raws = (0..<count).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }
            let input = answers(raws)
            let base = AnswerClustering.clusters(of: input)

            let permutation = Array(input.indices).shuffled(using: &generator)
            let permuted = AnswerClustering.clusters(of: permutation.map { input[$0] })
            #expect(permuted.map(\.canonical.key) == base.map(\.canonical.key))
            #expect(permuted.map(\.representative) == base.map(\.representative))
            for (left, right) in zip(base, permuted) {
                #expect(left.members == right.members.map { permutation[$0] }.sorted())
                #expect(right.members == right.members.sorted())
            }

            let doubled = AnswerClustering.clusters(of: input + input)
            #expect(doubled.map(\.canonical.key) == base.map(\.canonical.key))
            #expect(doubled.map(\.members.count) == base.map { $0.members.count * 2 })
            #expect(doubled.map(\.representative) == base.map(\.representative))
        }
    }
}
